import type { Semantic } from '../../semantic/service.js';
import { randomBytes } from 'node:crypto';
import type { Db } from 'mongodb';
import { ApiError, type LocalizedText } from '../../lib/errors.js';
import type { Lang } from '../../lib/i18n.js';
import type { Logger } from '../../lib/logger.js';
import { isDuplicateKeyError } from '../../lib/mongo.js';
import { toWireDate } from '../../lib/time.js';
import {
  pruneTopK,
  solveAssignment,
  type AssignmentInputRaw,
  type CandidatePair,
} from '../../matching/assignment/index.js';
import { createCorpus, type Corpus } from '../../matching/corpus.js';
import { matchExperts, matchProblems, type Evidence } from '../../matching/matcher.js';
import type { SearchEngine } from '../../search/index.js';
import type { ActorRef } from '../access/actor.js';
import { engagementStatuses } from '../engagements/schemas.js';
import type { ExpertDoc } from '../experts/repository.js';
import type { ProgrammeDoc } from '../pairings/repository.js';
import type { ProblemDoc } from '../problems/repository.js';
import type { Repositories } from '../repositories.js';
import { notFound } from '../shared/versioned.js';
import {
  createPairingRunRepository,
  newRunId,
  type PairingRunDoc,
  type PairingRunRepository,
  type RunCandidate,
  type RunExpert,
  type RunSettings,
  type RunTarget,
} from './repository.js';
import type { PairingRunInput, RunReasons, RunStatus } from './schemas.js';

export interface RunDeps {
  db: Db;
  repos: Repositories;
  search: SearchEngine;
  semantic?: Semantic | undefined;
  logger: Logger;
  now: () => Date;
}

/** Identifies this process in the runs it starts (see `worker` on the run). */
const workerId = randomBytes(8).toString('hex');
const controllers = new Map<string, AbortController>();
// Solves are CPU-bound on this thread: one at a time, so that a second run waits in `queued`
// instead of halving the first one's speed and the API's responsiveness.
let queue: Promise<void> = Promise.resolve();

const runRepos = new WeakMap<Db, PairingRunRepository>();
export function pairingRunRepository(db: Db): PairingRunRepository {
  let repo = runRepos.get(db);
  if (!repo) {
    repo = createPairingRunRepository(db);
    runRepos.set(db, repo);
  }
  return repo;
}

const corpora = new WeakMap<Db, Corpus>();
function corpusFor(db: Db, repos: Repositories): Corpus {
  let corpus = corpora.get(db);
  if (!corpus) {
    corpus = createCorpus(repos);
    corpora.set(db, corpus);
  }
  return corpus;
}

const openStatuses = new Set(['open', 'in_progress']);
const terminal: readonly RunStatus[] = ['done', 'failed', 'cancelled'];
// Progress is written at most this often while the solver reports.
const progressEveryMs = 250;
// A queued or running run of another process that has not moved for this long died with it.
const staleAfterMs = 120_000;

function conflict(message: LocalizedText, details: unknown): ApiError {
  return new ApiError('CONFLICT', { message, details });
}

