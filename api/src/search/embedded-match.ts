import type { ExpertSearchDoc, ProblemSearchDoc } from '@jiedui/search-config';
import {
  bestIds,
  candidatePool,
  expertQueriesOf,
  expertQueryCounts,
  fuseRanks,
  problemQueriesOf,
  problemQueryTerms,
  slimExpert,
  slimProblem,
  type ExpertsForProblemReply,
  type ExpertsForProblemRequest,
  type ProblemsForExpertReply,
  type ProblemsForExpertRequest,
} from '../matching/plan.js';
import type { SearchQuery, SearchResult } from './engine.js';
import type { TermStore } from './term-store.js';
import { parseSearchQuery, type ResolvedQuery } from './validate.js';

// The candidate side of a match inside the embedded engine's worker: key terms, the engine
// queries, their fusion, the eligibility cut and the text evidence of the candidates, in one
// message. The main thread then only scores (score.ts) what comes back: the candidates without
// their long texts instead of every query's 50 full documents.

export interface MatchSources {
  search(query: ResolvedQuery): SearchResult;
  terms: TermStore;
  /** A live problem document by id (semantic candidates and asked problems the queries missed). */
  problem(id: string): ProblemSearchDoc | undefined;
}

function run(sources: MatchSources, queries: readonly SearchQuery[]) {
  const results = queries.map((query) => sources.search(parseSearchQuery(query)));
  const docs = new Map<string, unknown>();
  for (const result of results) for (const hit of result.hits) docs.set(hit.id, hit.document);
  return { lists: results.map((result) => result.hits.map((hit) => hit.id)), docs };
}

/** A match's engine queries, run: what the fusion needs once the semantic list is known. */
export interface ExpertsForProblemStarted {
  request: ExpertsForProblemRequest;
  lists: string[][];
  docs: Map<string, unknown>;
}

/** The lexical half of a match: key terms and the engine queries. */
export function startExpertsForProblem(
  sources: MatchSources,
  request: ExpertsForProblemRequest,
): ExpertsForProblemStarted {
  const terms = sources.terms.topTerms(request.text, problemQueryTerms);
  return { request, ...run(sources, expertQueriesOf(request, terms)) };
}

/** The rest, with the vector index's nearest experts: fusion, eligibility, text evidence. */
export function finishExpertsForProblem(
  sources: MatchSources,
  { request, lists, docs }: ExpertsForProblemStarted,
  semantic: readonly string[],
): ExpertsForProblemReply {
  const fused = fuseRanks([...lists, semantic]);
  // Declines come with the expert's document: the indexer pushes it again when one happens.
  const candidates: ExpertSearchDoc[] = [];
  for (const id of bestIds(fused, Infinity)) {
    const doc = docs.get(id) as ExpertSearchDoc | undefined;
    if (
      doc?.verified &&
      doc.available &&
      doc.remainingCapacity >= 1 &&
      !doc.declinedProblemIds?.includes(request.problemId)
    ) {
      candidates.push(doc);
      if (candidates.length >= candidatePool) break;
    }
  }
  const texts = sources.terms.forProblem(
    request.text,
    candidates.map((c) => c.id),
  );
  const indexed = sources.problem(request.problemId);
  const town = indexed?.town;
  return {
    ...(town ? { problemTown: town } : {}),
    ...(indexed ? { problemRev: indexed.rev } : {}),
    candidates: candidates.map((doc) => {
      const text = texts[doc.id];
      return { doc: slimExpert(doc), retrieval: fused.get(doc.id) ?? 0, ...(text ? { text } : {}) };
    }),
  };
}

export function expertsForProblem(
  sources: MatchSources,
  request: ExpertsForProblemRequest,
): ExpertsForProblemReply {
  return finishExpertsForProblem(
    sources,
    startExpertsForProblem(sources, request),
    request.semantic,
  );
}

/** An expert's match after its engine queries, or its answer when the engine cannot match it. */
export type ProblemsForExpertStarted =
  | { reply: ProblemsForExpertReply }
  | {
      request: ProblemsForExpertRequest;
      expert: ExpertSearchDoc;
      lists: string[][];
      docs: Map<string, unknown>;
    };

/** The lexical half of an expert's match: the engine's copy checked, then the engine queries. */
export function startProblemsForExpert(
  sources: MatchSources,
  request: ProblemsForExpertRequest,
): ProblemsForExpertStarted {
  const expert = sources.terms.expertDoc(request.expertId);
  if (!expert) return { reply: { fresh: false } };
  if (expert.rev !== request.rev) return { reply: { fresh: false, indexedRev: expert.rev } };
  const terms = sources.terms.expertQueries(request.expertId, expertQueryCounts);
  if (!terms || terms.profile.length === 0) {
    return { reply: { fresh: false, indexedRev: expert.rev } };
  }
  return { request, expert, ...run(sources, problemQueriesOf(request.fields, terms)) };
}

/** The rest, with the vector index's nearest problems: fusion, candidates, text evidence. */
export function finishProblemsForExpert(
  sources: MatchSources,
  started: ProblemsForExpertStarted,
  semantic: readonly string[],
): ProblemsForExpertReply {
  if ('reply' in started) return started.reply;
  const { request, expert, lists, docs } = started;
  const fused = fuseRanks([...lists, semantic]);
  const declined = new Set(expert.declinedProblemIds ?? []);
  const engaged = new Set(expert.engagedProblemIds ?? []);
  const ids = (request.asked ?? bestIds(fused)).filter((id) => !declined.has(id));
  const candidates: Extract<ProblemsForExpertReply, { fresh: true }>['candidates'] = ids.map(
    (id) => {
      const doc = (docs.get(id) as ProblemSearchDoc | undefined) ?? sources.problem(id);
      const retrieval = fused.get(id) ?? 0;
      if (!doc) return { id, retrieval };
      // What the expert reads in full beyond what the index holds is scored by the caller.
      const fullText = doc.confidentiality !== 'public' && engaged.has(id);
      return { id, doc: slimProblem(doc), retrieval, ...(fullText ? { fullText: true } : {}) };
    },
  );
  const texts = sources.terms.forExpert(
    request.expertId,
    candidates.filter((c) => c.doc && !c.fullText).map((c) => ({ id: c.id })),
  );
  for (const candidate of candidates) {
    const text = texts[candidate.id];
    if (text) candidate.text = text;
  }
  return { fresh: true, expert, candidates };
}

export function problemsForExpert(
  sources: MatchSources,
  request: ProblemsForExpertRequest,
): ProblemsForExpertReply {
  return finishProblemsForExpert(
    sources,
    startProblemsForExpert(sources, request),
    request.semantic,
  );
}
