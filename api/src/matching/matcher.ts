import type { Actor } from '../features/access/actor.js';
import { problemView, type ProblemView } from '../features/access/policy.js';
import type { EngagementDoc } from '../features/engagements/repository.js';
import { engagedStatuses } from '../features/engagements/schemas.js';
import type { ExpertDoc } from '../features/experts/repository.js';
import type { ProblemDoc } from '../features/problems/repository.js';
import type { Repositories } from '../features/repositories.js';
import { fieldLabels } from '../search/documents.js';
import type { SearchEngine, SearchFilter, SearchQuery, SearchResult } from '../search/engine.js';
import { expertText, problemPublicText, type Corpus } from './corpus.js';
import { fieldOverlap, saturate, scoreOf, type MatchFeatures, type Weights } from './score.js';
import { textTerms } from './text.js';
import { cosine, sharedTerms, tfidf, topTerms, type Idf, type Vector } from './vectors.js';

// Ranked matching. The search engine generates candidates: the key terms of the text (highest
// TF-IDF first) go out as several queries of at most ten words, because Meilisearch reads only
// the first ten, plus one query per publication and one that lists the same fields; their
// rankings are fused by reciprocal rank. Each candidate is then scored over full texts (TF-IDF
// cosine per publication, best one kept) and structured evidence in score.ts.

const queryWords = 10;
const perQuery = 50;
const candidatePool = 100;
// Reciprocal rank fusion's usual constant: a hit's weight falls slowly down each list.
const rrfK = 60;

export interface Evidence {
  matchedTerms: string[];
  matchedFields: string[];
  publications: { title: string; year: number; similarity: number }[];
  patents: string[];
  solvedProblems: { id?: string; title?: string; fields: string[] }[];
  remainingCapacity: number;
  capacity: number;
  available: boolean;
  locality: { sameTown: boolean; expertTown?: string; problemTown?: string };
}

export interface ScoredMatch {
  score: number;
  features: MatchFeatures;
  reasons: Evidence;
}

export interface ExpertMatch extends ScoredMatch {
  expert: ExpertDoc;
}

export interface ProblemMatch extends ScoredMatch {
  problem: ProblemDoc;
  view: Exclude<ProblemView, 'none'>;
}

export interface MatcherDeps {
  repos: Repositories;
  engine: SearchEngine;
  corpus: Corpus;
  /** Overrides the weights of score.ts; only the evaluation harness's tuning passes this. */
  weights?: Weights;
}

function fuse(results: readonly SearchResult[]): Map<string, number> {
  const fused = new Map<string, number>();
  for (const result of results) {
    result.hits.forEach((hit, rank) => {
      fused.set(hit.id, (fused.get(hit.id) ?? 0) + 1 / (rrfK + rank + 1));
    });
  }
  const best = Math.max(0, ...fused.values());
  for (const [id, value] of fused) fused.set(id, best > 0 ? value / best : 0);
  return fused;
}

function termQueries(vector: Vector, count: number): string[] {
  const terms = topTerms(vector, queryWords * count);
  const queries: string[] = [];
  for (let i = 0; i < terms.length; i += queryWords) {
    queries.push(terms.slice(i, i + queryWords).join(' '));
  }
  return queries;
}

function publicationVectors(expert: ExpertDoc, idf: Idf) {
  return expert.publications.map((p) => ({
    publication: p,
    vector: tfidf(textTerms(`${p.title}\n${p.abstract ?? ''}`), idf),
  }));
}

function profileVector(expert: ExpertDoc, idf: Idf): Vector {
  const text = [
    ...expert.keywords,
    ...fieldLabels(expert.fields),
    expert.bio,
    ...expert.patents.map((p) => p.title),
    ...expert.projects.flatMap((p) => [p.title, p.summary ?? '']),
  ].join('\n');
  return tfidf(textTerms(text), idf);
}