/** Loads and checks the cohort: every expert verified and available, every problem open. */
async function loadCohort(
  repos: Repositories,
  input: PairingRunInput,
): Promise<{ experts: RunExpert[]; targets: RunTarget[]; problems: ProblemDoc[] }> {
  const expertIds = [...new Set(input.expertIds ?? [])];
  const expertDocs = await repos.experts.getMany(expertIds);
  const found = new Map(expertDocs.map((e) => [e._id, e]));
  const missing = expertIds.filter((id) => !found.has(id));
  if (missing.length > 0)
    throw new ApiError('NOT_FOUND', {
      message: { zh: '部分专家不存在。', en: 'Some experts do not exist.' },
      details: { missing },
    });
  const unfit = expertDocs.filter((e) => e.verification !== 'verified' || !e.available);
  if (unfit.length > 0)
    throw conflict(
      {
        zh: `以下专家未通过审核或暂停对接：${unfit.map((e) => e.name).join('、')}。`,
        en: `These experts are unverified or unavailable: ${unfit.map((e) => e.name).join(', ')}.`,
      },
      { reason: 'experts_unfit', expertIds: unfit.map((e) => e._id) },
    );
  const active = await repos.engagements.activeCounts(expertIds);
  const experts = expertIds.map((id) => {
    const e = found.get(id) as ExpertDoc;
    return {
      id,
      name: e.name,
      organisationId: e.organisationId,
      universityName: e.universityName,
      remaining: Math.max(0, e.capacity - (active.get(id) ?? 0)),
    };
  });

  if (input.problemIds) {
    const ids = [...new Set(input.problemIds)];
    const problems = await repos.problems.getMany(ids);
    const byId = new Map(problems.map((p) => [p._id, p]));
    const absent = ids.filter((id) => !byId.has(id));
    if (absent.length > 0)
      throw new ApiError('NOT_FOUND', {
        message: { zh: '部分难题不存在。', en: 'Some problems do not exist.' },
        details: { missing: absent },
      });
    const closed = problems.filter((p) => !openStatuses.has(p.status));
    if (closed.length > 0)
      throw conflict(
        {
          zh: '只有已发布且未结束的难题可以参与结对。',
          en: 'Only published, unfinished problems can be paired.',
        },
        { reason: 'problems_not_open', problemIds: closed.map((p) => p._id) },
      );
    const targets = ids.map((id) => {
      const p = byId.get(id) as ProblemDoc;
      return {
        id,
        kind: 'problem' as const,
        title: p.title,
        companyId: p.companyId,
        companyName: p.companyName,
      };
    });
    return { experts, targets, problems: ids.map((id) => byId.get(id) as ProblemDoc) };
  }

  const companyIds = [...new Set(input.companyIds ?? [])];
  const companies = await repos.organisations.getMany(companyIds);
  const notCompanies = companyIds.filter((id) => companies.get(id)?.kind !== 'company');
  if (notCompanies.length > 0)
    throw new ApiError('NOT_FOUND', {
      message: { zh: '部分企业不存在。', en: 'Some companies do not exist.' },
      details: { missing: notCompanies },
    });
  const problems: ProblemDoc[] = [];
  for (const companyId of companyIds) {
    for (const status of ['open', 'in_progress'] as const) {
      const page = await repos.problems.list(
        { companyId, status, limit: 100, sort: 'createdAt', order: 'desc' },
        {},
      );
      problems.push(...page.items);
    }
  }
  const targets = companyIds.map((id) => ({
    id,
    kind: 'company' as const,
    title: companies.get(id)?.name ?? id,
    companyId: id,
    companyName: companies.get(id)?.name ?? id,
  }));
  return { experts, targets, problems };
}

function toRunReasons(evidence: Evidence): RunReasons {
  return {
    matchedTerms: evidence.matchedTerms.slice(0, 8),
    matchedFields: evidence.matchedFields,
    publications: evidence.publications.map((p) => ({ title: p.title, year: p.year })),
    sameTown: evidence.locality.sameTown,
    remainingCapacity: evidence.remainingCapacity,
  };
}

// The matcher's score lies in about [−0.05, 0.85] lexical-only and up to about 1.15 with the
// semantic feature (0.3 × a cosine of 0.3–0.9); the solver takes affinities in [0, 1].
const toAffinity = (score: number) => Math.min(1, Math.max(0, score / 1.15));

/**
 * Scores every expert against every problem of the cohort with the matcher. From the expert's
 * side (matchProblems with the cohort's problem ids) every problem the expert may read is scored
 * whether or not the search retrieves it; a private problem an expert may not read is scored from
 * the problem's side instead, as the office reads it (matchExperts, among the experts the search
 * finds for it). Pairs the expert declined or already has an engagement on are left out.
 */
