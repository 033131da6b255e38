import type { Db } from 'mongodb';
import { idPrefixes } from '../../lib/ids.js';
import { listenToEvents } from '../events/outbox.js';
import type { Repositories } from '../repositories.js';

type StatsRepository = Repositories['stats'];
type ProblemRow = Awaited<ReturnType<StatsRepository['allProblemFacts']>>[number];
type EngagementRow = Awaited<ReturnType<StatsRepository['allEngagementFacts']>>[number];
type OutcomeRow = Awaited<ReturnType<StatsRepository['outcomeFacts']>>[number];
type OrganisationRow = Awaited<ReturnType<StatsRepository['organisationFacts']>>[number];
type ExpertRow = Awaited<ReturnType<StatsRepository['expertFacts']>>[number];

export interface StatsFacts {
  problems: ProblemRow[];
  engagements: EngagementRow[];
  outcomes: OutcomeRow[];
  organisations: OrganisationRow[];
  experts: ExpertRow[];
}

/**
 * The office's facts: every problem's, engagement's and outcome's few statistics fields (with the
 * titles, parties and dates the stuck-item rules read), and the name, kind and verification state
 * of every organisation and expert for the office's counts. Read by the dashboard, the office's
 * navigation counts and `GET /stuck`;
 * kept in memory per store and in step with writes: each stored event names the record it
 * changed, and the next read re-reads just those records by `_id` — the one read FerretDB serves
 * without scanning a collection. A full scan happens on the first read and then at most every
 * `maxAgeMs`, in the background while the current facts keep serving, for writes no event
 * announced in this process (bulk imports, the demo seed, another API instance).
 */
export interface StatsFactsCache {
  read(): Promise<StatsFacts>;
}

const caches = new WeakMap<Db, StatsFactsCache>();

const problemPrefix = `${idPrefixes.problem}_`;

/** More changed records than this are cheaper to read in one scan than one by one. */
const maxPointReads = 200;

export function statsFactsOf(db: Db, repos: Repositories, maxAgeMs = 5 * 60_000): StatsFactsCache {
  let cache = caches.get(db);
  if (!cache) {
    cache = createStatsFactsCache(db, repos.stats, maxAgeMs);
    caches.set(db, cache);
  }
  return cache;
}

function createStatsFactsCache(db: Db, stats: StatsRepository, maxAgeMs: number): StatsFactsCache {
  const dirty = {
    problem: new Set<string>(),
    engagement: new Set<string>(),
    outcome: new Set<string>(),
    organisation: new Set<string>(),
    expert: new Set<string>(),
  };
  // Listening starts before the first scan, so a write during the scan is read again after it.
  listenToEvents(db, (events) => {
    for (const event of events) {
      if (event.entity in dirty) dirty[event.entity as keyof typeof dirty].add(event.entityId);
      // Some writes change a problem under another record's event: an accepted engagement sets
      // the problem's firstEngagedAt, a merge carries it over. Those events name the problem.
      for (const ref of event.refs ?? []) {
        if (ref.startsWith(problemPrefix)) dirty.problem.add(ref);
      }
    }
  });

  let state:
    | {
        problems: Map<string, ProblemRow>;
        engagements: Map<string, EngagementRow>;
        outcomes: Map<string, OutcomeRow>;
        organisations: Map<string, OrganisationRow>;
        experts: Map<string, ExpertRow>;
        loadedAt: number;
      }
    | undefined;
  let loading: Promise<void> | undefined;

  const load = () => {
    loading ??= (async () => {
      const startedAt = Date.now();
      const [problems, engagements, outcomes, organisations, experts] = await Promise.all([
        stats.allProblemFacts(),
        stats.allEngagementFacts(),
        stats.outcomeFacts(),
        stats.organisationFacts(),
        stats.expertFacts(),
      ]);
      state = {
        problems: new Map(problems.map((row) => [row._id, row])),
        engagements: new Map(engagements.map((row) => [row._id, row])),
        outcomes: new Map(outcomes.map((row) => [row._id, row])),
        organisations: new Map(organisations.map((row) => [row._id, row])),
        experts: new Map(experts.map((row) => [row._id, row])),
        loadedAt: startedAt,
      };
    })().finally(() => {
      loading = undefined;
    });
    return loading;
  };

  const refresh = async <Row extends { _id: string }>(
    ids: Set<string>,
    rows: Map<string, Row>,
    readOne: (filter: { _id: string }) => Promise<Row[]>,
  ) => {
    const changed = [...ids];
    ids.clear();
    for (const id of changed) {
      const [row] = await readOne({ _id: id });
      if (row) rows.set(id, row);
      else rows.delete(id);
    }
  };

  return {
    async read() {
      const pending = Object.values(dirty).reduce((sum, set) => sum + set.size, 0);
      if (!state || pending > maxPointReads) {
        for (const set of Object.values(dirty)) set.clear();
        await load();
      } else if (Date.now() - state.loadedAt > maxAgeMs) {
        // Stale only for writes this process did not hear of; refreshed behind the reader.
        void load().catch(() => undefined);
      }
      const current = state;
      if (!current) throw new Error('statistics facts failed to load');
      await refresh(dirty.problem, current.problems, (f) => stats.allProblemFacts(f));
      await refresh(dirty.engagement, current.engagements, (f) => stats.allEngagementFacts(f));
      await refresh(dirty.outcome, current.outcomes, (f) => stats.outcomeFacts(f));
      await refresh(dirty.organisation, current.organisations, (f) => stats.organisationFacts(f));
      await refresh(dirty.expert, current.experts, (f) => stats.expertFacts(f));
      return {
        problems: [...current.problems.values()],
        engagements: [...current.engagements.values()],
        outcomes: [...current.outcomes.values()],
        organisations: [...current.organisations.values()],
        experts: [...current.experts.values()],
      };
    },
  };
}
