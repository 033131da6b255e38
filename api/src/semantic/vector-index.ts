// A cosine index over L2-normalised vectors, for the embedded engine and the matcher. Every vector
// belongs to an owner (an expert, a problem) and carries a ref (which publication, which chunk);
// an owner scores as its best vector, so an expert is found by the one paper that fits, not by
// the average of all of them. A scan reads every row: int8 codes in WebAssembly memory through a
// SIMD kernel (dot-kernel.wat), then the best owners are re-scored exactly from float32 rows, so
// the scores returned are exact cosines. At 1.4·10⁵ vectors of 512 dims a scan is ~10 ms here
// (bench/embed.ts); float32 SIMD and plain JS are the fallbacks.

import {
  dotKernel,
  wasmApi,
  type BestFunction,
  type DotsFunction,
  type HammingFunction,
  type ScoresFunction,
} from './dot-kernel.js';

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
  /** Searches take the coarse first pass (an index past its `coarse.from` vectors). */
  readonly coarse: boolean;
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
  readonly matrix: Float32Array;
  readonly capacity: number;
  /** Scores are approximate (int8): the index re-scores its top owners exactly. */
  readonly approximate: boolean;
  grow(rows: number): void;
  write(row: number, vector: Float32Array): void;
  move(to: number, from: number): void;
  /**
   * One query over the first `rows` rows: best[o] and bestRow[o] rise to the rows of owner o
   * (rowOwner[r] = o; negative marks a hole) that score higher.
   */
  best(
    query: Float32Array,
    rows: number,
    rowOwner: Int32Array,
    best: Float32Array,
    bestRow: Int32Array,
  ): void;
  /** Exact dot(query, row list[i]) for i < count; read it before the next call. */
  dots(query: Float32Array, list: Int32Array, count: number): Float32Array;
  /** As dots, approximate when `approximate` (int8 codes, a quarter of the memory read). */
  roughDots(query: Float32Array, list: Int32Array, count: number): Float32Array;
}

function growCapacity(current: number, rows: number): number {
  let capacity = Math.max(1, current);
  while (capacity < rows) capacity *= 2;
  return capacity;
}