async function scoreCohort(
  deps: RunDeps,
  run: PairingRunDoc,
  problems: ProblemDoc[],
  report: (done: number, total: number) => Promise<boolean>,
): Promise<{ candidates: RunCandidate[]; engaged: Set<string> } | 'cancelled'> {
  const { repos } = deps;
  const matcher = {
    repos,
    engine: deps.search,
    corpus: corpusFor(deps.db, repos),
    semantic: deps.semantic,
  };
  const expertIds = run.experts.map((e) => e.id);
  const engagements = await repos.engagements.ofExperts(expertIds, engagementStatuses);
  const engaged = new Set(engagements.map((e) => `${e.expertId}|${e.problemId}`));
  const docs = new Map((await repos.experts.getMany(expertIds)).map((e) => [e._id, e]));
  const problemIds = problems.map((p) => p._id);
  const scores = new Map<string, { score: number; reasons: Evidence }>();
  const privateProblems = problems.filter((p) => p.confidentiality === 'private');
  const total = expertIds.length + privateProblems.length;
  let done = 0;
  for (const expertId of expertIds) {
    const expert = docs.get(expertId);
    if (expert && problemIds.length > 0) {
      const matches = await matchProblems(matcher, expert, {
        limit: problemIds.length,
        problemIds,
      });
      for (const m of matches)
        scores.set(`${expertId}|${m.problem._id}`, { score: m.score, reasons: m.reasons });
    }
    if (await report(++done, total)) return 'cancelled';
  }
  const chosen = new Set(expertIds);
  for (const problem of privateProblems) {
    const matches = await matchExperts(matcher, problem, 100);
    for (const m of matches) {
      const key = `${m.expert._id}|${problem._id}`;
      if (chosen.has(m.expert._id) && !scores.has(key))
        scores.set(key, { score: m.score, reasons: m.reasons });
    }
    if (await report(++done, total)) return 'cancelled';
  }

  const companyOf = new Map(problems.map((p) => [p._id, p.companyId]));
  const best = new Map<string, RunCandidate>();
  for (const [key, { score, reasons }] of scores) {
    if (engaged.has(key)) continue;
    const [expertId = '', problemId = ''] = key.split('|');
    const targetId =
      run.settings.targetKind === 'problem' ? problemId : (companyOf.get(problemId) ?? '');
    const candidate = {
      expertId,
      targetId,
      problemId,
      affinity: toAffinity(score),
      reasons: toRunReasons(reasons),
    };
    const pairKey = `${expertId}|${targetId}`;
    const previous = best.get(pairKey);
    // A company is as good a match as its best open problem; ties go to the smaller id.
    if (
      !previous ||
      candidate.affinity > previous.affinity ||
      (candidate.affinity === previous.affinity && problemId < previous.problemId)
    )
      best.set(pairKey, candidate);
  }
  const candidates = [...best.values()].sort(
    (a, b) =>
      a.expertId.localeCompare(b.expertId) ||
      a.targetId.localeCompare(b.targetId) ||
      a.problemId.localeCompare(b.problemId),
  );
  return { candidates, engaged };
}

/** The solver's input: the cohort, its limits, and the candidate pairs pruned to the top k. */
export function buildSolverInput(
  run: Pick<PairingRunDoc, 'settings' | 'experts' | 'targets'>,
  candidates: readonly RunCandidate[],
  engaged: ReadonlySet<string>,
): AssignmentInputRaw {
  const { settings } = run;
  const capacityOf = new Map(settings.capacities.map((c) => [c.expertId, c.capacity]));
  const limitOf = new Map(settings.limits.map((l) => [l.targetId, l]));
  const pairs: CandidatePair[] = pruneTopK(
    candidates.map((c) => ({ expertId: c.expertId, targetId: c.targetId, affinity: c.affinity })),
    settings.topK,
  );
  const forbidden: { expertId: string; targetId: string; reason: 'office' | 'contract' }[] =
    settings.forbidden.map((f) => ({ ...f, reason: 'office' }));
  // An existing engagement on the very problem is the data's "existing contract" conflict.
  if (settings.targetKind === 'problem')
    for (const expert of run.experts)
      for (const target of run.targets)
        if (engaged.has(`${expert.id}|${target.id}`))
          forbidden.push({ expertId: expert.id, targetId: target.id, reason: 'contract' });
  return {
    experts: run.experts.map((e) => ({
      id: e.id,
      organisationId: e.organisationId,
      capacity: Math.min(capacityOf.get(e.id) ?? settings.capacity, e.remaining),
    })),
    targets: run.targets.map((t) => ({
      id: t.id,
      organisationId: t.companyId,
      minExperts: limitOf.get(t.id)?.minExperts ?? settings.minExperts,
      maxExperts: limitOf.get(t.id)?.maxExperts ?? settings.maxExperts,
    })),
    pairs,
    conflicts: { forbidSameOrganisation: true, forbidden },
    required: settings.required,
    floor: settings.floor,
  };
}

