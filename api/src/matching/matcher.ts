import type { ExpertSearchDoc, ProblemSearchDoc } from '@jiedui/search-config';
import type { Actor } from '../features/access/actor.js';
import { problemView, type ProblemView } from '../features/access/policy.js';
import { capacityStatuses, engagedStatuses } from '../features/engagements/schemas.js';
import type { ExpertDoc } from '../features/experts/repository.js';
import type { ProblemDoc } from '../features/problems/repository.js';
import type { Repositories } from '../features/repositories.js';
import { toExpertSearchDoc, toProblemSearchDoc } from '../search/documents.js';
import type { SearchEngine, SearchResult } from '../search/engine.js';
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
import { problemFullText, type Semantic } from '../semantic/service.js';
import type { Corpus } from './corpus.js';
import {
  bestIds,
  candidatePool,
  expertQueriesOf,
  expertQueryCounts,
  fuseRanks,
  problemQueriesOf,
  problemQueryTerms,
  type MatchExpertDoc,
  type MatchProblemDoc,
} from './plan.js';
import { cachedProblem, forgetRecord } from './records.js';
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
// rankings are fused by reciprocal rank (plan.ts). Each candidate is then scored over full texts
// (TF-IDF cosine per publication, best one kept; text-evidence.ts) and structured evidence in
// score.ts.
//
// A match reads no collection scan of the store: the candidates' profiles and their structured
// evidence (capacity, availability, town, solved problems, declines) come with the search hits,
// as the indexer derived them. With the embedded engine the whole candidate side (terms, queries,
// fusion, eligibility, text evidence) runs in its worker in one message (search/embedded-match.ts)
// and the expert's engagements come from its indexed document when that is of the expert's
// current rev (every engagement change bumps it). The store is read only by `_id`, through the
// record cache (records.ts): the problem or expert asked about, the few non-public problems an
// expert reads in full. Without a current indexed copy of the expert, its engagements are read
// from the store, so a declined pair is never suggested again even before the indexer caught up.

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

