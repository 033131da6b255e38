// The compiled dot-kernel.wat (wat2wasm 1.0.32). Rebuild after editing the .wat:
//   wat2wasm dot-kernel.wat -o /dev/stdout | base64 -w0
const wasm =
  'AGFzbQEAAAABCQFgBX9/f39/AAIPAQNlbnYGbWVtb3J5AgABAwMCAAAHFgIGc2NvcmVzAAAJc2NvcmVzX2k4AAEK7gMCuQICBH8EeyADQQJ0IQcgASEIAkADQCAFIAJPDQH9DAAAAAAAAAAAAAAAAAAAAAAhCf0MAAAAAAAAAAAAAAAAAAAAACEK/QwAAAAAAAAAAAAAAAAAAAAAIQv9DAAAAAAAAAAAAAAAAAAAAAAhDEEAIQYDQCAJIAAgBmr9AAQAIAggBmr9AAQA/eYB/eQBIQkgCiAAIAZq/QAEECAIIAZq/QAEEP3mAf3kASEKIAsgACAGav0ABCAgCCAGav0ABCD95gH95AEhCyAMIAAgBmr9AAQwIAggBmr9AAQw/eYB/eQBIQwgBkHAAGohBiAGIAdJDQALIAkgCv3kASALIAz95AH95AEhCSAEIAVBAnRqIAn9HwAgCf0fAZIgCf0fAiAJ/R8DkpI4AgAgCCAHaiEIIAVBAWohBQwACwsLsAECA38DeyABIQcCQANAIAUgAk8NAf0MAAAAAAAAAAAAAAAAAAAAACEKQQAhBgNAIAAgBmr9AAQAIQggByAGav0ABAAhCSAKIAj9hwEgCf2HAf26Af2uASEKIAogCP2IASAJ/YgB/boB/a4BIQogBkEQaiEGIAYgA0kNAAsgBCAFQQJ0aiAK/RsAIAr9GwFqIAr9GwIgCv0bA2pqNgIAIAcgA2ohByAFQQFqIQUMAAsLCw==';

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

/** A scan: out[r] = dot(query, row r); all arguments are byte offsets and counts. */
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