interface PairContext {
  problem: ProblemDoc;
  problemVector: Vector;
  problemTown?: string;
  expert: ExpertDoc;
  expertTown?: string;
  idf: Idf;
  activeEngagements: number;
  declines: number;
  solved: { problem?: ProblemDoc; fields: string[] }[];
  retrieval: number;
}

function scorePair(ctx: PairContext, weights?: Weights): ScoredMatch {
  const { problem, expert, idf, problemVector } = ctx;
  const publications = publicationVectors(expert, idf)
    .map(({ publication, vector }) => ({
      publication,
      vector,
      similarity: cosine(problemVector, vector),
    }))
    .sort((a, b) => b.similarity - a.similarity);
  const profile = profileVector(expert, idf);
  const fields = fieldOverlap(problem.fields, expert.fields);
  const problemFields = new Set(problem.fields);
  const solvedInField = ctx.solved.filter((s) => s.fields.some((f) => problemFields.has(f)));
  const remainingCapacity = Math.max(0, expert.capacity - ctx.activeEngagements);
  const sameTown = Boolean(ctx.expertTown && ctx.expertTown === ctx.problemTown);
  const features: MatchFeatures = {
    publication: publications[0]?.similarity ?? 0,
    profile: cosine(problemVector, profile),
    fields: fields.score,
    retrieval: ctx.retrieval,
    outcomes: saturate(solvedInField.length),
    capacity: expert.capacity > 0 ? remainingCapacity / expert.capacity : 0,
    locality: sameTown ? 1 : 0,
    declines: saturate(ctx.declines),
  };
  const best = publications[0];
  const expertVector = new Map(profile);
  if (best)
    for (const [term, weight] of best.vector)
      expertVector.set(term, Math.max(weight, expertVector.get(term) ?? 0));
  const patentTerms = new Set(topTerms(problemVector, 20));
  const reasons: Evidence = {
    matchedTerms: sharedTerms(problemVector, expertVector, 8),
    matchedFields: fields.matched,
    publications: publications
      .filter((p) => p.similarity > 0.05)
      .slice(0, 3)
      .map((p) => ({
        title: p.publication.title,
        year: p.publication.year,
        similarity: Math.round(p.similarity * 1000) / 1000,
      })),
    patents: expert.patents
      .filter((p) => textTerms(p.title).some((t) => patentTerms.has(t)))
      .slice(0, 3)
      .map((p) => p.title),
    // Another company's private problem is evidence, but not one to name.
    solvedProblems: solvedInField
      .slice(0, 3)
      .map((s) =>
        s.problem && s.problem.confidentiality !== 'private'
          ? { id: s.problem._id, title: s.problem.title, fields: s.fields }
          : { fields: s.fields },
      ),
    remainingCapacity,
    capacity: expert.capacity,
    available: expert.available,
    locality: {
      sameTown,
      ...(ctx.expertTown ? { expertTown: ctx.expertTown } : {}),
      ...(ctx.problemTown ? { problemTown: ctx.problemTown } : {}),
    },
  };
  return { score: scoreOf(features, weights), features, reasons };
}

async function solvedByExpert(repos: Repositories, expertIds: readonly string[]) {
  const solved = await repos.engagements.ofExperts(expertIds, ['solved']);
  const problems = new Map(
    (await repos.problems.getMany([...new Set(solved.map((e) => e.problemId))])).map((p) => [
      p._id,
      p,
    ]),
  );
  const byExpert = new Map<string, { problem?: ProblemDoc; fields: string[] }[]>();
  for (const engagement of solved) {
    const problem = problems.get(engagement.problemId);
    const list = byExpert.get(engagement.expertId) ?? [];
    list.push({ ...(problem ? { problem } : {}), fields: problem?.fields ?? [] });
    byExpert.set(engagement.expertId, list);
  }
  return byExpert;
}

function countDeclines(engagements: readonly EngagementDoc[]): Map<string, number> {
  const counts = new Map<string, number>();
  for (const e of engagements) counts.set(e.expertId, (counts.get(e.expertId) ?? 0) + 1);
  return counts;
}

