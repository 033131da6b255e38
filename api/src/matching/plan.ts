import type { ExpertSearchDoc, ProblemSearchDoc } from '@jiedui/search-config';
import type { SearchFilter, SearchQuery } from '../search/engine.js';
import type { PairText } from './text-evidence.js';

// The candidate side of a match as plain data: which engine queries a match sends and how their
// rankings are fused. The matcher runs it on the main thread against any engine; the embedded
// engine's worker runs the very same functions next to its indexes (search/embedded-match.ts), so
// that a match is one message instead of a round-trip per step and both paths rank alike.

/** Meilisearch reads only the first ten words of a query. */
export const queryWords = 10;
export const perQuery = 50;
export const candidatePool = 100;
// Reciprocal rank fusion's usual constant: a hit's weight falls slowly down each list.
const rrfK = 60;

/** How many key terms of the expert's profile and of each latest publication become queries. */
export const expertQueryCounts = {
  profile: queryWords * 2,
  publications: 6,
  perPublication: queryWords,
};
/** How many key terms of a problem's text become queries. */
export const problemQueryTerms = queryWords * 3;

export function chunked(terms: readonly string[]): string[] {
  const queries: string[] = [];
  for (let i = 0; i < terms.length; i += queryWords) {
    queries.push(terms.slice(i, i + queryWords).join(' '));
  }
  return queries;
}

export const eligibleExperts: SearchFilter = {
  and: [
    { field: 'verified', op: 'eq', value: true },
    { field: 'available', op: 'eq', value: true },
    { field: 'remainingCapacity', op: 'gte', value: 1 },
  ],
};

/** The engine queries for experts of a problem: its key terms, its fields, its keywords. */
export function expertQueriesOf(
  problem: { fields: readonly string[]; keywords: readonly string[] },
  terms: readonly string[],
): SearchQuery<'experts'>[] {
  const queries: SearchQuery<'experts'>[] = [
    ...chunked(terms).map((q) => ({
      index: 'experts' as const,
      q,
      filter: eligibleExperts,
      limit: perQuery,
      matchingStrategy: 'frequency' as const,
    })),
    {
      index: 'experts',
      filter: { and: [eligibleExperts, { field: 'fields', op: 'in', value: [...problem.fields] }] },
      sort: [{ field: 'solvedCount', direction: 'desc' }],
      limit: perQuery,
    },
  ];
  if (problem.keywords.length > 0) {
    queries.push({
      index: 'experts',
      q: problem.keywords.slice(0, queryWords).join(' '),
      filter: eligibleExperts,
      limit: perQuery,
      matchingStrategy: 'frequency',
    });
  }
  return queries;
}

export const visibleProblems: SearchFilter = {
  and: [
    { field: 'status', op: 'eq', value: 'open' },
    { field: 'confidentiality', op: 'in', value: ['public', 'summary'] },
  ],
};

/** The engine queries for problems of an expert: profile terms, each latest paper's, its fields. */
export function problemQueriesOf(
  expertFields: readonly string[],
  terms: { profile: readonly string[]; publications: readonly (readonly string[])[] },
): SearchQuery<'problems'>[] {
  const termQuery = (q: string): SearchQuery<'problems'> => ({
    index: 'problems',
    q,
    filter: visibleProblems,
    limit: perQuery,
    matchingStrategy: 'frequency',
  });
  return [
    ...chunked(terms.profile).map(termQuery),
    ...terms.publications.flatMap((p) => chunked(p).map(termQuery)),
    {
      index: 'problems',
      filter: { and: [visibleProblems, { field: 'fields', op: 'in', value: [...expertFields] }] },
      sort: [{ field: 'publishedAt', direction: 'desc' }],
      limit: perQuery,
    },
  ];
}

/**
 * Reciprocal rank fusion of ranked id lists, normalised so that the best is 1. Semantic
 * candidates come as a list of ids without documents: they add to the fusion but only ids that
 * some engine list returned become candidates (the caller keeps the documents).
 */
export function fuseRanks(lists: readonly (readonly string[])[]): Map<string, number> {
  const fused = new Map<string, number>();
  for (const list of lists) {
    list.forEach((id, rank) => {
      fused.set(id, (fused.get(id) ?? 0) + 1 / (rrfK + rank + 1));
    });
  }
  let best = 0;
  for (const value of fused.values()) if (value > best) best = value;
  for (const [id, value] of fused) fused.set(id, best > 0 ? value / best : 0);
  return fused;
}

/** Ids by fused value, best first (ties by id), at most `count`. */
export function bestIds(fused: ReadonlyMap<string, number>, count = candidatePool): string[] {
  return [...fused.entries()]
    .sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))
    .slice(0, count)
    .map(([id]) => id);
}

/** An expert as a match reads it: what score.ts and the reasons need, without the long texts. */
export type MatchExpertDoc = Omit<
  ExpertSearchDoc,
  'publicationAbstracts' | 'projectSummaries' | 'projectTitles' | 'bio' | 'keywords' | 'fieldLabels'
>;

/** A problem as a match reads it: the listing fields, without its texts. */
export type MatchProblemDoc = Omit<
  ProblemSearchDoc,
  'description' | 'desiredOutcome' | 'keywords' | 'fieldLabels'
>;

export function slimExpert(doc: ExpertSearchDoc): MatchExpertDoc {
  const {
    publicationAbstracts: _abstracts,
    projectSummaries: _summaries,
    projectTitles: _projects,
    bio: _bio,
    keywords: _keywords,
    fieldLabels: _labels,
    ...slim
  } = doc;
  return slim;
}

export function slimProblem(doc: ProblemSearchDoc): MatchProblemDoc {
  const {
    description: _description,
    desiredOutcome: _outcome,
    keywords: _keywords,
    fieldLabels: _labels,
    ...slim
  } = doc;
  return slim;
}

/** Experts for a problem, asked of an engine that runs the whole candidate side in one call. */
export interface ExpertsForProblemRequest {
  problemId: string;
  /** What the caller may read of the problem (the company and the office: all of it). */
  text: string;
  fields: string[];
  keywords: string[];
  /** Ids the vector index ranked nearest, fused after the engine's lists; [] when off. */
  semantic: string[];
}

export interface ExpertsForProblemReply {
  /** The town of the problem as indexed (its company's), when the engine holds it. */
  problemTown?: string;
  /** The rev of the problem as indexed: a later one than the caller's means its read was stale. */
  problemRev?: number;
  /** Eligible experts not declined on this problem, best fused first, at most candidatePool. */
  candidates: { doc: MatchExpertDoc; retrieval: number; text?: PairText }[];
}

export interface ProblemsForExpertRequest {
  expertId: string;
  /** The expert's rev in the store: the engine's copy must be of this rev to be used. */
  rev: number;
  fields: string[];
  semantic: string[];
  /** Problems to score instead of the search's best (the evaluation harness, the feed). */
  asked?: string[];
}

export type ProblemsForExpertReply =
  /** The engine has no copy of this rev of the expert: the caller matches the slow way. */
  | { fresh: false; indexedRev?: number }
  | {
      fresh: true;
      /** The expert's indexed document, with its engagements as the indexer derived them. */
      expert: ExpertSearchDoc;
      /**
       * Candidates in order, declined ones left out. `doc` is missing for an asked problem the
       * engine does not hold; `fullText` marks a non-public problem the expert is engaged on,
       * which the caller scores over the text it reads in full (no `text` then).
       */
      candidates: {
        id: string;
        doc?: MatchProblemDoc;
        retrieval: number;
        text?: PairText;
        fullText?: true;
      }[];
    };