function settingsOf(input: PairingRunInput, targetKind: RunSettings['targetKind']): RunSettings {
  return {
    targetKind,
    capacity: input.capacity,
    capacities: input.capacities,
    minExperts: input.minExperts,
    maxExperts: input.maxExperts,
    limits: input.limits,
    forbidden: input.forbidden,
    required: input.required,
    floor: input.floor,
    topK: input.topK,
    ...(input.note ? { note: input.note } : {}),
  };
}

/** Every pair reference of the settings must name an expert and a target of the cohort. */
function checkRefs(settings: RunSettings, experts: RunExpert[], targets: RunTarget[]) {
  const expertIds = new Set(experts.map((e) => e.id));
  const targetIds = new Set(targets.map((t) => t.id));
  const stray = [
    ...settings.capacities.filter((c) => !expertIds.has(c.expertId)),
    ...settings.limits.filter((l) => !targetIds.has(l.targetId)),
    ...[...settings.forbidden, ...settings.required].filter(
      (p) => !expertIds.has(p.expertId) || !targetIds.has(p.targetId),
    ),
  ];
  if (stray.length > 0)
    throw new ApiError('VALIDATION_FAILED', {
      message: {
        zh: '设置中引用了不在本次结对名单中的专家或目标。',
        en: 'The settings name experts or targets outside this cohort.',
      },
      details: { formErrors: ['reference outside the cohort'], fieldErrors: {}, stray },
    });
}

/** Creates a run and queues its job; the caller polls it. */
export async function createRun(
  deps: RunDeps,
  programme: ProgrammeDoc,
  input: PairingRunInput,
  actor: ActorRef,
): Promise<PairingRunDoc> {
  const runs = pairingRunRepository(deps.db);
  const now = deps.now();
  let base: PairingRunDoc | null = null;
  let cohort: { experts: RunExpert[]; targets: RunTarget[] };
  let source: Parameters<typeof execute>[3];
  let settings: RunSettings;
  if (input.basedOn) {
    base = await runs.get(input.basedOn);
    if (base?.programmeId !== programme._id) throw notFound({ zh: '结对运行', en: 'pairing run' });
    if (!base.candidates || !base.input)
      throw conflict(
        {
          zh: '所依据的运行尚未算出匹配度。',
          en: 'The run this is based on has no affinities yet.',
        },
        { reason: 'base_not_scored' },
      );
    cohort = { experts: base.experts, targets: base.targets };
    source = { candidates: base.candidates, input: base.input };
    settings = settingsOf(input, base.settings.targetKind);
  } else {
    const loaded = await loadCohort(deps.repos, input);
    cohort = loaded;
    source = { problems: loaded.problems };
    settings = settingsOf(input, input.problemIds ? 'problem' : 'company');
  }
  checkRefs(settings, cohort.experts, cohort.targets);
  const doc: PairingRunDoc = {
    _id: newRunId(),
    programmeId: programme._id,
    status: 'queued',
    ...(base ? { basedOn: base._id } : {}),
    settings,
    experts: cohort.experts,
    targets: cohort.targets,
    progress: { phase: 'queued' },
    worker: workerId,
    createdBy: actor,
    createdAt: now,
    updatedAt: now,
  };
  // Registered before the insert, so that a read in between never takes the run for orphaned.
  const controller = new AbortController();
  controllers.set(doc._id, controller);
  try {
    await runs.insert(doc);
  } catch (error) {
    controllers.delete(doc._id);
    throw error;
  }
  queue = queue.then(() =>
    execute(deps, doc, controller.signal, source)
      .catch(async (error: unknown) => {
        deps.logger.error({ err: error, runId: doc._id }, 'pairing run failed');
        await runs
          .update(doc._id, ['queued', 'running'], {
            $set: {
              status: 'failed',
              error: {
                zh: '结对计算失败，请重试或联系管理员。',
                en: 'The pairing run failed; try again or ask an administrator.',
              },
              finishedAt: deps.now(),
              updatedAt: deps.now(),
            },
          })
          .catch(() => undefined);
      })
      .finally(() => controllers.delete(doc._id)),
  );
  return doc;
}