async function townOf(repos: Repositories, organisationId: string) {
  return (await repos.organisations.get(organisationId))?.town;
}

/** Experts for a problem, best first. Unverified, unavailable or full experts are left out. */
export async function matchExperts(
  deps: MatcherDeps,
  problem: ProblemDoc,
  limit: number,
): Promise<ExpertMatch[]> {
  const { repos, engine } = deps;
  const idf = await deps.corpus.idf();
  // The company and the office read the whole problem, so the whole text drives the search.
  const problemVector = tfidf(
    textTerms(
      [
        problem.title,
        problem.summary,
        problem.description,
        problem.desiredOutcome,
        ...problem.keywords,
        ...fieldLabels(problem.fields),
      ].join('\n'),
    ),
    idf,
  );
  const eligible: SearchFilter = {
    and: [
      { field: 'verified', op: 'eq', value: true },
      { field: 'available', op: 'eq', value: true },
      { field: 'remainingCapacity', op: 'gte', value: 1 },
    ],
  };
  const queries: SearchQuery<'experts'>[] = [
    ...termQueries(problemVector, 3).map((q) => ({
      index: 'experts' as const,
      q,
      filter: eligible,
      limit: perQuery,
      matchingStrategy: 'frequency' as const,
    })),
    {
      index: 'experts',
      filter: { and: [eligible, { field: 'fields', op: 'in', value: problem.fields }] },
      sort: [{ field: 'solvedCount', direction: 'desc' }],
      limit: perQuery,
    },
  ];
  if (problem.keywords.length > 0) {
    queries.push({
      index: 'experts',
      q: problem.keywords.slice(0, queryWords).join(' '),
      filter: eligible,
      limit: perQuery,
      matchingStrategy: 'frequency',
    });
  }
  const fused = fuse(await engine.multiSearch(queries));
  const engagements = await repos.engagements.ofProblem(problem._id);
  const declinedHere = new Set(
    engagements.filter((e) => e.status === 'declined').map((e) => e.expertId),
  );
  const ids = [...fused.entries()]
    .filter(([id]) => !declinedHere.has(id))
    .sort((a, b) => b[1] - a[1])
    .slice(0, candidatePool)
    .map(([id]) => id);
  if (ids.length === 0) return [];
  const [experts, active, solved, declined, problemTown] = await Promise.all([
    repos.experts.getMany(ids),
    repos.engagements.activeCounts(ids),
    solvedByExpert(repos, ids),
    repos.engagements.ofExperts(ids, ['declined']),
    townOf(repos, problem.companyId),
  ]);
  const declines = countDeclines(declined);
  const towns = new Map<string, string | undefined>();
  for (const orgId of new Set(experts.map((e) => e.organisationId))) {
    towns.set(orgId, await townOf(repos, orgId));
  }
  const matches: ExpertMatch[] = [];
  for (const expert of experts) {
    const activeEngagements = active.get(expert._id) ?? 0;
    // The index may lag a capacity or availability change: the store has the last word.
    if (
      expert.verification !== 'verified' ||
      !expert.available ||
      expert.capacity - activeEngagements <= 0
    ) {
      continue;
    }
    const expertTown = towns.get(expert.organisationId);
    const town = problemTown ?? problem.town;
    const scored = scorePair(
      {
        problem,
        problemVector,
        ...(town ? { problemTown: town } : {}),
        expert,
        ...(expertTown ? { expertTown } : {}),
        idf,
        activeEngagements,
        declines: declines.get(expert._id) ?? 0,
        solved: solved.get(expert._id) ?? [],
        retrieval: fused.get(expert._id) ?? 0,
      },
      deps.weights,
    );
    matches.push({ ...scored, expert });
  }
  return matches.sort((a, b) => b.score - a.score).slice(0, limit);
}

