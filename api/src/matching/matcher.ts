import type { ExpertSearchDoc, ProblemSearchDoc } from '@jiedui/search-config';
import type { Actor } from '../features/access/actor.js';
import { problemView, type ProblemView } from '../features/access/policy.js';
import { capacityStatuses, engagedStatuses } from '../features/engagements/schemas.js';
import type { ExpertDoc } from '../features/experts/repository.js';
import type { ProblemDoc } from '../features/problems/repository.js';
import type { Repositories } from '../features/repositories.js';
import { fieldLabels, toExpertSearchDoc, toProblemSearchDoc } from '../search/documents.js';
import type { SearchEngine, SearchFilter, SearchQuery } from '../search/engine.js';
import {
  expertCandidates,
  expertEvidence,
  expertQuery,
  problemCandidates,
  problemEvidence,
  problemQuery,
  scoreExperts,
  scoreProblems,
  semanticFeature,
  type SemanticEvidence,
} from '../semantic/match.js';
import type { Semantic } from '../semantic/service.js';
import type { Corpus } from './corpus.js';
import { fieldOverlap, saturate, scoreOf, type MatchFeatures, type Weights } from './score.js';
import {
  createLocalTextScorer,
  problemPiece,
  type PairText,
  type TextScorer,
} from './text-evidence.js';

// Ranked matching. The search engine generates candidates: the key terms of the text (highest
// TF-IDF first) go out as several queries of at most ten words, because Meilisearch reads only
// the first ten, plus one query per publication and one that lists the same fields; their
// rankings are fused by reciprocal rank. Each candidate is then scored over full texts (TF-IDF
// cosine per publication, best one kept; text-evidence.ts) and structured evidence in score.ts.
//
// A match reads no collection scan of the store: the candidates' profiles and their structured
// evidence (capacity, availability, town, solved problems, declines) come with the search hits,
// as the indexer derived them, and the text evidence from the engine's worker when it keeps the
// terms. The store is read only by `_id` (the problem or expert asked about, organisations) and
// for the engagements of that one problem or expert, so that a declined pair is never suggested
// again even before the indexer has caught up.

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
  /** The expert's paper (or profile) that matched by meaning, when semantic matching is on. */
  semanticMatch?: SemanticEvidence;
}

export interface ScoredMatch {
  score: number;
  features: MatchFeatures;
  reasons: Evidence;
}

export interface ExpertMatch extends ScoredMatch {
  expert: { _id: string; name: string; title: string; universityName: string; fields: string[] };
}

export interface ProblemMatch extends ScoredMatch {
  problem: Pick<
    ProblemDoc,
    '_id' | 'title' | 'summary' | 'fields' | 'companyName' | 'status' | 'confidentiality'
  > & { town?: string; industry?: string };
  view: Exclude<ProblemView, 'none'>;
}

export interface MatcherDeps {
  repos: Repositories;
  engine: SearchEngine;
  /** IDF for engines that do not keep the matcher's terms (Meilisearch). */
  corpus: Corpus;
  /** Overrides the weights of score.ts; only the evaluation harness's tuning passes this. */
  weights?: Weights;
  /** Semantic matching (src/semantic); absent or off: lexical-only. */
  semantic?: Semantic | undefined;
}

function scorerOf(deps: MatcherDeps): TextScorer {
  return deps.engine.textScorer ?? createLocalTextScorer(() => deps.corpus.idf());
}

// Semantic candidates come as hits without a document: they must not hide the engine's.
function fuse(results: readonly { hits: readonly { id: string; document?: unknown }[] }[]) {
  const fused = new Map<string, number>();
  const docs = new Map<string, unknown>();
  for (const result of results) {
    result.hits.forEach((hit, rank) => {
      fused.set(hit.id, (fused.get(hit.id) ?? 0) + 1 / (rrfK + rank + 1));
      if (hit.document !== undefined) docs.set(hit.id, hit.document);
    });
  }
  const best = Math.max(0, ...fused.values());
  for (const [id, value] of fused) fused.set(id, best > 0 ? value / best : 0);
  return { fused, docs };
}

function chunked(terms: readonly string[]): string[] {
  const queries: string[] = [];
  for (let i = 0; i < terms.length; i += queryWords) {
    queries.push(terms.slice(i, i + queryWords).join(' '));
  }
  return queries;
}

const best = (fused: Map<string, number>, count = candidatePool) =>
  [...fused.entries()]
    .sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))
    .slice(0, count)
    .map(([id]) => id);