interface PairContext {
  problemFields: readonly string[];
  problemTown?: string;
  expert: MatchExpertDoc;
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

/** The ids each result ranked and every document they returned. */
function listsOf(results: readonly SearchResult[]) {
  const docs = new Map<string, unknown>();
  for (const result of results) for (const hit of result.hits) docs.set(hit.id, hit.document);
  return { lists: results.map((result) => result.hits.map((hit) => hit.id)), docs };
}

interface ExpertCandidates {
  candidates: { doc: MatchExpertDoc; retrieval: number; text?: PairText | undefined }[];
  problemTown?: string | undefined;
  semanticQuery: Float32Array[] | undefined;
  /** The engine holds a later rev of the problem than the caller read. */
  stale?: boolean;
}

/** The candidate side in the engine's worker: one message. */
async function expertCandidatesInEngine(
  deps: MatcherDeps,
  run: NonNullable<TextScorer['expertsForProblem']>,
  problem: ProblemDoc,
  text: string,
): Promise<ExpertCandidates> {
  // The problem's vectors first (kept for its rev): the vector index's nearest experts join the
  // worker's fusion, found here while the worker runs the engine queries.
  const semanticQuery = await problemQuery(deps.semantic, problem);
  const reply = await run(
    {
      problemId: problem._id,
      text,
      fields: [...problem.fields],
      keywords: [...problem.keywords],
      semantic: [],
    },
    semanticQuery ? () => expertCandidates(deps.semantic, semanticQuery) : undefined,
  );
  // The problem keeps its company's town, and so does its indexed copy; the organisation is read
  // only when neither has one.
  const known = [problem.town, reply.problemTown].find(Boolean);
  const problemTown =
    known ??
    (reply.candidates.length > 0 ? await townOf(deps.repos, problem.companyId) : undefined);
  return {
    candidates: reply.candidates,
    problemTown,
    semanticQuery,
    ...(reply.problemRev !== undefined && reply.problemRev > problem.rev ? { stale: true } : {}),
  };
}

/** The candidate side on this thread, for engines that do not run it themselves. */
async function expertCandidatesHere(
  deps: MatcherDeps,
  scorer: TextScorer,
  problem: ProblemDoc,
  text: string,
): Promise<ExpertCandidates> {
  const terms = await scorer.topTerms(text, problemQueryTerms);
  // The same text, embedded (the worker runs it while the engine searches): experts whose papers
  // say it in other words score by meaning too.
  const [results, problemTown, semanticQuery] = await Promise.all([
    deps.engine.multiSearch(expertQueriesOf(problem, terms)),
    problem.town ? Promise.resolve(problem.town) : townOf(deps.repos, problem.companyId),
    problemQuery(deps.semantic, problem),
  ]);
  // The vector index's nearest experts join the fusion; only those the engine returned come with a
  // document to score (an engine lookup by id would let the others in: see the integration plan).
  const { lists, docs } = listsOf(results);
  const fused = fuseRanks([...lists, expertCandidates(deps.semantic, semanticQuery)]);
  // Declines come with the expert's document: the indexer pushes it again when one happens.
  const candidates = bestIds(fused, Infinity)
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
  if (candidates.length === 0) return { candidates: [], problemTown, semanticQuery };
  const texts = await scorer.forProblem(text, candidates);
  return {
    candidates: candidates.map((doc) => ({
      doc,
      retrieval: fused.get(doc.id) ?? 0,
      text: texts.get(doc.id),
    })),
    problemTown,
    semanticQuery,
  };
}

/** Experts for a problem, best first. Unverified, unavailable or full experts are left out. */
export async function matchExperts(
  deps: MatcherDeps,
  problem: ProblemDoc,
  limit: number,
): Promise<ExpertMatch[]> {
  const scorer = scorerOf(deps);
  // The company and the office read the whole problem, so the whole text drives the search.
  const text = problemFullText(problem);
  // With the embedding model on and the problem's vectors not kept for this rev (embedding lags a
  // write), its text is embedded while the engine searches: the worker's one message would have to
  // wait for the vectors (its fusion takes the nearest experts), so the candidate side stays here,
  // where the two run side by side.
  const vectorsWait =
    deps.semantic?.enabled === true && !deps.semantic.problemQuery(problem._id, problem.rev);
  const inEngine = vectorsWait ? undefined : scorer.expertsForProblem?.bind(scorer);
  const { candidates, problemTown, semanticQuery, stale } = inEngine
    ? await expertCandidatesInEngine(deps, inEngine, problem, text)
    : await expertCandidatesHere(deps, scorer, problem, text);
  if (stale) {
    // The caller's record is older than the engine's copy (a write the record cache did not hear
    // of, from another instance): read it again and match that.
    forgetRecord('problems', problem._id);
    const current = await deps.repos.problems.get(problem._id);
    if (current && current.rev > problem.rev) return matchExperts(deps, current, limit);
  }
  if (candidates.length === 0) return [];
  const semantic = scoreExperts(
    deps.semantic,
    semanticQuery,
    candidates.map((c) => c.doc.id),
  );
  const matches: ExpertMatch[] = candidates.map(({ doc: expert, retrieval, text: pair }) => {
    const capacity = expert.capacity ?? expert.remainingCapacity;
    const scored = scorePair(
      {
        problemFields: problem.fields,
        ...(problemTown ? { problemTown } : {}),
        expert,
        text: pair,
        activeEngagements: capacity - expert.remainingCapacity,
        declines: expert.declinedCount ?? 0,
        solved: expert.solved ?? [],
        retrieval,
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

type ExpertState = ReturnType<typeof stateOf>;

/** The expert's own engagements, as the index would derive them, read once. */
async function expertState(repos: Repositories, expert: ExpertDoc): Promise<ExpertState> {
  const own = await repos.engagements.ofExperts(
    [expert._id],
    [...new Set([...engagedStatuses, ...capacityStatuses, 'declined', 'interested'] as const)],
  );
  const active = new Set<string>(capacityStatuses);
  const solvedIds = own.filter((e) => e.status === 'solved').map((e) => e.problemId);
  // By `_id`, a few at most (an `$in` of ids scanned the collection before the FerretDB patch).
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

function readerOf(expert: ExpertDoc): Actor {
  return {
    userId: `expert:${expert._id}`,
    role: 'expert',
    name: expert.name,
    organisationId: expert.organisationId,
    expertId: expert._id,
  };
}

interface Subject {
  doc: MatchProblemDoc;
  view: Exclude<ProblemView, 'none'>;
  retrieval: number;
  text?: PairText | undefined;
}

interface ProblemCandidates {
  profile: ExpertSearchDoc;
  state: ExpertState;
  subjects: Subject[];
  expertVectors: Awaited<ReturnType<typeof expertQuery>>;
}

/**
 * The candidate side in the engine's worker, when it holds the expert at this rev: one message,
 * and the store only for what the expert reads in full beyond the index. Undefined otherwise.
 */
async function problemCandidatesInEngine(
  deps: MatcherDeps,
  scorer: TextScorer,
  run: NonNullable<TextScorer['problemsForExpert']>,
  expert: ExpertDoc,
  asked: string[] | undefined,
): Promise<ProblemCandidates | { stale: true } | undefined> {
  // The expert's vectors (stored with the profile, or computed now): problems that say in other
  // words what the papers do join the fusion. Problems are embedded from what every reader sees.
  // Found here while the worker runs the engine queries.
  const expertVectors = await expertQuery(deps.semantic, expert);
  const reply = await run(
    {
      expertId: expert._id,
      rev: expert.rev,
      fields: [...expert.fields],
      semantic: [],
      ...(asked ? { asked } : {}),
    },
    expertVectors ? () => problemCandidates(deps.semantic, expertVectors) : undefined,
  );
  if (!reply.fresh) {
    // The engine holds a later rev than the record the caller read: that read was stale.
    if (reply.indexedRev !== undefined && reply.indexedRev > expert.rev) return { stale: true };
    return undefined;
  }
  const profile = reply.expert;
  const state = stateOf(profile);
  const reader = readerOf(expert);
  const stored = new Map<string, ProblemDoc>();
  const needStore = reply.candidates.filter((c) => !c.doc || c.fullText).map((c) => c.id);
  for (const doc of await Promise.all(needStore.map((id) => cachedProblem(deps.repos, id)))) {
    if (doc) stored.set(doc._id, doc);
  }
  const subjects: Subject[] = [];
  const later: { id: string; text: string }[] = [];
  for (const candidate of reply.candidates) {
    const { id } = candidate;
    const full = stored.get(id);
    const doc: MatchProblemDoc | undefined =
      candidate.doc ?? (full && toProblemSearchDoc(full, null));
    if (!doc) continue;
    const view = problemView(
      reader,
      doc,
      state.engaged.has(id) ? new Set([expert._id]) : new Set(),
    );
    if (view === 'none') continue;
    if (!asked && doc.status !== 'open') continue;
    subjects.push({ doc, view, retrieval: candidate.retrieval, text: candidate.text });
    if (candidate.text) continue;
    if (view === 'full' && full) later.push({ id, text: problemFullText(full) });
    else if (full) later.push({ id, text: problemPiece(toProblemSearchDoc(full, null)) });
  }
  if (later.length > 0) {
    const texts = await scorer.forExpert(profile, later);
    for (const subject of subjects) subject.text ??= texts.get(subject.doc.id);
  }
  return { profile, state, subjects, expertVectors };
}

/** The candidate side on this thread, for engines that do not run it themselves. */
async function problemCandidatesHere(
  deps: MatcherDeps,
  expert: ExpertDoc,
  asked: string[] | undefined,
): Promise<ProblemCandidates> {
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
  let terms = await scorer.expertQueries(profile, expertQueryCounts);
  // The worker scores experts it has indexed; one written a moment ago is scored here.
  if (terms.profile.length === 0 && deps.engine.textScorer) {
    scorer = createLocalTextScorer(() => deps.corpus.idf());
    terms = await scorer.expertQueries(profile, expertQueryCounts);
  }
  // The expert's vectors (stored with the profile, or computed now): problems that say in other
  // words what the papers do join the fusion; those the engine did not return are read by `_id`
  // below like any problem asked for. Problems are embedded from what every reader may see.
  const [results, expertVectors] = await Promise.all([
    engine.multiSearch(problemQueriesOf(expert.fields, terms)),
    expertQuery(deps.semantic, expert),
  ]);
  const { lists, docs } = listsOf(results);
  const fused = fuseRanks([...lists, problemCandidates(deps.semantic, expertVectors)]);
  const ids = (asked ?? bestIds(fused)).filter((id) => !state.declined.has(id));
  const reader = readerOf(expert);
  // Problems the search did not return (asked for by id) and those the expert may read in full
  // beyond what the index holds come from the store, by `_id`.
  const stored = new Map<string, ProblemDoc>();
  const needStore = ids.filter((id) => {
    const doc = docs.get(id) as ProblemSearchDoc | undefined;
    return !doc || (doc.confidentiality !== 'public' && state.engaged.has(id));
  });
  for (const doc of await Promise.all(needStore.map((id) => cachedProblem(repos, id)))) {
    if (doc) stored.set(doc._id, doc);
  }
  const chosen: { doc: ProblemSearchDoc; view: Exclude<ProblemView, 'none'>; text?: string }[] = [];
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
    chosen.push({ doc, view, ...(text === undefined ? {} : { text }) });
  }
  const texts = await scorer.forExpert(
    profile,
    chosen.map((s) => ({
      id: s.doc.id,
      doc: s.doc,
      ...(s.text === undefined ? {} : { text: s.text }),
    })),
  );
  return {
    profile,
    state,
    expertVectors,
    subjects: chosen.map(({ doc, view }) => ({
      doc,
      view,
      retrieval: fused.get(doc.id) ?? 0,
      text: texts.get(doc.id),
    })),
  };
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
  const asked = options.problemIds?.length ? [...new Set(options.problemIds)] : undefined;
  const scorer = scorerOf(deps);
  let found: ProblemCandidates | undefined;
  if (scorer.problemsForExpert) {
    const run = scorer.problemsForExpert.bind(scorer);
    const inEngine = await problemCandidatesInEngine(deps, scorer, run, expert, asked);
    if (inEngine && 'stale' in inEngine) {
      // The caller's record is older than the engine's copy (a write the record cache did not
      // hear of, from another instance): read it again and match that.
      forgetRecord('experts', expert._id);
      const current = await deps.repos.experts.get(expert._id);
      if (current && current.rev > expert.rev) return matchProblems(deps, current, options);
    } else found = inEngine;
  }
  found ??= await problemCandidatesHere(deps, expert, asked);
  const { profile, state, subjects, expertVectors } = found;
  const semantic = scoreProblems(
    deps.semantic,
    expertVectors,
    subjects.map((s) => s.doc.id),
  );
  const matches: ProblemMatch[] = subjects.map(({ doc, view, retrieval, text }) => {
    const scored = scorePair(
      {
        problemFields: doc.fields,
        ...(doc.town ? { problemTown: doc.town } : {}),
        expert: profile,
        text,
        activeEngagements: state.activeEngagements,
        declines: state.declined.size,
        solved: state.solved,
        retrieval,
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