async function execute(
  deps: RunDeps,
  run: PairingRunDoc,
  signal: AbortSignal,
  source: { problems: ProblemDoc[] } | { candidates: RunCandidate[]; input: AssignmentInputRaw },
): Promise<void> {
  const runs = pairingRunRepository(deps.db);
  const started = performance.now();
  const stamp = () => ({ updatedAt: deps.now() });
  if (
    signal.aborted ||
    !(await runs.update(run._id, ['queued'], {
      $set: {
        status: 'running',
        startedAt: deps.now(),
        progress: { phase: 'affinities' },
        ...stamp(),
      },
    }))
  )
    return;

  let candidates: RunCandidate[];
  let engaged: Set<string>;
  if ('candidates' in source) {
    candidates = source.candidates;
    // The base run's contract conflicts are the data as it was then: keep them, so that a rerun
    // with the same settings is the same problem.
    engaged = new Set(
      (source.input.conflicts?.forbidden ?? [])
        .filter((f) => f.reason === 'contract')
        .map((f) => `${f.expertId}|${f.targetId}`),
    );
  } else {
    let lastWrite = 0;
    const scored = await scoreCohort(deps, run, source.problems, async (done, total) => {
      if (signal.aborted) return true;
      if (performance.now() - lastWrite > progressEveryMs || done === total) {
        lastWrite = performance.now();
        await runs.update(run._id, ['running'], {
          $set: {
            progress: {
              phase: 'affinities',
              done,
              total,
              elapsedMs: Math.round(performance.now() - started),
            },
            ...stamp(),
          },
        });
      }
      return false;
    });
    if (scored === 'cancelled') return;
    ({ candidates, engaged } = scored);
  }

  const input = buildSolverInput(run, candidates, engaged);
  if (
    !(await runs.update(run._id, ['running'], {
      $set: { candidates, input, progress: { phase: 'solving' }, ...stamp() },
    }))
  )
    return;

  let lastProgress = 0;
  const result = await solveAssignment(input, {
    signal,
    onProgress: (progress) => {
      const now = performance.now();
      if (now - lastProgress < progressEveryMs && progress.phase !== 'prepared') return;
      lastProgress = now;
      void runs
        .update(run._id, ['running'], {
          $set: {
            progress: {
              phase: progress.phase,
              elapsedMs: Math.round(now - started),
              ...(progress.incumbent !== undefined ? { incumbent: progress.incumbent } : {}),
              ...(progress.bound !== undefined ? { bound: progress.bound } : {}),
            },
            ...stamp(),
          },
        })
        .catch(() => undefined);
    },
  });
  await runs.update(run._id, ['running'], {
    $set: {
      status: result.status === 'cancelled' ? 'cancelled' : 'done',
      result,
      progress: { phase: 'finished', elapsedMs: Math.round(performance.now() - started) },
      finishedAt: deps.now(),
      ...stamp(),
    },
  });
}

