// A cosine index over L2-normalised vectors, for the embedded engine and the matcher. Every vector
// belongs to an owner (an expert, a problem) and carries a ref (which publication, which chunk);
// an owner scores as its best vector, so an expert is found by the one paper that fits, not by
// the average of all of them. A scan reads every row: int8 codes in WebAssembly memory through a
// SIMD kernel (dot-kernel.wat), then the best owners are re-scored exactly from float32 rows, so
// the scores returned are exact cosines. At 1.4·10⁵ vectors of 512 dims a scan is ~10 ms here
// (bench/embed.ts); float32 SIMD and plain JS are the fallbacks.

import { dotKernel, wasmApi, type ScoresFunction } from './dot-kernel.js';

export interface VectorItem {
  ref: string;
  vector: Float32Array;
}

export interface OwnerHit {
  owner: string;
  score: number;
  /** The ref of the owner's vector that matched best. */
  ref: string;
}

export interface VectorIndex {
  readonly dims: number;
  /** Live vectors. */
  readonly size: number;
  readonly owners: number;
  /** Replaces every vector of the owner. */
  upsert(owner: string, items: readonly VectorItem[]): void;
  remove(owner: string): void;
  has(owner: string): boolean;
  /** The owner's vectors (copies), in the order they were given. */
  itemsOf(owner: string): VectorItem[];
  /**
   * The k owners whose best vector is nearest to any of the query vectors (cosine), best first.
   * `accept` filters owners (eligible experts, open problems).
   */
  search(
    queries: readonly Float32Array[],
    k: number,
    accept?: (owner: string) => boolean,
  ): OwnerHit[];
  /** Exact scores of the named owners (those without vectors are left out). */
  scoreOwners(queries: readonly Float32Array[], owners: readonly string[]): Map<string, OwnerHit>;
}

export function dot(a: Float32Array, b: Float32Array, bOffset = 0): number {
  const n = a.length;
  let s0 = 0;
  let s1 = 0;
  let s2 = 0;
  let s3 = 0;
  let i = 0;
  for (; i + 3 < n; i += 4) {
    s0 += (a[i] ?? 0) * (b[bOffset + i] ?? 0);
    s1 += (a[i + 1] ?? 0) * (b[bOffset + i + 1] ?? 0);
    s2 += (a[i + 2] ?? 0) * (b[bOffset + i + 2] ?? 0);
    s3 += (a[i + 3] ?? 0) * (b[bOffset + i + 3] ?? 0);
  }
  for (; i < n; i++) s0 += (a[i] ?? 0) * (b[bOffset + i] ?? 0);
  return s0 + s1 + s2 + s3;
}

/** Best cosine between any query vector and any candidate vector, with the candidate's index. */
export function bestMatch(
  queries: readonly Float32Array[],
  candidates: readonly Float32Array[],
): { score: number; index: number } {
  let score = -Infinity;
  let index = -1;
  candidates.forEach((c, i) => {
    for (const q of queries) {
      const s = dot(q, c);
      if (s > score) {
        score = s;
        index = i;
      }
    }
  });
  return { score: index < 0 ? 0 : score, index };
}

interface Storage {
  /** Row-major float vectors, exact; replaced when the storage grows, so never kept across a grow. */
  matrix: Float32Array;
  capacity: number;
  /** Scores are approximate (int8): the index re-scores its top owners exactly. */
  approximate: boolean;
  grow(rows: number): void;
  write(row: number, vector: Float32Array): void;
  move(to: number, from: number): void;
  /** scores[r] = dot(query, row r) for the first `rows` rows. */
  scan(query: Float32Array, rows: number): Float32Array;
}

function growCapacity(current: number, rows: number): number {
  let capacity = current;
  while (capacity < rows) capacity *= 2;
  return capacity;
}

function jsStorage(dims: number, initialRows: number): Storage {
  let scores = new Float32Array(initialRows);
  const storage: Storage = {
    matrix: new Float32Array(initialRows * dims),
    capacity: initialRows,
    approximate: false,
    grow(rows) {
      if (rows <= storage.capacity) return;
      const capacity = growCapacity(storage.capacity, rows);
      const m = new Float32Array(capacity * dims);
      m.set(storage.matrix);
      storage.matrix = m;
      storage.capacity = capacity;
      scores = new Float32Array(capacity);
    },
    write(row, vector) {
      storage.matrix.set(vector, row * dims);
    },
    move(to, from) {
      storage.matrix.copyWithin(to * dims, from * dims, (from + 1) * dims);
    },
    scan(query, rows) {
      for (let r = 0; r < rows; r++) scores[r] = dot(query, storage.matrix, r * dims);
      return scores.subarray(0, rows);
    },
  };
  return storage;
}