/**
 * Open problems for an expert, best first, scored over what the expert may read of each one
 * (summary-only problems by their title, summary and keywords), so that neither the ranking nor
 * the reasons reveal a confidential description. `problemIds` are scored even when the search
 * did not find them, as long as the expert may see them.
 */
export async function matchProblems(
  deps: MatcherDeps,
  expert: ExpertDoc,
  options: { limit: number; problemIds?: readonly string[] },
): Promise<ProblemMatch[]> {
  const { repos, engine } = deps;
  const idf = await deps.corpus.idf();
  const publications = publicationVectors(expert, idf)
    .sort((a, b) => b.publication.year - a.publication.year)
    .slice(0, 6);
  const profile = tfidf(textTerms(expertText(expert)), idf);
  const visible: SearchFilter = {
    and: [
      { field: 'status', op: 'eq', value: 'open' },
      { field: 'confidentiality', op: 'in', value: ['public', 'summary'] },
    ],
  };
  const termQuery = (q: string): SearchQuery<'problems'> => ({
    index: 'problems',
    q,
    filter: visible,
    limit: perQuery,
    matchingStrategy: 'frequency',
  });
  const queries: SearchQuery<'problems'>[] = [
    ...termQueries(profile, 2).map(termQuery),
    ...publications.flatMap(({ vector }) => termQueries(vector, 1).map(termQuery)),
    {
      index: 'problems',
      filter: { and: [visible, { field: 'fields', op: 'in', value: expert.fields }] },
      sort: [{ field: 'publishedAt', direction: 'desc' }],
      limit: perQuery,
    },
  ];
  const fused = fuse(await engine.multiSearch(queries));
  const [own, active, solved, declined, expertTown] = await Promise.all([
    repos.engagements.ofExperts([expert._id], [...engagedStatuses, 'declined', 'interested']),
    repos.engagements.activeCount(expert._id),
    solvedByExpert(repos, [expert._id]),
    repos.engagements.ofExperts([expert._id], ['declined']),
    townOf(repos, expert.organisationId),
  ]);
  const declinedHere = new Set(declined.map((e) => e.problemId));
  const engaged = new Set(
    own
      .filter((e) => (engagedStatuses as readonly string[]).includes(e.status))
      .map((e) => e.problemId),
  );
  const ids = options.problemIds?.length
    ? [...new Set(options.problemIds)]
    : [...fused.entries()]
        .sort((a, b) => b[1] - a[1])
        .slice(0, candidatePool)
        .map(([id]) => id);
  const problems = await repos.problems.getMany(ids.filter((id) => !declinedHere.has(id)));
  const reader: Actor = {
    userId: `expert:${expert._id}`,
    role: 'expert',
    name: expert.name,
    organisationId: expert.organisationId,
    expertId: expert._id,
  };
  const matches: ProblemMatch[] = [];
  for (const problem of problems) {
    const view = problemView(
      reader,
      problem,
      engaged.has(problem._id) ? new Set([expert._id]) : new Set(),
    );
    if (view === 'none') continue;
    if (!options.problemIds?.length && problem.status !== 'open') continue;
    const text =
      view === 'full'
        ? [
            problem.title,
            problem.summary,
            problem.description,
            problem.desiredOutcome,
            ...problem.keywords,
            ...fieldLabels(problem.fields),
          ].join('\n')
        : problemPublicText({ ...problem, confidentiality: 'summary' });
    const scored = scorePair(
      {
        problem,
        problemVector: tfidf(textTerms(text), idf),
        ...(problem.town ? { problemTown: problem.town } : {}),
        expert,
        ...(expertTown ? { expertTown } : {}),
        idf,
        activeEngagements: active,
        declines: declined.length,
        solved: solved.get(expert._id) ?? [],
        retrieval: fused.get(problem._id) ?? 0,
      },
      deps.weights,
    );
    matches.push({ ...scored, problem, view });
  }
  return matches.sort((a, b) => b.score - a.score).slice(0, options.limit);
}