/** A run another process left unfinished can never finish: it is shown as failed. */
export async function loadRun(deps: Pick<RunDeps, 'db' | 'now'>, id: string) {
  const runs = pairingRunRepository(deps.db);
  const doc = await runs.get(id);
  if (!doc) throw notFound({ zh: '结对运行', en: 'pairing run' });
  const orphaned =
    !terminal.includes(doc.status) &&
    !controllers.has(doc._id) &&
    (doc.worker === workerId || deps.now().getTime() - doc.updatedAt.getTime() > staleAfterMs);
  if (orphaned) {
    await runs.update(doc._id, ['queued', 'running'], {
      $set: {
        status: 'failed',
        error: {
          zh: '服务重启，结对计算已中断，请重新运行。',
          en: 'The service restarted and interrupted this run; start it again.',
        },
        updatedAt: deps.now(),
      },
    });
    return (await runs.get(id)) ?? doc;
  }
  return doc;
}

export async function cancelRun(deps: Pick<RunDeps, 'db' | 'now'>, doc: PairingRunDoc) {
  const runs = pairingRunRepository(deps.db);
  const moved = await runs.update(doc._id, ['queued', 'running'], {
    $set: {
      status: 'cancelled',
      progress: { ...doc.progress, phase: 'cancelled' },
      finishedAt: deps.now(),
      updatedAt: deps.now(),
    },
  });
  if (!moved) {
    const current = (await runs.get(doc._id)) ?? doc;
    throw new ApiError('INVALID_TRANSITION', {
      message: {
        zh: '只有排队中或运行中的结对可以取消。',
        en: 'Only a queued or running pairing run can be cancelled.',
      },
      details: { state: current.status, allowed: [] },
    });
  }
  controllers.get(doc._id)?.abort();
  return (await runs.get(doc._id)) ?? doc;
}

/**
 * Creates the pairings of the programme and the invitations (engagements) of a finished run.
 * Idempotent: a pairing or engagement that exists already (from an earlier apply, or made by
 * hand) is reused, never created twice, and applying an applied run returns what it created.
 */
export async function applyRun(
  deps: RunDeps,
  programme: ProgrammeDoc,
  run: PairingRunDoc,
  actor: ActorRef,
): Promise<PairingRunDoc> {
  const runs = pairingRunRepository(deps.db);
  return runs.exclusive(run._id, async () => {
    const doc = (await runs.get(run._id)) ?? run;
    if (doc.applied) return doc;
    const result = doc.result;
    if (doc.status !== 'done' || !result || result.status === 'infeasible' || !doc.candidates)
      throw new ApiError('INVALID_TRANSITION', {
        message: {
          zh: '只有已完成且有可行结果的结对运行可以确认生效。',
          en: 'Only a finished run with a feasible result can be applied.',
        },
        details: { state: doc.status, solverStatus: result?.status ?? null, allowed: [] },
      });
    const { repos } = deps;
    const candidateOf = new Map(doc.candidates.map((c) => [`${c.expertId}|${c.targetId}`, c]));
    const experts = new Map(
      (await repos.experts.getMany(result.pairs.map((p) => p.expertId))).map((e) => [e._id, e]),
    );
    const pairingIds: string[] = [];
    const engagementIds: string[] = [];
    const skipped: { expertId: string; targetId: string; reason: string }[] = [];
    const note = `${programme.name} · ${doc._id}`;
    for (const pair of result.pairs) {
      const expert = experts.get(pair.expertId);
      const problemId =
        candidateOf.get(`${pair.expertId}|${pair.targetId}`)?.problemId ??
        (doc.settings.targetKind === 'problem' ? pair.targetId : undefined);
      const problem = problemId ? await repos.problems.get(problemId) : null;
      if (!expert || !problem) {
        skipped.push({ expertId: pair.expertId, targetId: pair.targetId, reason: 'missing' });
        continue;
      }
      const pairing = await ensurePairing(deps, programme, expert, problem, actor, note);
      pairingIds.push(pairing);
      if (!openStatuses.has(problem.status)) {
        skipped.push({
          expertId: pair.expertId,
          targetId: pair.targetId,
          reason: 'problem_closed',
        });
        continue;
      }
      const engagement = await ensureEngagement(deps, expert, problem, pairing, actor, note);
      engagementIds.push(engagement);
    }
    const applied = { at: deps.now(), by: actor, pairingIds, engagementIds, skipped };
    await runs.update(doc._id, ['done'], { $set: { applied, updatedAt: deps.now() } });
    return { ...doc, applied };
  });
}

