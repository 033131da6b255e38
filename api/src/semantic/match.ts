import type { ExpertDoc } from '../features/experts/repository.js';
import type { ProblemDoc } from '../features/problems/repository.js';
import type { Semantic, SemanticMatch } from './service.js';
import { expertTexts, problemFullText, publicationRef } from './service.js';
import type { VectorItem } from './vector-index.js';

// What the matcher calls (matching/matcher.ts, see the integration plan): the semantic side of a
// match in a few functions that never throw. A failure or a missing model gives `undefined`, and
// the matcher scores lexical-only.

/** Candidates the vector index adds to the engine's queries, per direction. */
export const semanticCandidates = 50;

export interface SemanticScores {
  /** Semantic similarity per candidate id, with the expert vector or problem chunk that matched. */
  byId: Map<string, SemanticMatch>;
  /** For candidates without vectors yet (embedding lags a write): the median of the others. */
  fallback: number;
}

export interface SemanticEvidence {
  /** The expert's text that matched by meaning: a publication, or the profile. */
  kind: 'publication' | 'profile';
  title?: string;
  year?: number;
  similarity: number;
}

function usable(semantic: Semantic | undefined): semantic is Semantic {
  return semantic?.enabled === true;
}

function scores(byId: Map<string, SemanticMatch>): SemanticScores {
  const values = [...byId.values()].map((m) => m.score).sort((a, b) => a - b);
  const fallback = values.length === 0 ? 0 : (values[Math.floor(values.length / 2)] ?? 0);
  return { byId, fallback };
}

/** The feature value of one candidate: its cosine, clamped to [0, 1], or the fallback. */
export function semanticFeature(scored: SemanticScores | undefined, id: string): number {
  if (!scored) return 0;
  const score = scored.byId.get(id)?.score ?? scored.fallback;
  return Math.min(1, Math.max(0, score));
}

/**
 * Chunk vectors of a problem's whole text (problemFullText), the query of its experts' match, for
 * its company and the office only; undefined when semantic is off. Those kept for its rev are
 * used when there are some: no embedding on the request.
 */
export async function problemQuery(
  semantic: Semantic | undefined,
  problem: ProblemDoc,
): Promise<Float32Array[] | undefined> {
  if (!usable(semantic)) return undefined;
  const kept = semantic.problemQuery(problem._id, problem.rev);
  if (kept) return kept;
  try {
    return await semantic.embedText(problemFullText(problem));
  } catch {
    return undefined;
  }
}

/**
 * Eligible experts nearest to the problem (verified and available, by their stored facts). A long
 * problem of several chunks searches with their normalised mean, one pass over the index instead
 * of one per chunk; scoreExperts then scores the candidates chunk by chunk.
 */
export function expertCandidates(
  semantic: Semantic | undefined,
  query: Float32Array[] | undefined,
  k = semanticCandidates,
): string[] {
  if (!usable(semantic) || !query) return [];
  const mean =
    query.length === 1 ? query[0] : centroid(query.map((vector) => ({ ref: '', vector })));
  return mean ? semantic.experts([mean], { k }).map((m) => m.owner) : [];
}

export function scoreExperts(
  semantic: Semantic | undefined,
  query: Float32Array[] | undefined,
  ids: readonly string[],
): SemanticScores | undefined {
  if (!usable(semantic) || !query) return undefined;
  return scores(new Map(semantic.experts(query, { candidates: ids }).map((m) => [m.owner, m])));
}

/** A publication list as the matcher has it: an expert record's or a search document's. */
export type PublicationList = readonly { title: string; year?: number | undefined }[];

/** Names the expert's text behind a semantic match (a publication by its current title). */
export function expertEvidence(
  match: Pick<SemanticMatch, 'ref' | 'score'> | undefined,
  publications: PublicationList,
): SemanticEvidence | undefined {
  if (!match) return undefined;
  const similarity = Math.round(match.score * 1000) / 1000;
  if (match.ref === 'profile') return { kind: 'profile', similarity };
  const pub = /^pub:(\d+):/.exec(match.ref);
  const publication = pub ? publications[Number(pub[1])] : undefined;
  if (!publication || publicationRef(Number(pub?.[1]), publication.title) !== match.ref) {
    return undefined;
  }
  return {
    kind: 'publication',
    title: publication.title,
    ...(publication.year ? { year: publication.year } : {}),
    similarity,
  };
}

/**
 * The expert's vectors (profile, then one per publication): the stored ones when they are of the
 * current rev, otherwise computed now; undefined when semantic is off.
 */
export async function expertQuery(
  semantic: Semantic | undefined,
  expert: ExpertDoc,
): Promise<VectorItem[] | undefined> {
  if (!usable(semantic)) return undefined;
  const stored = semantic.expertVectors(expert._id);
  if (stored?.rev === expert.rev) return stored.items;
  try {
    const items: VectorItem[] = [];
    for (const { ref, text } of expertTexts(expert)) {
      const [vector] = await semantic.embedText(text);
      if (vector) items.push({ ref, vector });
    }
    return items;
  } catch {
    return undefined;
  }
}

function centroid(items: readonly VectorItem[]): Float32Array | undefined {
  const first = items[0];
  if (!first) return undefined;
  const sum = new Float32Array(first.vector.length);
  for (const { vector } of items)
    for (let i = 0; i < sum.length; i++) sum[i] = (sum[i] ?? 0) + (vector[i] ?? 0);
  let norm = 0;
  for (const x of sum) norm += x * x;
  const scale = norm > 0 ? 1 / Math.sqrt(norm) : 0;
  return sum.map((x) => x * scale);
}

/**
 * Open problems (public or summary-only) nearest to the expert. One query, the normalised mean of
 * the expert's vectors: a scan per publication would cost the index seven passes (bench/embed.ts);
 * the candidates are then scored exactly, publication by publication, by scoreProblems.
 */
export function problemCandidates(
  semantic: Semantic | undefined,
  items: readonly VectorItem[] | undefined,
  k = semanticCandidates,
): string[] {
  if (!usable(semantic) || !items) return [];
  const mean = centroid(items);
  return mean ? semantic.problems([mean], { k }).map((m) => m.owner) : [];
}

export interface ProblemScores extends SemanticScores {
  /** Per problem, the expert's text (ref) that matched it best. */
  expertRef: Map<string, string>;
}

/** Best cosine between any of the expert's vectors and any chunk of each named problem. */
export function scoreProblems(
  semantic: Semantic | undefined,
  items: readonly VectorItem[] | undefined,
  ids: readonly string[],
): ProblemScores | undefined {
  if (!usable(semantic) || !items || items.length === 0) return undefined;
  const byId = new Map<string, SemanticMatch>();
  const expertRef = new Map<string, string>();
  for (const item of items) {
    for (const match of semantic.problems([item.vector], { candidates: ids })) {
      const seen = byId.get(match.owner);
      if (!seen || match.score > seen.score) {
        byId.set(match.owner, match);
        expertRef.set(match.owner, item.ref);
      }
    }
  }
  return { ...scores(byId), expertRef };
}

/** Names the expert's publication that matched a problem by meaning. */
export function problemEvidence(
  scored: ProblemScores | undefined,
  problemId: string,
  publications: PublicationList,
): SemanticEvidence | undefined {
  const match = scored?.byId.get(problemId);
  const ref = scored?.expertRef.get(problemId);
  if (!match || !ref) return undefined;
  return expertEvidence({ ref, score: match.score }, publications);
}