const page = 65_536;

function wasmStorage(kernel: object, dims: number, initialRows: number): Storage | undefined {
  if (!wasmApi) return undefined;
  const rowBytes = dims * 4;
  const queryAt = 0;
  const matrixAt = Math.ceil(rowBytes / 16) * 16;
  const bytesFor = (capacity: number) => matrixAt + capacity * rowBytes + capacity * 4;
  const memory = new wasmApi.Memory({ initial: Math.ceil(bytesFor(initialRows) / page) });
  const instance = new wasmApi.Instance(kernel, { env: { memory } });
  const scores = instance.exports.scores as ScoresFunction;
  const storage: Storage = {
    matrix: new Float32Array(memory.buffer, matrixAt, initialRows * dims),
    capacity: initialRows,
    approximate: false,
    grow(rows) {
      if (rows <= storage.capacity) return;
      const capacity = growCapacity(storage.capacity, rows);
      // The matrix stays where it is and extends; the scores area moves to the new end.
      const needed = Math.ceil(bytesFor(capacity) / page) - memory.buffer.byteLength / page;
      if (needed > 0) memory.grow(needed);
      storage.capacity = capacity;
      storage.matrix = new Float32Array(memory.buffer, matrixAt, capacity * dims);
    },
    write(row, vector) {
      storage.matrix.set(vector, row * dims);
    },
    move(to, from) {
      storage.matrix.copyWithin(to * dims, from * dims, (from + 1) * dims);
    },
    scan(query, rows) {
      new Float32Array(memory.buffer, queryAt, dims).set(query);
      const out = matrixAt + storage.capacity * rowBytes;
      scores(queryAt, matrixAt, rows, dims, out);
      return new Float32Array(memory.buffer, out, rows);
    },
  };
  return storage;
}

/** Symmetric int8 codes of a vector and the factor that turns code products back into floats. */
function quantise(vector: Float32Array, into: Int8Array, at: number): number {
  let max = 0;
  for (const x of vector) max = Math.max(max, Math.abs(x));
  const scale = max > 0 ? 127 / max : 0;
  for (let i = 0; i < vector.length; i++) into[at + i] = Math.round((vector[i] ?? 0) * scale);
  return scale > 0 ? 1 / scale : 0;
}

// The scan over int8 codes: a quarter of the memory traffic of float32 and twice the products per
// SIMD instruction. Codes cost about 1 % of a cosine, so the index re-scores its best owners
// exactly from the float rows, which live in ordinary memory beside the codes.
function int8Storage(kernel: object, dims: number, initialRows: number): Storage | undefined {
  if (!wasmApi) return undefined;
  const queryAt = 0;
  const matrixAt = Math.ceil(dims / 16) * 16;
  const bytesFor = (capacity: number) => matrixAt + capacity * dims + capacity * 4;
  const memory = new wasmApi.Memory({ initial: Math.ceil(bytesFor(initialRows) / page) });
  const instance = new wasmApi.Instance(kernel, { env: { memory } });
  const scoresI8 = instance.exports.scores_i8 as ScoresFunction;
  let codes = new Int8Array(memory.buffer, matrixAt, initialRows * dims);
  let factors = new Float32Array(initialRows);
  let scores = new Float32Array(initialRows);
  const storage: Storage = {
    matrix: new Float32Array(initialRows * dims),
    capacity: initialRows,
    approximate: true,
    grow(rows) {
      if (rows <= storage.capacity) return;
      const capacity = growCapacity(storage.capacity, rows);
      const needed = Math.ceil(bytesFor(capacity) / page) - memory.buffer.byteLength / page;
      if (needed > 0) memory.grow(needed);
      codes = new Int8Array(memory.buffer, matrixAt, capacity * dims);
      const m = new Float32Array(capacity * dims);
      m.set(storage.matrix);
      storage.matrix = m;
      const f = new Float32Array(capacity);
      f.set(factors);
      factors = f;
      scores = new Float32Array(capacity);
      storage.capacity = capacity;
    },
    write(row, vector) {
      storage.matrix.set(vector, row * dims);
      factors[row] = quantise(vector, codes, row * dims);
    },
    move(to, from) {
      storage.matrix.copyWithin(to * dims, from * dims, (from + 1) * dims);
      codes.copyWithin(to * dims, from * dims, (from + 1) * dims);
      factors[to] = factors[from] ?? 0;
    },
    scan(query, rows) {
      const queryCodes = new Int8Array(memory.buffer, queryAt, dims);
      const queryFactor = quantise(query, queryCodes, 0);
      const out = matrixAt + storage.capacity * dims;
      scoresI8(queryAt, matrixAt, rows, dims, out);
      const products = new Int32Array(memory.buffer, out, rows);
      for (let r = 0; r < rows; r++) {
        scores[r] = (products[r] ?? 0) * queryFactor * (factors[r] ?? 0);
      }
      return scores.subarray(0, rows);
    },
  };
  return storage;
}