async function ensurePairing(
  deps: RunDeps,
  programme: ProgrammeDoc,
  expert: ExpertDoc,
  problem: ProblemDoc,
  actor: ActorRef,
  note: string,
): Promise<string> {
  const { repos } = deps;
  const existing = async () =>
    (
      await repos.pairings.listPairings(
        {
          programmeId: programme._id,
          expertId: expert._id,
          companyId: problem.companyId,
          order: 'desc',
          limit: 1,
        },
        {},
      )
    ).items[0]?._id;
  const found = await existing();
  if (found) return found;
  try {
    const doc = await repos.pairings.createPairing(
      {
        programmeId: programme._id,
        expertId: expert._id,
        expertName: expert.name,
        companyId: problem.companyId,
        companyName: problem.companyName,
      },
      actor,
      note,
      deps.now(),
    );
    return doc._id;
  } catch (error) {
    const raced = error instanceof ApiError && error.code === 'CONFLICT' ? await existing() : null;
    if (raced) return raced;
    throw error;
  }
}

async function ensureEngagement(
  deps: RunDeps,
  expert: ExpertDoc,
  problem: ProblemDoc,
  pairingId: string,
  actor: ActorRef,
  note: string,
): Promise<string> {
  const { repos } = deps;
  const existing = async () =>
    (await repos.engagements.ofProblem(problem._id)).find((e) => e.expertId === expert._id)?._id;
  const found = await existing();
  if (found) return found;
  try {
    const doc = await repos.engagements.create(
      {
        problemId: problem._id,
        problemTitle: problem.title,
        expertId: expert._id,
        expertName: expert.name,
        companyId: problem.companyId,
        universityId: expert.organisationId,
        origin: 'invited',
        pairingId,
      },
      actor,
      note,
      deps.now(),
    );
    return doc._id;
  } catch (error) {
    const duplicate =
      (error instanceof ApiError && error.code === 'CONFLICT') || isDuplicateKeyError(error);
    const raced = duplicate ? await existing() : null;
    if (raced) return raced;
    throw error;
  }
}

function localise(text: LocalizedText, lang: Lang, names: Map<string, string>): string {
  let out = text[lang];
  for (const [id, name] of names) out = out.replaceAll(id, name);
  return out;
}

const pairKeyOf = (p: { expertId: string; targetId: string }) => `${p.expertId}|${p.targetId}`;