function raise(
  scores: Float32Array,
  rows: number,
  rowOwner: Int32Array,
  best: Float32Array,
  bestRow: Int32Array,
) {
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

function jsStorage(dims: number, initialRows: number): Storage {
  let scores = new Float32Array(initialRows);
  let matrix = new Float32Array(initialRows * dims);
  let capacity = initialRows;
  return {
    get matrix() {
      return matrix;
    },
    get capacity() {
      return capacity;
    },
    approximate: false,
    grow(rows) {
      if (rows <= capacity) return;
      // Allocated first: when memory runs out, the storage stays as it was.
      const next = growCapacity(capacity, rows);
      const m = new Float32Array(next * dims);
      const s = new Float32Array(next);
      m.set(matrix);
      matrix = m;
      scores = s;
      capacity = next;
    },
    write(row, vector) {
      matrix.set(vector, row * dims);
    },
    move(to, from) {
      matrix.copyWithin(to * dims, from * dims, (from + 1) * dims);
    },
    best(query, rows, rowOwner, best, bestRow) {
      for (let r = 0; r < rows; r++) scores[r] = dot(query, matrix, r * dims);
      raise(scores, rows, rowOwner, best, bestRow);
    },
    dots(query, list, count) {
      const out = new Float32Array(count);
      for (let i = 0; i < count; i++) out[i] = dot(query, matrix, (list[i] ?? 0) * dims);
      return out;
    },
    roughDots(query, list, count) {
      return this.dots(query, list, count);
    },
  };
}

const page = 65_536;

/** A WebAssembly memory laid out as a fixed head, then `capacity` rows, then scratch space. */
function wasmArena(kernel: object, head: number, rowBytes: number, initialRows: number) {
  if (!wasmApi) return undefined;
  const memory = new wasmApi.Memory({ initial: Math.ceil((head + initialRows * rowBytes) / page) });
  const instance = new wasmApi.Instance(kernel, { env: { memory } });
  return {
    memory,
    exports: instance.exports,
    /** Makes the memory at least `bytes` long (views over the old buffer are then stale). */
    reserve(bytes: number) {
      const needed = Math.ceil(bytes / page) - memory.buffer.byteLength / page;
      if (needed > 0) memory.grow(needed);
    },
  };
}

const align16 = (bytes: number) => Math.ceil(bytes / 16) * 16;

// Float32 rows in WebAssembly memory: [query][capacity rows][scratch]. The rows stay where they are
// as the capacity grows; scratch (scan output, row lists) follows them.
function wasmStorage(kernel: object, dims: number, initialRows: number): Storage | undefined {
  const rowBytes = dims * 4;
  const matrixAt = align16(rowBytes);
  const arena = wasmArena(kernel, matrixAt, rowBytes, initialRows);
  if (!arena) return undefined;
  const scores = arena.exports.scores as ScoresFunction;
  const dotsOf = arena.exports.dots as DotsFunction;
  let capacity = initialRows;
  let matrix = new Float32Array(arena.memory.buffer, matrixAt, capacity * dims);
  const scratchAt = () => matrixAt + capacity * rowBytes;
  const reserve = (bytes: number) => {
    arena.reserve(bytes);
    if (matrix.buffer !== arena.memory.buffer) {
      matrix = new Float32Array(arena.memory.buffer, matrixAt, capacity * dims);
    }
  };
  const setQuery = (query: Float32Array) => {
    new Float32Array(arena.memory.buffer, 0, dims).set(query);
  };
  return {
    get matrix() {
      return matrix;
    },
    get capacity() {
      return capacity;
    },
    approximate: false,
    grow(rows) {
      if (rows <= capacity) return;
      // The memory first: when it cannot grow, the storage stays as it was.
      const next = growCapacity(capacity, rows);
      reserve(matrixAt + next * rowBytes);
      capacity = next;
      matrix = new Float32Array(arena.memory.buffer, matrixAt, capacity * dims);
    },
    write(row, vector) {
      matrix.set(vector, row * dims);
    },
    move(to, from) {
      matrix.copyWithin(to * dims, from * dims, (from + 1) * dims);
    },
    best(query, rows, rowOwner, best, bestRow) {
      const out = scratchAt();
      reserve(out + rows * 4);
      setQuery(query);
      scores(0, matrixAt, rows, dims, out);
      raise(new Float32Array(arena.memory.buffer, out, rows), rows, rowOwner, best, bestRow);
    },
    dots(query, list, count) {
      const listAt = scratchAt();
      const out = listAt + count * 4;
      reserve(out + count * 4);
      setQuery(query);
      new Int32Array(arena.memory.buffer, listAt, count).set(list.subarray(0, count));
      dotsOf(0, matrixAt, listAt, count, dims, out);
      return new Float32Array(arena.memory.buffer, out, count);
    },
    roughDots(query, list, count) {
      return this.dots(query, list, count);
    },
  };
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
// SIMD instruction, each owner's best row kept inside the kernel. Codes cost about 1 % of a
// cosine, so the index re-scores its best owners exactly from the float rows, which live in a
// second WebAssembly memory (wasmStorage) beside the codes: [query][capacity codes][scratch].
function int8Storage(kernel: object, dims: number, initialRows: number): Storage | undefined {
  const floats = wasmStorage(kernel, dims, initialRows);
  const codesAt = align16(dims);
  const arena = wasmArena(kernel, codesAt, dims, initialRows);
  if (!floats || !arena) return undefined;
  const bestI8 = arena.exports.best_i8 as BestFunction;
  const dotsI8 = arena.exports.dots_i8 as DotsFunction;
  let capacity = initialRows;
  let codes = new Int8Array(arena.memory.buffer, codesAt, capacity * dims);
  let factors = new Float32Array(capacity);
  const scratchAt = () => codesAt + capacity * dims;
  const reserve = (bytes: number) => {
    arena.reserve(bytes);
    if (codes.buffer !== arena.memory.buffer) {
      codes = new Int8Array(arena.memory.buffer, codesAt, capacity * dims);
    }
  };
  return {
    get matrix() {
      return floats.matrix;
    },
    get capacity() {
      return capacity;
    },
    approximate: true,
    grow(rows) {
      if (rows <= capacity) return;
      // Both memories first (the float rows grow to the same capacity), then the new capacity.
      const next = growCapacity(capacity, rows);
      reserve(codesAt + next * dims);
      const f = new Float32Array(next);
      floats.grow(rows);
      f.set(factors);
      factors = f;
      capacity = next;
      codes = new Int8Array(arena.memory.buffer, codesAt, capacity * dims);
    },
    write(row, vector) {
      floats.write(row, vector);
      factors[row] = quantise(vector, codes, row * dims);
    },
    move(to, from) {
      floats.move(to, from);
      codes.copyWithin(to * dims, from * dims, (from + 1) * dims);
      factors[to] = factors[from] ?? 0;
    },
    best(query, rows, rowOwner, best, bestRow) {
      // Scratch: the row factors and owners, then each owner's best score and row.
      const factorsAt = scratchAt();
      const ownersAt = factorsAt + rows * 4;
      const bestAt = ownersAt + rows * 4;
      const bestRowAt = bestAt + best.length * 4;
      reserve(bestRowAt + best.length * 4);
      const buffer = arena.memory.buffer;
      const queryFactor = quantise(query, new Int8Array(buffer, 0, dims), 0);
      new Float32Array(buffer, factorsAt, rows).set(factors.subarray(0, rows));
      new Int32Array(buffer, ownersAt, rows).set(rowOwner.subarray(0, rows));
      const bestIn = new Float32Array(buffer, bestAt, best.length);
      const bestRowIn = new Int32Array(buffer, bestRowAt, best.length);
      bestIn.set(best);
      bestRowIn.set(bestRow);
      bestI8(0, codesAt, rows, dims, factorsAt, ownersAt, bestAt, bestRowAt, queryFactor);
      best.set(bestIn);
      bestRow.set(bestRowIn);
    },
    dots: (query, list, count) => floats.dots(query, list, count),
    roughDots(query, list, count) {
      const listAt = scratchAt();
      const out = listAt + count * 4;
      reserve(out + count * 4);
      const buffer = arena.memory.buffer;
      const queryFactor = quantise(query, new Int8Array(buffer, 0, dims), 0);
      new Int32Array(buffer, listAt, count).set(list.subarray(0, count));
      dotsI8(0, codesAt, listAt, count, dims, out);
      const products = new Int32Array(buffer, out, count);
      const scores = new Float32Array(count);
      for (let i = 0; i < count; i++) {
        scores[i] = (products[i] ?? 0) * queryFactor * (factors[list[i] ?? 0] ?? 0);
      }
      return scores;
    },
  };
}

export interface CoarseOptions {
  /** Live vectors from which a search takes the coarse pass first (default 32,768). */
  from?: number;
  /** Share of the live vectors the coarse pass keeps for exact scoring (default 0.04)… */
  share?: number;
  /** …and at least this many (default 2,048). */
  least?: number;
}

// The coarse first pass of a large index: one sign bit per dimension of each vector less the
// index's mean (the centre), with the vector's distance from the centre and its product with it.
// The angle between two centred vectors is about π × (differing bits) / dims, so a row's cosine
// with the query is estimated as |q − c|·|x − c|·cos(π h / dims) + c·x (+ terms equal for every
// row). A scan reads 64 bytes a row instead of 512 int8 codes; the rows it estimates best are then
// scored exactly. The centre is frozen when the codes are built and rebuilt when the index has
// doubled or halved since (bench/vector-recall.ts measures what the shortlist keeps).
function coarseCodes(kernel: object, dims: number, initialRows: number) {
  const rowBytes = dims / 8;
  const words = dims / 32;
  const codesAt = align16(rowBytes);
  const arena = wasmArena(kernel, codesAt, rowBytes, initialRows);
  if (!arena) return undefined;
  const hamming = arena.exports.hamming as HammingFunction;
  const angle = Float32Array.from({ length: dims + 1 }, (_, h) => Math.cos((Math.PI * h) / dims));
  let capacity = initialRows;
  let codes = new Uint32Array(arena.memory.buffer, codesAt, capacity * words);
  let norms = new Float32Array(capacity);
  let offsets = new Float32Array(capacity);
  let estimates = new Float32Array(capacity);
  let centre: Float32Array | undefined;
  let builtFor = 0;
  const refresh = () => {
    if (codes.buffer !== arena.memory.buffer) {
      codes = new Uint32Array(arena.memory.buffer, codesAt, capacity * words);
    }
  };

  function encode(row: number, matrix: Float32Array, from: number) {
    if (!centre) return;
    const at = row * words;
    codes.fill(0, at, at + words);
    let norm = 0;
    let offset = 0;
    for (let d = 0; d < dims; d++) {
      const x = matrix[from + d] ?? 0;
      const c = centre[d] ?? 0;
      const centred = x - c;
      norm += centred * centred;
      offset += c * x;
      if (centred > 0) codes[at + (d >> 5)] = (codes[at + (d >> 5)] ?? 0) | (1 << (d & 31));
    }
    norms[row] = Math.sqrt(norm);
    offsets[row] = offset;
  }

  return {
    get built() {
      return centre !== undefined;
    },
    get builtFor() {
      return builtFor;
    },
    grow(rows: number) {
      if (rows <= capacity) return;
      arena.reserve(codesAt + rows * rowBytes);
      const grown = (old: Float32Array) => {
        const a = new Float32Array(rows);
        a.set(old);
        return a;
      };
      const n = grown(norms);
      const o = grown(offsets);
      const e = new Float32Array(rows);
      [norms, offsets, estimates, capacity] = [n, o, e, rows];
      codes = new Uint32Array(arena.memory.buffer, codesAt, capacity * words);
    },
    write(row: number, vector: Float32Array) {
      encode(row, vector, 0);
    },
    move(to: number, from: number) {
      if (!centre) return;
      codes.copyWithin(to * words, from * words, (from + 1) * words);
      norms[to] = norms[from] ?? 0;
      offsets[to] = offsets[from] ?? 0;
    },
    /** A new centre (the mean of the live rows) and every row encoded against it. */
    rebuild(matrix: Float32Array, rows: number, rowOwner: Int32Array, live: number) {
      const sum = new Float64Array(dims);
      for (let r = 0; r < rows; r++) {
        if ((rowOwner[r] ?? -1) < 0) continue;
        for (let d = 0; d < dims; d++) sum[d] = (sum[d] ?? 0) + (matrix[r * dims + d] ?? 0);
      }
      centre = Float32Array.from(sum, (s) => s / Math.max(1, live));
      builtFor = live;
      for (let r = 0; r < rows; r++) encode(r, matrix, r * dims);
    },
    /** The live rows of best estimate for the query: at least `count`, a few more on ties. */
    shortlist(query: Float32Array, rows: number, rowOwner: Int32Array, count: number): Int32Array {
      const c = centre;
      if (!c) throw new Error('coarse codes are not built');
      const outAt = codesAt + capacity * rowBytes;
      arena.reserve(outAt + rows * 4);
      refresh();
      const queryCode = new Uint32Array(arena.memory.buffer, 0, words).fill(0);
      let norm = 0;
      for (let d = 0; d < dims; d++) {
        const centred = (query[d] ?? 0) - (c[d] ?? 0);
        norm += centred * centred;
        if (centred > 0) queryCode[d >> 5] = (queryCode[d >> 5] ?? 0) | (1 << (d & 31));
      }
      norm = Math.sqrt(norm);
      hamming(0, codesAt, rows, words / 2, outAt);
      const differing = new Int32Array(arena.memory.buffer, outAt, rows);
      // Locals for the three passes below (closure variables would be read through the context).
      const est = estimates;
      const rowNorm = norms;
      const rowOffset = offsets;
      let lo = Infinity;
      let hi = -Infinity;
      for (let r = 0; r < rows; r++) {
        if ((rowOwner[r] ?? -1) < 0) {
          est[r] = -Infinity;
          continue;
        }
        // Bounds of the stored (float32) estimates, which the histogram below bins.
        est[r] = norm * (rowNorm[r] ?? 0) * (angle[differing[r] ?? 0] ?? 0) + (rowOffset[r] ?? 0);
        const e = est[r] ?? 0;
        if (e < lo) lo = e;
        if (e > hi) hi = e;
      }
      // The count-th best estimate's bin of a histogram, then every row from that bin up.
      const bins = 1024;
      const scale = hi > lo ? (bins - 1) / (hi - lo) : 0;
      const bin = (e: number) => Math.min(bins - 1, Math.max(0, ((e - lo) * scale) | 0));
      const histogram = new Int32Array(bins);
      for (let r = 0; r < rows; r++) {
        const e = est[r] ?? -Infinity;
        if (e !== -Infinity) {
          const b = bin(e);
          histogram[b] = (histogram[b] ?? 0) + 1;
        }
      }
      let cut = bins - 1;
      let kept = histogram[cut] ?? 0;
      while (cut > 0 && kept < count) kept += histogram[--cut] ?? 0;
      const list = new Int32Array(kept);
      let n = 0;
      for (let r = 0; r < rows && n < kept; r++) {
        const e = est[r] ?? -Infinity;
        if (e !== -Infinity && bin(e) >= cut) list[n++] = r;
      }
      return list.subarray(0, n);
    },
  };
}

export interface VectorIndexOptions {
  /** Scan with the WebAssembly SIMD kernel (default true, where dims is a multiple of 16). */
  simd?: boolean;
  /** With SIMD, scan int8 codes and re-score the best owners exactly (default true). */
  int8?: boolean;
  /** A coarse first pass over large indexes (SIMD, dims a multiple of 64); false turns it off. */
  coarse?: CoarseOptions | false;
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
  const coarse =
    kernel && options.coarse !== false && dims % 64 === 0
      ? coarseCodes(kernel, dims, storage.capacity)
      : undefined;
  const tuning = options.coarse === false ? {} : (options.coarse ?? {});
  const coarseFrom = Math.max(1, tuning.from ?? 32_768);
  const coarseShare = tuning.share ?? 0.04;
  const coarseLeast = tuning.least ?? 2_048;
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
    coarse?.grow(storage.capacity);
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
      if (to !== from) {
        storage.move(to, from);
        coarse?.move(to, from);
      }
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
    recentre();
  }

  // The coarse codes are built when the index reaches their size, and again around a new centre
  // when it has doubled or halved since.
  function recentre() {
    if (!coarse || live < coarseFrom) return;
    if (!coarse.built || live >= 2 * coarse.builtFor || 2 * live <= coarse.builtFor) {
      coarse.rebuild(storage.matrix, rows, rowOwner, live);
    }
  }

  /** How many rows a coarse pass keeps, or 0 when searches read every row. */
  function shortlistSize() {
    if (!coarse?.built || live < coarseFrom) return 0;
    const count = Math.max(coarseLeast, Math.ceil(live * coarseShare));
    return count < live ? count : 0;
  }

  function checkQueries(queries: readonly Float32Array[]) {
    for (const q of queries) {
      if (q.length !== dims)
        throw new Error(`query of ${q.length} dimensions in an index of ${dims}`);
    }
  }

  /**
   * Raises each owner's best score and row over the queries; true when scores are approximate.
   * A coarse shortlist keeps the rows of accepted owners; when fewer than half of its rows are,
   * the filter is too selective for the shortlist to hold the best of them, and every row is read.
   */
  function scoreRows(
    queries: readonly Float32Array[],
    best: Float32Array,
    bestRow: Int32Array,
    accept: ((owner: string) => boolean) | undefined,
    everyRow: boolean,
  ) {
    let approximate = storage.approximate;
    let shortlisted = false;
    const count = everyRow ? 0 : shortlistSize();
    const verdict = accept && count > 0 ? new Uint8Array(ownerIds.length) : undefined;
    for (const q of queries) {
      let list = count > 0 ? coarse?.shortlist(q, rows, rowOwner, count) : undefined;
      if (list && accept && verdict) {
        let n = 0;
        const kept = new Int32Array(list.length);
        for (const row of list) {
          const owner = rowOwner[row] ?? -1;
          if (owner < 0) continue;
          verdict[owner] ||= accept(ownerIds[owner] ?? '') ? 1 : 2;
          if (verdict[owner] === 1) kept[n++] = row;
        }
        list = 2 * n >= list.length ? kept.subarray(0, n) : undefined;
      }
      if (!list || list.length === 0) {
        storage.best(q, rows, rowOwner, best, bestRow);
        continue;
      }
      // Scores of the shortlisted rows (int8 where the storage has codes); an owner's best row may
      // be outside the list, so the top owners are re-scored exactly over all their rows.
      approximate = true;
      shortlisted = true;
      const dots = storage.roughDots(q, list, list.length);
      for (let i = 0; i < list.length; i++) {
        const row = list[i] ?? 0;
        const owner = rowOwner[row] ?? -1;
        const d = dots[i] ?? 0;
        if (owner >= 0 && d > (best[owner] ?? Infinity)) {
          best[owner] = d;
          bestRow[owner] = row;
        }
      }
    }
    return { approximate, shortlisted };
  }

  return {
    dims,
    get size() {
      return live;
    },
    get owners() {
      return ownerOrdinal.size;
    },
    get coarse() {
      return shortlistSize() > 0;
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
      for (const item of items) {
        if (item.vector.length !== dims)
          throw new Error(`vector of ${item.vector.length} dimensions in an index of ${dims}`);
      }
      // Room first: when memory runs out, the owner keeps the vectors it had.
      grow(rows + items.length);
      remove(owner);
      if (items.length === 0) return;
      let ordinal = freeOrdinals.pop();
      if (ordinal === undefined) {
        ordinal = ownerIds.length;
        ownerIds.push(owner);
      } else ownerIds[ordinal] = owner;
      ownerOrdinal.set(owner, ordinal);
      const list: number[] = [];
      for (const item of items) {
        storage.write(rows, item.vector);
        coarse?.write(rows, item.vector);
        rowOwner[rows] = ordinal;
        rowRef[rows] = item.ref;
        list.push(rows);
        rows++;
      }
      ownerRows.set(ordinal, list);
      live += items.length;
      recentre();
    },
    remove,
    search(queries, k, accept) {
      checkQueries(queries);
      if (queries.length === 0 || k <= 0) return [];
      return rank(queries, k, accept, false);
    },
    scoreOwners(queries, owners) {
      checkQueries(queries);
      return exactScores(queries, owners);
    },
  };

  // The k best owners. A shortlist that held fewer than k accepted owners is read again as a
  // full scan, so that a search never answers fewer owners than the index has to give.
  function rank(
    queries: readonly Float32Array[],
    k: number,
    accept: ((owner: string) => boolean) | undefined,
    everyRow: boolean,
  ): OwnerHit[] {
    const best = new Float32Array(ownerIds.length).fill(-Infinity);
    const bestRow = new Int32Array(ownerIds.length).fill(-1);
    const { approximate, shortlisted } = scoreRows(queries, best, bestRow, accept, everyRow);
    // Approximate scores pick a wider set, which is then re-scored exactly.
    const keep = approximate ? k * 2 + 16 : k;
    // A bounded min-heap of the k best owners seen (ordinals, keyed by score).
    const heap: number[] = [];
    // Worse first: a lower score, or an equal one of a later owner id (so that owner order, not
    // upsert order, decides who stays at the k-th place).
    const less = (a: number, b: number) => {
      const d = (best[a] ?? 0) - (best[b] ?? 0);
      return d < 0 || (d === 0 && (ownerIds[a] ?? '') > (ownerIds[b] ?? ''));
    };
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
      if (heap.length === keep && !less(heap[0] ?? 0, ordinal)) continue;
      if (accept && !accept(ownerIds[ordinal] ?? '')) continue;
      if (heap.length < keep) {
        heap.push(ordinal);
        up(heap.length - 1);
      } else {
        heap[0] = ordinal;
        down(0);
      }
    }
    if (shortlisted && heap.length < k && heap.length < ownerOrdinal.size) {
      return rank(queries, k, accept, true);
    }
    // Equal scores in owner order, so that the answer does not depend on the order of upserts.
    const order = (a: OwnerHit, b: OwnerHit) =>
      b.score - a.score || (a.owner < b.owner ? -1 : a.owner > b.owner ? 1 : 0);
    if (approximate) {
      const owners = heap.map((o) => ownerIds[o] ?? '');
      return [...exactScores(queries, owners).values()].sort(order).slice(0, k);
    }
    return heap
      .map((ordinal) => ({
        owner: ownerIds[ordinal] ?? '',
        score: best[ordinal] ?? 0,
        ref: rowRef[bestRow[ordinal] ?? -1] ?? '',
      }))
      .sort(order);
  }

  // Every row of the named owners in one list, scored exactly per query; an owner keeps its best.
  function exactScores(queries: readonly Float32Array[], owners: readonly string[]) {
    const named: string[] = [];
    const list: number[] = [];
    const listOwner: number[] = [];
    for (const owner of owners) {
      const ordinal = ownerOrdinal.get(owner);
      if (ordinal === undefined) continue;
      for (const row of ownerRows.get(ordinal) ?? []) {
        list.push(row);
        listOwner.push(named.length);
      }
      named.push(owner);
    }
    const score = new Float32Array(named.length).fill(-Infinity);
    const scoreRow = new Int32Array(named.length).fill(-1);
    const rowList = Int32Array.from(list);
    for (const q of queries) {
      const dots = storage.dots(q, rowList, rowList.length);
      for (let i = 0; i < rowList.length; i++) {
        const o = listOwner[i] ?? 0;
        const d = dots[i] ?? 0;
        if (d > (score[o] ?? Infinity)) {
          score[o] = d;
          scoreRow[o] = rowList[i] ?? -1;
        }
      }
    }
    const out = new Map<string, OwnerHit>();
    named.forEach((owner, o) => {
      const row = scoreRow[o] ?? -1;
      if (row >= 0) out.set(owner, { owner, score: score[o] ?? 0, ref: rowRef[row] ?? '' });
    });
    return out;
  }
}