interface PairContext {
  problemFields: readonly string[];
  problemTown?: string;
  expert: ExpertSearchDoc;
  text: PairText | undefined;
  activeEngagements: number;
  declines: number;
  solved: readonly { id?: string; title?: string; fields: string[] }[];
  retrieval: number;
  semantic: number;
  semanticMatch?: SemanticEvidence | undefined;
}

function scorePair(ctx: PairContext, weights?: Weights): ScoredMatch {
  const { expert, text } = ctx;
  const fields = fieldOverlap(ctx.problemFields, expert.fields);
  const problemFields = new Set(ctx.problemFields);
  const solvedInField = ctx.solved.filter((s) => s.fields.some((f) => problemFields.has(f)));
  const capacity = expert.capacity ?? expert.remainingCapacity;
  const remainingCapacity = Math.max(0, capacity - ctx.activeEngagements);
  const expertTown = expert.town;
  const sameTown = Boolean(expertTown && expertTown === ctx.problemTown);
  const features: MatchFeatures = {
    publication: text?.publication ?? 0,
    profile: text?.profile ?? 0,
    fields: fields.score,
    retrieval: ctx.retrieval,
    outcomes: saturate(solvedInField.length),
    capacity: capacity > 0 ? remainingCapacity / capacity : 0,
    locality: sameTown ? 1 : 0,
    declines: saturate(ctx.declines),
    semantic: ctx.semantic,
  };
  const years = expert.publicationYears ?? [];
  const reasons: Evidence = {
    matchedTerms: text?.matchedTerms ?? [],
    matchedFields: fields.matched,
    publications: (text?.publications ?? []).map((p) => ({
      title: expert.publicationTitles[p.index] ?? '',
      year: years[p.index] ?? 0,
      similarity: p.similarity,
    })),
    patents: (text?.patents ?? []).map((i) => expert.patentTitles[i] ?? ''),
    // Another company's private problem is evidence, but not one to name.
    solvedProblems: solvedInField
      .slice(0, 3)
      .map((s) =>
        s.id && s.title ? { id: s.id, title: s.title, fields: s.fields } : { fields: s.fields },
      ),
    remainingCapacity,
    capacity,
    available: expert.available,
    locality: {
      sameTown,
      ...(expertTown ? { expertTown } : {}),
      ...(ctx.problemTown ? { problemTown: ctx.problemTown } : {}),
    },
    ...(ctx.semanticMatch ? { semanticMatch: ctx.semanticMatch } : {}),
  };
  return { score: scoreOf(features, weights), features, reasons };
}

async function townOf(repos: Repositories, organisationId: string) {
  return (await repos.organisations.get(organisationId))?.town;
}

/** The whole text of a problem, as its company and the office read it. */
function problemFullText(problem: ProblemDoc): string {
  return [
    problem.title,
    problem.summary,
    problem.description,
    problem.desiredOutcome,
    ...problem.keywords,
    ...fieldLabels(problem.fields),
  ].join('\n');
}