/** The wire form of a run, with the comparison against `previous` when there is one. */
export function toRun(doc: PairingRunDoc, lang: Lang, previous: PairingRunDoc | null) {
  const experts = new Map(doc.experts.map((e) => [e.id, e]));
  const targets = new Map(doc.targets.map((t) => [t.id, t]));
  const names = new Map<string, string>([
    ...doc.experts.map((e) => [e.id, e.name] as const),
    ...doc.targets.map((t) => [t.id, t.title] as const),
  ]);
  const candidates = new Map((doc.candidates ?? []).map((c) => [pairKeyOf(c), c]));
  const solverExperts = new Map((doc.input?.experts ?? []).map((e) => [e.id, e]));
  const solverTargets = new Map((doc.input?.targets ?? []).map((t) => [t.id, t]));
  const result = doc.result;
  const noReasons: RunReasons = {
    matchedTerms: [],
    matchedFields: [],
    publications: [],
    sameTown: false,
    remainingCapacity: 0,
  };
  let comparison;
  if (previous?.result && result && doc.status === 'done') {
    const before = new Map(previous.result.pairs.map((p) => [pairKeyOf(p), p]));
    const after = new Map(result.pairs.map((p) => [pairKeyOf(p), p]));
    const slim = (p: { expertId: string; targetId: string; affinity: number }) => ({
      expertId: p.expertId,
      targetId: p.targetId,
      affinity: p.affinity,
    });
    comparison = {
      previousRunId: previous._id,
      added: result.pairs.filter((p) => !before.has(pairKeyOf(p))).map(slim),
      removed: previous.result.pairs.filter((p) => !after.has(pairKeyOf(p))).map(slim),
      objectiveDelta: round(result.objective - previous.result.objective),
    };
  }
  return {
    id: doc._id,
    programmeId: doc.programmeId,
    status: doc.status,
    ...(doc.basedOn ? { basedOn: doc.basedOn } : {}),
    settings: doc.settings,
    progress: doc.progress,
    cohort: {
      experts: doc.experts.map((e) => ({
        id: e.id,
        name: e.name,
        universityName: e.universityName,
        capacity: solverExperts.get(e.id)?.capacity ?? Math.min(doc.settings.capacity, e.remaining),
      })),
      targets: doc.targets.map((t) => ({
        id: t.id,
        kind: t.kind,
        title: t.title,
        companyName: t.companyName,
        minExperts: solverTargets.get(t.id)?.minExperts ?? doc.settings.minExperts,
        maxExperts: solverTargets.get(t.id)?.maxExperts ?? doc.settings.maxExperts,
      })),
      candidatePairs: doc.input?.pairs.length ?? 0,
    },
    ...(result
      ? {
          result: {
            status: result.status,
            objective: round(result.objective),
            bound: result.bound === null ? null : round(result.bound),
            gap: result.gap,
            proof: result.proof,
            pairs: result.pairs.map((p) => {
              const candidate = candidates.get(pairKeyOf(p));
              const target = targets.get(p.targetId);
              return {
                expertId: p.expertId,
                expertName: experts.get(p.expertId)?.name ?? p.expertId,
                targetId: p.targetId,
                targetTitle: target?.title ?? p.targetId,
                companyName: target?.companyName ?? '',
                problemId: candidate?.problemId ?? p.targetId,
                affinity: p.affinity,
                required: p.required,
                reasons: candidate?.reasons ?? noReasons,
              };
            }),
            expertLoads: result.expertLoads,
            targetLoads: result.targetLoads,
            floor: result.floor
              ? { floor: result.floor.floor, met: result.floor.met, unmet: result.floor.unmet }
              : null,
            infeasibility: result.infeasibility.map(({ message, ...rest }) => ({
              ...rest,
              message: localise(message, lang, names),
            })),
            model: result.model,
            solveMs: Math.round(result.timings.totalMs),
          },
        }
      : {}),
    ...(comparison ? { comparison } : {}),
    ...(doc.applied
      ? {
          applied: {
            at: toWireDate(doc.applied.at),
            by: doc.applied.by.name,
            pairingIds: doc.applied.pairingIds,
            engagementIds: doc.applied.engagementIds,
            skipped: doc.applied.skipped,
          },
        }
      : {}),
    ...(doc.error ? { error: doc.error[lang] } : {}),
    createdAt: toWireDate(doc.createdAt),
    updatedAt: toWireDate(doc.updatedAt),
  };
}

const round = (value: number) => Math.round(value * 1e6) / 1e6;

export function toRunSummary(doc: PairingRunDoc) {
  return {
    id: doc._id,
    status: doc.status,
    ...(doc.basedOn ? { basedOn: doc.basedOn } : {}),
    ...(doc.result
      ? {
          solverStatus: doc.result.status,
          objective: round(doc.result.objective),
          pairs: doc.result.pairs.length,
        }
      : {}),
    applied: Boolean(doc.applied),
    createdAt: toWireDate(doc.createdAt),
  };
}