export interface VectorIndexOptions {
  /** Scan with the WebAssembly SIMD kernel (default true, where dims is a multiple of 16). */
  simd?: boolean;
  /** With SIMD, scan int8 codes and re-score the best owners exactly (default true). */
  int8?: boolean;
}

export function createVectorIndex(
  dims: number,
  initialRows = 1024,
  options: VectorIndexOptions = {},
): VectorIndex {
  const kernel = options.simd === false || dims % 16 !== 0 ? undefined : dotKernel();
  const storage =
    (kernel &&
      (options.int8 === false
        ? wasmStorage(kernel, dims, initialRows)
        : int8Storage(kernel, dims, initialRows))) ??
    jsStorage(dims, initialRows);
  let rowOwner = new Int32Array(initialRows).fill(-1);
  let rowRef: string[] = [];
  let rows = 0;
  let live = 0;
  const ownerIds: string[] = [];
  const ownerOrdinal = new Map<string, number>();
  const ownerRows = new Map<number, number[]>();
  const freeOrdinals: number[] = [];

  function grow(needed: number) {
    if (needed <= rowOwner.length) return;
    storage.grow(needed);
    const o = new Int32Array(storage.capacity).fill(-1);
    o.set(rowOwner.subarray(0, rows));
    rowOwner = o;
  }

  // Dropped rows stay as holes until they are a quarter of the matrix, then the matrix is packed.
  function compact() {
    let to = 0;
    const refs: string[] = [];
    for (const list of ownerRows.values()) list.length = 0;
    for (let from = 0; from < rows; from++) {
      const owner = rowOwner[from] ?? -1;
      if (owner < 0) continue;
      if (to !== from) storage.move(to, from);
      rowOwner[to] = owner;
      refs[to] = rowRef[from] ?? '';
      ownerRows.get(owner)?.push(to);
      to++;
    }
    rowOwner.fill(-1, to, rows);
    rows = to;
    rowRef = refs;
  }

  function remove(owner: string) {
    const ordinal = ownerOrdinal.get(owner);
    if (ordinal === undefined) return;
    for (const row of ownerRows.get(ordinal) ?? []) rowOwner[row] = -1;
    live -= ownerRows.get(ordinal)?.length ?? 0;
    ownerRows.delete(ordinal);
    ownerOrdinal.delete(owner);
    freeOrdinals.push(ordinal);
    if (rows > 1024 && rows - live > rows / 4) compact();
  }

  function scoreRows(queries: readonly Float32Array[], best: Float32Array, bestRow: Int32Array) {
    for (const q of queries) {
      const scores = storage.scan(q, rows);
      for (let row = 0; row < rows; row++) {
        const owner = rowOwner[row] ?? -1;
        if (owner < 0) continue;
        const s = scores[row] ?? 0;
        if (s > (best[owner] ?? Infinity)) {
          best[owner] = s;
          bestRow[owner] = row;
        }
      }
    }
  }

  return {
    dims,
    get size() {
      return live;
    },
    get owners() {
      return ownerOrdinal.size;
    },
    has: (owner) => ownerOrdinal.has(owner),
    itemsOf(owner) {
      const ordinal = ownerOrdinal.get(owner);
      if (ordinal === undefined) return [];
      return (ownerRows.get(ordinal) ?? []).map((row) => ({
        ref: rowRef[row] ?? '',
        vector: storage.matrix.slice(row * dims, (row + 1) * dims),
      }));
    },
    upsert(owner, items) {
      remove(owner);
      if (items.length === 0) return;
      for (const item of items) {
        if (item.vector.length !== dims)
          throw new Error(`vector of ${item.vector.length} dimensions in an index of ${dims}`);
      }
      let ordinal = freeOrdinals.pop();
      if (ordinal === undefined) {
        ordinal = ownerIds.length;
        ownerIds.push(owner);
      } else ownerIds[ordinal] = owner;
      ownerOrdinal.set(owner, ordinal);
      grow(rows + items.length);
      const list: number[] = [];
      for (const item of items) {
        storage.write(rows, item.vector);
        rowOwner[rows] = ordinal;
        rowRef[rows] = item.ref;
        list.push(rows);
        rows++;
      }
      ownerRows.set(ordinal, list);
      live += items.length;
    },
    remove,
    search(queries, k, accept) {
      if (queries.length === 0 || k <= 0) return [];
      // Approximate scores pick a wider set, which is then re-scored exactly.
      const keep = storage.approximate ? k * 2 + 16 : k;
      const best = new Float32Array(ownerIds.length).fill(-Infinity);
      const bestRow = new Int32Array(ownerIds.length).fill(-1);
      scoreRows(queries, best, bestRow);
      // A bounded min-heap of the k best owners seen (ordinals, keyed by score).
      const heap: number[] = [];
      const less = (a: number, b: number) => (best[a] ?? 0) < (best[b] ?? 0);
      const up = (i: number) => {
        while (i > 0) {
          const p = (i - 1) >> 1;
          if (!less(heap[i] ?? 0, heap[p] ?? 0)) break;
          [heap[i], heap[p]] = [heap[p] ?? 0, heap[i] ?? 0];
          i = p;
        }
      };
      const down = (i: number) => {
        for (;;) {
          const l = 2 * i + 1;
          const r = l + 1;
          let m = i;
          if (l < heap.length && less(heap[l] ?? 0, heap[m] ?? 0)) m = l;
          if (r < heap.length && less(heap[r] ?? 0, heap[m] ?? 0)) m = r;
          if (m === i) break;
          [heap[i], heap[m]] = [heap[m] ?? 0, heap[i] ?? 0];
          i = m;
        }
      };
      for (let ordinal = 0; ordinal < ownerIds.length; ordinal++) {
        if ((bestRow[ordinal] ?? -1) < 0) continue;
        if (heap.length === keep && (best[ordinal] ?? 0) <= (best[heap[0] ?? 0] ?? 0)) continue;
        if (accept && !accept(ownerIds[ordinal] ?? '')) continue;
        if (heap.length < keep) {
          heap.push(ordinal);
          up(heap.length - 1);
        } else {
          heap[0] = ordinal;
          down(0);
        }
      }
      if (storage.approximate) {
        const exact = [
          ...exactScores(
            queries,
            heap.map((o) => ownerIds[o] ?? ''),
          ).values(),
        ];
        return exact.sort((a, b) => b.score - a.score).slice(0, k);
      }
      return heap
        .sort((a, b) => (best[b] ?? 0) - (best[a] ?? 0))
        .map((ordinal) => ({
          owner: ownerIds[ordinal] ?? '',
          score: best[ordinal] ?? 0,
          ref: rowRef[bestRow[ordinal] ?? -1] ?? '',
        }));
    },
    scoreOwners: exactScores,
  };

  function exactScores(queries: readonly Float32Array[], owners: readonly string[]) {
    const out = new Map<string, OwnerHit>();
    const matrix = storage.matrix;
    for (const owner of owners) {
      const ordinal = ownerOrdinal.get(owner);
      if (ordinal === undefined) continue;
      let score = -Infinity;
      let ref = '';
      for (const row of ownerRows.get(ordinal) ?? []) {
        for (const q of queries) {
          const d = dot(q, matrix, row * dims);
          if (d > score) {
            score = d;
            ref = rowRef[row] ?? '';
          }
        }
      }
      if (score > -Infinity) out.set(owner, { owner, score, ref });
    }
    return out;
  }
}