/** Experts for a problem, best first. Unverified, unavailable or full experts are left out. */
export async function matchExperts(
  deps: MatcherDeps,
  problem: ProblemDoc,
  limit: number,
): Promise<ExpertMatch[]> {
  const { repos, engine } = deps;
  const scorer = scorerOf(deps);
  // The company and the office read the whole problem, so the whole text drives the search.
  const text = problemFullText(problem);
  const terms = await scorer.topTerms(text, queryWords * 3);
  const eligible: SearchFilter = {
    and: [
      { field: 'verified', op: 'eq', value: true },
      { field: 'available', op: 'eq', value: true },
      { field: 'remainingCapacity', op: 'gte', value: 1 },
    ],
  };
  const queries: SearchQuery<'experts'>[] = [
    ...chunked(terms).map((q) => ({
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
  // The problem keeps its company's town; the organisation is read only when it has none.
  // The same text, embedded (the worker runs it while the engine searches): experts whose papers
  // say it in other words score by meaning too.
  const [results, companyTown, semanticQuery] = await Promise.all([
    engine.multiSearch(queries),
    problem.town ? Promise.resolve(problem.town) : townOf(repos, problem.companyId),
    problemQuery(deps.semantic, text),
  ]);
  // The vector index's nearest experts join the fusion; only those the engine returned come with a
  // document to score (an engine lookup by id would let the others in: see the integration plan).
  const { fused, docs } = fuse([
    ...results,
    { hits: expertCandidates(deps.semantic, semanticQuery).map((id) => ({ id })) },
  ]);
  // Declines come with the expert's document: the indexer pushes it again when one happens.
  const candidates = best(fused, Infinity)
    .map((id) => docs.get(id) as ExpertSearchDoc | undefined)
    .filter((doc): doc is ExpertSearchDoc => doc !== undefined)
    .filter(
      (doc) =>
        doc.verified &&
        doc.available &&
        doc.remainingCapacity >= 1 &&
        !doc.declinedProblemIds?.includes(problem._id),
    )
    .slice(0, candidatePool);
  if (candidates.length === 0) return [];
  const texts = await scorer.forProblem(text, candidates);
  const semantic = scoreExperts(
    deps.semantic,
    semanticQuery,
    candidates.map((c) => c.id),
  );
  const problemTown = companyTown;
  const matches: ExpertMatch[] = candidates.map((expert) => {
    const capacity = expert.capacity ?? expert.remainingCapacity;
    const scored = scorePair(
      {
        problemFields: problem.fields,
        ...(problemTown ? { problemTown } : {}),
        expert,
        text: texts.get(expert.id),
        activeEngagements: capacity - expert.remainingCapacity,
        declines: expert.declinedCount ?? 0,
        solved: expert.solved ?? [],
        retrieval: fused.get(expert.id) ?? 0,
        semantic: semanticFeature(semantic, expert.id),
        semanticMatch: expertEvidence(
          semantic?.byId.get(expert.id),
          expert.publicationTitles.map((title, i) => ({
            title,
            year: expert.publicationYears?.[i],
          })),
        ),
      },
      deps.weights,
    );
    return {
      ...scored,
      expert: {
        _id: expert.id,
        name: expert.name,
        title: expert.title,
        universityName: expert.university,
        fields: expert.fields,
      },
    };
  });
  return matches.sort((a, b) => b.score - a.score).slice(0, limit);
}

/** The expert's engagements as its indexed document carries them. */
function stateOf(doc: ExpertSearchDoc) {
  const capacity = doc.capacity ?? doc.remainingCapacity;
  return {
    activeEngagements: Math.max(0, capacity - doc.remainingCapacity),
    solved: doc.solved ?? [],
    declined: new Set(doc.declinedProblemIds ?? []),
    engaged: new Set(doc.engagedProblemIds ?? []),
  };
}

/** The expert's own engagements, as the index would derive them, read once. */
async function expertState(repos: Repositories, expert: ExpertDoc) {
  const own = await repos.engagements.ofExperts(
    [expert._id],
    [...new Set([...engagedStatuses, ...capacityStatuses, 'declined', 'interested'] as const)],
  );
  const active = new Set<string>(capacityStatuses);
  const solvedIds = own.filter((e) => e.status === 'solved').map((e) => e.problemId);
  // By `_id`, a few at most: the local server scans the whole collection for `$in`.
  const solvedDocs = await Promise.all(solvedIds.slice(0, 20).map((id) => repos.problems.get(id)));
  const solved = solvedDocs
    .filter((p) => p !== null)
    .map((p) => ({
      id: p._id,
      ...(p.confidentiality === 'private' ? {} : { title: p.title }),
      fields: p.fields,
    }));
  const activeEngagements = own.filter((e) => active.has(e.status)).length;
  const declined = new Set(own.filter((e) => e.status === 'declined').map((e) => e.problemId));
  const engaged = new Set(
    own
      .filter((e) => (engagedStatuses as readonly string[]).includes(e.status))
      .map((e) => e.problemId),
  );
  return { activeEngagements, solved, declined, engaged };
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
  let scorer = scorerOf(deps);
  // The engine's copy of this rev carries the engagements as the indexer derived them; without
  // it (another engine, or a write not pushed yet) they are read from the store.
  const indexed = await scorer.indexed?.(expert._id);
  const fresh = indexed?.rev === expert.rev ? indexed : undefined;
  const [state, expertTown] = fresh
    ? [stateOf(fresh), fresh.town]
    : await Promise.all([expertState(repos, expert), townOf(repos, expert.organisationId)]);
  const profile =
    fresh ??
    toExpertSearchDoc(expert, {
      activeEngagements: state.activeEngagements,
      solvedCount: state.solved.length,
      declinedCount: state.declined.size,
      solved: state.solved,
    });
  if (!fresh && expertTown) profile.town = expertTown;
  const counts = { profile: queryWords * 2, publications: 6, perPublication: queryWords };
  let terms = await scorer.expertQueries(profile, counts);
  // The worker scores experts it has indexed; one written a moment ago is scored here.
  if (terms.profile.length === 0 && deps.engine.textScorer) {
    scorer = createLocalTextScorer(() => deps.corpus.idf());
    terms = await scorer.expertQueries(profile, counts);
  }
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
    ...chunked(terms.profile).map(termQuery),
    ...terms.publications.flatMap((p) => chunked(p).map(termQuery)),
    {
      index: 'problems',
      filter: { and: [visible, { field: 'fields', op: 'in', value: expert.fields }] },
      sort: [{ field: 'publishedAt', direction: 'desc' }],
      limit: perQuery,
    },
  ];
  // The expert's vectors (stored with the profile, or computed now): problems that say in other
  // words what the papers do join the fusion; those the engine did not return are read by `_id`
  // below like any problem asked for. Problems are embedded from what every reader may see.
  const [results, expertVectors] = await Promise.all([
    engine.multiSearch(queries),
    expertQuery(deps.semantic, expert),
  ]);
  const { fused, docs } = fuse([
    ...results,
    { hits: problemCandidates(deps.semantic, expertVectors).map((id) => ({ id })) },
  ]);
  const asked = options.problemIds?.length ? [...new Set(options.problemIds)] : undefined;
  const ids = (asked ?? best(fused)).filter((id) => !state.declined.has(id));
  const reader: Actor = {
    userId: `expert:${expert._id}`,
    role: 'expert',
    name: expert.name,
    organisationId: expert.organisationId,
    expertId: expert._id,
  };
  // Problems the search did not return (asked for by id) and those the expert may read in full
  // beyond what the index holds come from the store, by `_id`.
  const stored = new Map<string, ProblemDoc>();
  const needStore = ids.filter((id) => {
    const doc = docs.get(id) as ProblemSearchDoc | undefined;
    return !doc || (doc.confidentiality !== 'public' && state.engaged.has(id));
  });
  for (const doc of await Promise.all(needStore.map((id) => repos.problems.get(id)))) {
    if (doc) stored.set(doc._id, doc);
  }
  const subjects: { doc: ProblemSearchDoc; view: Exclude<ProblemView, 'none'>; text?: string }[] =
    [];
  for (const id of ids) {
    const full = stored.get(id);
    const doc =
      (docs.get(id) as ProblemSearchDoc | undefined) ?? (full && toProblemSearchDoc(full, null));
    if (!doc) continue;
    const view = problemView(
      reader,
      doc,
      state.engaged.has(id) ? new Set([expert._id]) : new Set(),
    );
    if (view === 'none') continue;
    if (!asked && doc.status !== 'open') continue;
    const text =
      view === 'full' && full
        ? problemFullText(full)
        : docs.has(id)
          ? undefined
          : problemPiece(doc);
    subjects.push({ doc, view, ...(text === undefined ? {} : { text }) });
  }
  const texts = await scorer.forExpert(
    profile,
    subjects.map((s) => ({
      id: s.doc.id,
      doc: s.doc,
      ...(s.text === undefined ? {} : { text: s.text }),
    })),
  );
  const semantic = scoreProblems(
    deps.semantic,
    expertVectors,
    subjects.map((s) => s.doc.id),
  );
  const matches: ProblemMatch[] = subjects.map(({ doc, view }) => {
    const scored = scorePair(
      {
        problemFields: doc.fields,
        ...(doc.town ? { problemTown: doc.town } : {}),
        expert: profile,
        text: texts.get(doc.id),
        activeEngagements: state.activeEngagements,
        declines: state.declined.size,
        solved: state.solved,
        retrieval: fused.get(doc.id) ?? 0,
        semantic: semanticFeature(semantic, doc.id),
        semanticMatch: problemEvidence(semantic, doc.id, expert.publications),
      },
      deps.weights,
    );
    return {
      ...scored,
      view,
      problem: {
        _id: doc.id,
        title: doc.title,
        summary: doc.summary,
        fields: doc.fields,
        companyName: doc.companyName,
        ...(doc.town ? { town: doc.town } : {}),
        ...(doc.industry ? { industry: doc.industry } : {}),
        status: doc.status,
        confidentiality: doc.confidentiality,
      },
    };
  });
  return matches.sort((a, b) => b.score - a.score).slice(0, options.limit);
}
