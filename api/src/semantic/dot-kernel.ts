// The compiled dot-kernel.wat (wat2wasm 1.0.32). Rebuild after editing the .wat:
//   wat2wasm dot-kernel.wat -o /dev/stdout | base64 -w0
const wasm =
  'AGFzbQEAAAABCQFgBX9/f39/AAIPAQNlbnYGbWVtb3J5AgABAwIBAAcKAQZzY29yZXMAAAq8AgG5AgIEfwR7IANBAnQhByABIQgCQANAIAUgAk8NAf0MAAAAAAAAAAAAAAAAAAAAACEJ/QwAAAAAAAAAAAAAAAAAAAAAIQr9DAAAAAAAAAAAAAAAAAAAAAAhC/0MAAAAAAAAAAAAAAAAAAAAACEMQQAhBgNAIAkgACAGav0ABAAgCCAGav0ABAD95gH95AEhCSAKIAAgBmr9AAQQIAggBmr9AAQQ/eYB/eQBIQogCyAAIAZq/QAEICAIIAZq/QAEIP3mAf3kASELIAwgACAGav0ABDAgCCAGav0ABDD95gH95AEhDCAGQcAAaiEGIAYgB0kNAAsgCSAK/eQBIAsgDP3kAf3kASEJIAQgBUECdGogCf0fACAJ/R8BkiAJ/R8CIAn9HwOSkjgCACAIIAdqIQggBUEBaiEFDAALCws=';

// The project's TypeScript libraries (ES2023, @types/node 20) do not declare WebAssembly's
// constructors, so the few this module needs are typed here.
export interface WasmMemory {
  readonly buffer: ArrayBuffer;
  grow(pages: number): number;
}
export interface WasmApi {
  Module: new (bytes: Uint8Array) => object;
  Memory: new (descriptor: { initial: number }) => WasmMemory;
  Instance: new (module: object, imports: object) => { exports: Record<string, unknown> };
}
export const wasmApi: WasmApi | undefined = (globalThis as unknown as { WebAssembly?: WasmApi })
  .WebAssembly;

/** The scan: scores[r] = dot(query, row r); all arguments are byte offsets and counts. */
export type ScoresFunction = (
  query: number,
  matrix: number,
  rows: number,
  dims: number,
  out: number,
) => void;

let compiled: object | undefined;

/** The SIMD scan kernel, compiled once per process; undefined where WebAssembly SIMD is missing. */
export function dotKernel(): object | undefined {
  if (compiled || !wasmApi) return compiled;
  try {
    compiled = new wasmApi.Module(Buffer.from(wasm, 'base64'));
  } catch {
    return undefined;
  }
  return compiled;
}
