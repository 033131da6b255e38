// TF-IDF vectors over the matcher's terms (text.ts): sublinear term frequency times inverse
// document frequency, L2-normalised, so the cosine of two vectors is their dot product.

export type Vector = Map<string, number>;

/** Inverse document frequency of a term in the corpus the statistics came from. */
export type Idf = (term: string) => number;

export function tfidf(terms: readonly string[], idf: Idf): Vector {
  const counts = new Map<string, number>();
  for (const term of terms) counts.set(term, (counts.get(term) ?? 0) + 1);
  const vector: Vector = new Map();
  let norm = 0;
  for (const [term, count] of counts) {
    const weight = (1 + Math.log(count)) * idf(term);
    vector.set(term, weight);
    norm += weight * weight;
  }
  if (norm === 0) return vector;
  const length = Math.sqrt(norm);
  for (const [term, weight] of vector) vector.set(term, weight / length);
  return vector;
}

export function cosine(a: Vector, b: Vector): number {
  const [small, large] = a.size <= b.size ? [a, b] : [b, a];
  let dot = 0;
  for (const [term, weight] of small) dot += weight * (large.get(term) ?? 0);
  return dot;
}

/** The heaviest terms of a vector, heaviest first. */
export function topTerms(vector: Vector, count: number): string[] {
  return [...vector.entries()]
    .sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))
    .slice(0, count)
    .map(([term]) => term);
}
