// The compiled dot-kernel.wat (wat2wasm 1.0.32). Rebuild after editing the .wat:
//   wat2wasm dot-kernel.wat -o /dev/stdout | base64 -w0
const wasm =
  'AGFzbQEAAAABHgNgBX9/f39/AGAJf39/f39/f399AGAGf39/f39/AAIPAQNlbnYGbWVtb3J5AgABAwYFAAECAAIHLwUGc2NvcmVzAAAHYmVzdF9pOAABBGRvdHMAAgdoYW1taW5nAAMHZG90c19pOAAECqEJBbkCAgR/BHsgA0ECdCEHIAEhCAJAA0AgBSACTw0B/QwAAAAAAAAAAAAAAAAAAAAAIQn9DAAAAAAAAAAAAAAAAAAAAAAhCv0MAAAAAAAAAAAAAAAAAAAAACEL/QwAAAAAAAAAAAAAAAAAAAAAIQxBACEGA0AgCSAAIAZq/QAEACAIIAZq/QAEAP3mAf3kASEJIAogACAGav0ABBAgCCAGav0ABBD95gH95AEhCiALIAAgBmr9AAQgIAggBmr9AAQg/eYB/eQBIQsgDCAAIAZq/QAEMCAIIAZq/QAEMP3mAf3kASEMIAZBwABqIQYgBiAHSQ0ACyAJIAr95AEgCyAM/eQB/eQBIQkgBCAFQQJ0aiAJ/R8AIAn9HwGSIAn9HwIgCf0fA5KSOAIAIAggB2ohCCAFQQFqIQUMAAsLC/kBAwR/AX0DeyABIQsCQANAIAkgAk8NASAFIAlBAnRqKAIAIQwgDEEATgRA/QwAAAAAAAAAAAAAAAAAAAAAIRBBACEKA0AgACAKav0ABAAhDiALIApq/QAEACEPIBAgDv2HASAP/YcB/boB/a4BIRAgECAO/YgBIA/9iAH9ugH9rgEhECAKQRBqIQogCiADSQ0ACyAQ/RsAIBD9GwFqIBD9GwIgEP0bA2pqsiAIlCAEIAlBAnRqKgIAlCENIA0gBiAMQQJ0aioCAF4EQCAGIAxBAnRqIA04AgAgByAMQQJ0aiAJNgIACwsgCyADaiELIAlBAWohCQwACwsLwQICBH8EeyAEQQJ0IQgCQANAIAYgA08NASABIAIgBkECdGooAgAgCGxqIQn9DAAAAAAAAAAAAAAAAAAAAAAhCv0MAAAAAAAAAAAAAAAAAAAAACEL/QwAAAAAAAAAAAAAAAAAAAAAIQz9DAAAAAAAAAAAAAAAAAAAAAAhDUEAIQcDQCAKIAAgB2r9AAQAIAkgB2r9AAQA/eYB/eQBIQogCyAAIAdq/QAEECAJIAdq/QAEEP3mAf3kASELIAwgACAHav0ABCAgCSAHav0ABCD95gH95AEhDCANIAAgB2r9AAQwIAkgB2r9AAQw/eYB/eQBIQ0gB0HAAGohByAHIAhJDQALIAogC/3kASAMIA395AH95AEhCiAFIAZBAnRqIAr9HwAgCv0fAZIgCv0fAiAK/R8DkpI4AgAgBkEBaiEGDAALCwtsAgR/AX4gA0EDdCEIIAEhBwJAA0AgBSACTw0BQgAhCUEAIQYDQCAJIAAgBmopAwAgByAGaikDAIV7fCEJIAZBCGohBiAGIAhJDQALIAQgBUECdGogCac2AgAgByAIaiEHIAVBAWohBQwACwsLuAECA38DewJAA0AgBiADTw0BIAEgAiAGQQJ0aigCACAEbGohCP0MAAAAAAAAAAAAAAAAAAAAACELQQAhBwNAIAAgB2r9AAQAIQkgCCAHav0ABAAhCiALIAn9hwEgCv2HAf26Af2uASELIAsgCf2IASAK/YgB/boB/a4BIQsgB0EQaiEHIAcgBEkNAAsgBSAGQQJ0aiAL/RsAIAv9GwFqIAv9GwIgC/0bA2pqNgIAIAZBAWohBgwACwsL';

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

/**
 * The int8 scan folded with each owner's best row: best[owner] and bestRow[owner] (float32 and
 * int32 arrays at byte offsets, indexed by the int32 owners[r]; negative marks a hole) rise to the
 * rows whose product × queryFactor × factors[r] beats them.
 */
export type BestFunction = (
  query: number,
  matrix: number,
  rows: number,
  dims: number,
  factors: number,
  owners: number,
  best: number,
  bestRow: number,
  queryFactor: number,
) => void;

/** out[r] = bits that differ between the query's sign code and row r's (`words` int64 a row). */
export type HammingFunction = (
  query: number,
  codes: number,
  rows: number,
  words: number,
  out: number,
) => void;

/** out[i] = dot(query, row list[i]) over float32 rows (int32 over int8 rows, dots_i8); list
 * holds int32 row numbers. */
export type DotsFunction = (
  query: number,
  matrix: number,
  list: number,
  count: number,
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
