import { assemblePairText, heavyTerms, type PairText } from '../matching/text-evidence.js';
import type { Vector } from '../matching/vectors.js';

// The term store's TF-IDF vectors, kept as two typed arrays each (term ids and weights, in the
// order tfidf() inserts them) instead of a Map per profile and per paper: a Map of 60 terms is a
// few kilobytes of small heap objects, and with an expert's twenty vectors kept for every expert
// a match has touched, the worker's heap grew by about 1 GB at 20k experts and every major
// garbage collection walked it (a third of the matching time in a CPU profile). Here a vector is
// two objects whose contents the collector does not walk.
// pairText() is computed over them with the very same arithmetic in the same order as
// text-evidence.ts computes it over Maps (the main thread's path for other engines), so both give
// the same numbers bit for bit; term-store.test.ts holds them to it.

export interface Compact {
  ids: Uint32Array;
  weights: Float64Array;
}

/** The problem side of a comparison: its terms in order, by id and by position. */
export interface ProblemSide {
  /** How many terms the vector has, known to the dictionary or not (cosine picks by size). */
  size: number;
  terms: string[];
  /** The term's id, or -1 when no indexed document has it. */
  ids: Int32Array;
  weights: Float64Array;
  /** The 20 heaviest terms: a patent holding one is evidence. */
  heavy: ReadonlySet<string>;
}

export function sideOfMap(vector: Vector, idOf: (term: string) => number | undefined): ProblemSide {
  const terms = [...vector.keys()];
  return {
    size: vector.size,
    terms,
    ids: Int32Array.from(terms, (term) => idOf(term) ?? -1),
    weights: Float64Array.from(vector.values()),
    heavy: heavyTerms(vector),
  };
}

export function sideOfCompact(vector: Compact, words: readonly string[]): ProblemSide {
  const terms = Array.from(vector.ids, (id) => words[id] ?? '');
  const asMap: Vector = new Map(terms.map((term, i) => [term, vector.weights[i] ?? 0]));
  return {
    size: vector.ids.length,
    terms,
    ids: Int32Array.from(vector.ids),
    weights: vector.weights,
    heavy: heavyTerms(asMap),
  };
}

/** Scratch arrays by term id, zero between uses. */
export interface Scratch {
  /** At least `size` long; a larger one replaces a shorter. */
  dense(slot: 0 | 1 | 2, size: number): Float64Array;
}

export function createScratch(): Scratch {
  const arrays: Float64Array[] = [new Float64Array(0), new Float64Array(0), new Float64Array(0)];
  return {
    dense(slot, size) {
      const current = arrays[slot] ?? new Float64Array(0);
      if (current.length >= size) return current;
      const grown = new Float64Array(Math.max(size, current.length * 2, 1024));
      arrays[slot] = grown;
      return grown;
    },
  };
}

function fill(target: Float64Array, vector: Compact): void {
  for (let k = 0; k < vector.ids.length; k++) target[vector.ids[k] ?? 0] = vector.weights[k] ?? 0;
}

function clear(target: Float64Array, vector: Compact): void {
  for (const id of vector.ids) target[id] = 0;
}

/**
 * cosine() of vectors.ts: the smaller of the two is walked in its order and the other looked
 * up. `problemDense` holds the problem's weights by id.
 */
function cosine(
  problem: ProblemSide,
  problemDense: Float64Array,
  vector: Compact,
  other: Float64Array,
): number {
  let dot = 0;
  if (problem.size <= vector.ids.length) {
    fill(other, vector);
    for (let k = 0; k < problem.weights.length; k++) {
      const id = problem.ids[k] ?? -1;
      dot += (problem.weights[k] ?? 0) * (id >= 0 ? (other[id] ?? 0) : 0);
    }
    clear(other, vector);
  } else {
    for (let k = 0; k < vector.ids.length; k++) {
      dot += (vector.weights[k] ?? 0) * (problemDense[vector.ids[k] ?? 0] ?? 0);
    }
  }
  return dot;
}

/**
 * pairText() of text-evidence.ts over compact vectors. The caller has put the problem's weights
 * into `scratch.dense(0)` (withProblem) for the duration of its calls.
 */
export function compactPairText(
  problem: ProblemSide,
  patentTerms: readonly (readonly string[])[],
  vectors: { profile: Compact; publications: Compact[] },
  scratch: Scratch,
  dictionarySize: number,
): PairText {
  const problemDense = scratch.dense(0, dictionarySize);
  const one = scratch.dense(1, dictionarySize);
  const two = scratch.dense(2, dictionarySize);
  const ranked = vectors.publications
    .map((vector, index) => ({
      index,
      vector,
      similarity: cosine(problem, problemDense, vector, one),
    }))
    .sort((a, b) => b.similarity - a.similarity || a.index - b.index);
  const best = ranked[0];
  // Weights are positive: a zero in the dense arrays is a term the vector does not have.
  fill(one, vectors.profile);
  if (best) fill(two, best.vector);
  const shared: [string, number][] = [];
  for (let k = 0; k < problem.weights.length; k++) {
    const id = problem.ids[k] ?? -1;
    if (id < 0) continue;
    const inProfile = one[id] ?? 0;
    const inBest = best ? (two[id] ?? 0) : 0;
    if (inProfile === 0 && inBest === 0) continue;
    const merged = inBest === 0 ? inProfile : Math.max(inBest, inProfile);
    shared.push([problem.terms[k] ?? '', (problem.weights[k] ?? 0) * merged]);
  }
  clear(one, vectors.profile);
  if (best) clear(two, best.vector);
  const profile = cosine(problem, problemDense, vectors.profile, one);
  return assemblePairText(ranked, profile, shared, patentTerms, problem.heavy);
}

/** Runs `fn` with the problem's weights in `scratch.dense(0)`, zeroed again after. */
export function withProblem<T>(
  problem: ProblemSide,
  scratch: Scratch,
  dictionarySize: number,
  fn: () => T,
): T {
  const dense = scratch.dense(0, dictionarySize);
  for (let k = 0; k < problem.ids.length; k++) {
    const id = problem.ids[k] ?? -1;
    if (id >= 0) dense[id] = problem.weights[k] ?? 0;
  }
  try {
    return fn();
  } finally {
    for (const id of problem.ids) if (id >= 0) dense[id] = 0;
  }
}
