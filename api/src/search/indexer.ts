import { randomBytes } from 'node:crypto';
import { indexNames, type IndexName } from '@jiedui/search-config';
import type { Collection, Db } from 'mongodb';
import { capacityStatuses, engagedStatuses } from '../features/engagements/schemas.js';
import type { ExpertDoc } from '../features/experts/repository.js';
import type { OrganisationDoc } from '../features/organisations/repository.js';
import type { ProblemDoc } from '../features/problems/repository.js';
import type { Revision } from '../features/shared/index-state.js';
import type { Repositories } from '../features/repositories.js';
import { taxonomyWords } from '../features/taxonomy/index.js';
import type { Logger } from '../lib/logger.js';
import {
  isIndexable,
  toExpertSearchDoc,
  toProblemSearchDoc,
  type ExpertDerived,
} from './documents.js';
import { onEngagementWrites, onWrites } from './changes.js';
import { onStored, type StoredDocs } from './stored-docs.js';
import type { RebuildProgress, SearchEngine } from './engine.js';
import { createLease, type Lease } from './lease.js';

// Keeps the search indexes in step with MongoDB (Invariants 1 and 2). Every write that changes
// indexed data bumps the record's `rev`; a pass reads each record's rev and indexedRev, pushes
// the records where indexedRev < rev and then records the pushed rev with a conditional update.
// A crash anywhere loses nothing: what was not recorded is pushed again by the next pass. Writes
// never wait for the indexer, and the indexer only retries (with backoff) when the engine is
// down. FerretDB evaluates no `$expr`, so the gap is found in TypeScript over a projection.
// That scan reads every record, so writes announced in this process (changes.ts) are pushed at
// once by id; the scan stays the safety net for anything an announcement missed. An import hands
// over the records it has just written (stored-docs.ts), which are pushed without being read.

export interface PassResult {
  pushed: number;
  removed: number;
}

export interface ReindexProgress extends RebuildProgress {
  /** Records in the collection when the rebuild started (an estimate). */
  total: number;
}

export interface IndexerOptions {
  repos: Repositories;
  engine: SearchEngine;
  db: Db;
  logger: Logger;
  /** Pause between passes when idle; a pass never runs more than a third of the time. Default 250. */
  intervalMs?: number;
  /** First wait after a failed pass; it doubles up to maxBackoffMs. Default 250 / 30 000. */
  backoffMs?: number;
  maxBackoffMs?: number;
  /**
   * Hold a MongoDB lease so that one instance pushes at a time. Default: with a shared engine
   * (Meilisearch) yes; the embedded engine lives in one API process, which pushes to it alone.
   */
  lease?: boolean;
  leasePeriodMs?: number;
  batchSize?: number;
  /** Gaps larger than this are pushed by one read of the collection. Default 1 000. */
  bulkAbove?: number;
}

export interface Indexer {
  /** Applies the settings, rebuilds an empty embedded index, then keeps passing in the background. */
  start(): void;
  stop(): Promise<void>;
  /** One pass over both indexes now; its pushes queue behind running ones. */
  runOnce(): Promise<PassResult>;
  /**
   * Pushes these records soon, without a scan; resolves when they are pushed or the push failed
   * (the periodic pass retries those). `start()` also feeds it every write announced in-process.
   */
  notify(index: IndexName, ids: readonly string[]): Promise<void>;
  /**
   * Pushes records just written, as handed over (an import's batch), without reading them back;
   * resolves like `notify`. `start()` also feeds it every hand-over of this process.
   */
  notifyStored(stored: StoredDocs): Promise<void>;
  /** Rebuilds both indexes from MongoDB, swaps them in, then runs a pass for what changed meanwhile. */
  reindex(onProgress?: (progress: ReindexProgress) => void): Promise<PassResult>;
}

const sleep = (ms: number, signal: AbortSignal) =>
  new Promise<void>((resolve) => {
    const wake = () => {
      clearTimeout(timer);
      resolve();
    };
    const timer = setTimeout(() => {
      signal.removeEventListener('abort', wake);
      resolve();
    }, ms);
    signal.addEventListener('abort', wake, { once: true });
  });

function chunks<T>(items: readonly T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

export function createIndexer(options: IndexerOptions): Indexer {
  const { repos, engine, logger } = options;
  const intervalMs = options.intervalMs ?? 250;
  const backoffMs = options.backoffMs ?? 250;
  const maxBackoffMs = options.maxBackoffMs ?? 30_000;
  const batchSize = options.batchSize ?? 200;
  // Above this many records behind, a pass reads the whole collection once instead of by ids.
  const bulkAbove = options.bulkAbove ?? 1_000;
  const bulkBatchSize = Math.max(batchSize, 1_000);
  // A few ids are read by `_id` (unpatched FerretDB scanned the whole collection for `$in`).
  const fewIds = 16;
  const lease: Lease | undefined =
    (options.lease ?? engine.kind === 'meilisearch')
      ? createLease(options.db, {
          name: 'search-indexer',
          holder: randomBytes(8).toString('hex'),
          periodMs: options.leasePeriodMs ?? 15_000,
        })
      : undefined;
  let queue: Promise<unknown> = Promise.resolve();
  let loop: Promise<void> | undefined;
  let unsubscribe: (() => void) | undefined;
  let unsubscribeEngagements: (() => void) | undefined;
  const stopping = new AbortController();
  const dirty: Record<IndexName, Set<string>> = { experts: new Set(), problems: new Set() };
  // Announced records being pushed now: a pass leaves them to that push instead of indexing
  // them twice (an import announces thousands while the pass's scan finds the same gap).
  const pushing: Record<IndexName, Set<string>> = { experts: new Set(), problems: new Set() };
  let flush: Promise<void> | undefined;
  let unsubscribeStored: (() => void) | undefined;
  let lastHandOver = -Infinity;
  // The background scan pauses while hand-overs arrive, and runs this long after the last one.
  const handOverQuietMs = 2_000;
  // Records handed over with their content (an import's batch): pushed without a read. A plain
  // announcement of the same record later drops its entry, and the record is read instead.
  const handed = {
    experts: new Map<string, ExpertDoc>(),
    problems: new Map<string, ProblemDoc>(),
  };
  // The revs pushed while a pass runs: its scan, read before they were recorded, would see them
  // as gaps and push them a second time (an import's batches land during every scan).
  const trackers = new Set<Record<IndexName, Map<string, number>>>();
  const track = (index: IndexName, docs: readonly { _id: string; rev: number }[]) => {
    for (const tracker of trackers) {
      for (const doc of docs) tracker[index].set(doc._id, doc.rev);
    }
  };

  /** Passes and rebuilds run one at a time, in call order. */
  function serial<T>(work: () => Promise<T>): Promise<T> {
    const run = queue.then(work, work);
    queue = run.catch(() => undefined);
    return run;
  }

  function organisationCache() {
    const cache = new Map<string, Promise<OrganisationDoc | null>>();
    return (id: string) => {
      let found = cache.get(id);
      if (!found) {
        found = repos.organisations.get(id);
        cache.set(id, found);
      }
      return found;
    };
  }

  // What an expert's document says about its engagements: active ones (remaining capacity),
  // solved ones (with their problems' fields, matching's past-outcome evidence) and declines.
  // `$in` and status filters scan the whole engagements collection on the local server, so a
  // push reads it once for all its experts, and a bulk push or rebuild once for everyone.
  type Evidence = (expertId: string) => Omit<ExpertDerived, 'university'>;

  async function evidenceOf(expertIds: readonly string[] | 'all'): Promise<Evidence> {
    const statuses = [...new Set([...engagedStatuses, ...capacityStatuses, 'declined'] as const)];
    const rows =
      expertIds === 'all'
        ? await repos.engagements.collection
            .find(
              { status: { $in: [...statuses] } },
              { projection: { expertId: 1, problemId: 1, status: 1, endedAt: 1 } },
            )
            .toArray()
        : expertIds.length === 0
          ? []
          : await repos.engagements.ofExperts(expertIds, statuses);
    const solvedIds = [
      ...new Set(rows.filter((r) => r.status === 'solved').map((r) => r.problemId)),
    ];
    const problems = new Map<string, ProblemDoc>();
    if (solvedIds.length > 0) {
      const found =
        solvedIds.length > fewIds
          ? await repos.problems.collection
              .find(
                { status: 'solved' },
                { projection: { title: 1, fields: 1, confidentiality: 1 } },
              )
              .toArray()
          : await Promise.all(solvedIds.map((id) => repos.problems.get(id)));
      for (const p of found) if (p) problems.set(p._id, p);
    }
    const byExpert = new Map<string, typeof rows>();
    for (const row of rows) {
      const list = byExpert.get(row.expertId) ?? [];
      list.push(row);
      byExpert.set(row.expertId, list);
    }
    const active = new Set<string>(capacityStatuses);
    const engaged = new Set<string>(engagedStatuses);
    return (expertId) => {
      const own = byExpert.get(expertId) ?? [];
      const solved = own
        .filter((e) => e.status === 'solved')
        .sort((a, b) => (b.endedAt?.getTime() ?? 0) - (a.endedAt?.getTime() ?? 0))
        .map((e) => {
          const problem = problems.get(e.problemId);
          return {
            id: e.problemId,
            ...(problem && problem.confidentiality !== 'private' ? { title: problem.title } : {}),
            fields: problem?.fields ?? [],
          };
        });
      return {
        activeEngagements: own.filter((e) => active.has(e.status)).length,
        solvedCount: solved.length,
        declinedCount: own.filter((e) => e.status === 'declined').length,
        solved,
        declinedProblemIds: own.filter((e) => e.status === 'declined').map((e) => e.problemId),
        engagedProblemIds: own.filter((e) => engaged.has(e.status)).map((e) => e.problemId),
      };
    };
  }

  async function expertDocs(
    docs: readonly ExpertDoc[],
    org: ReturnType<typeof organisationCache>,
    evidence?: Evidence,
  ) {
    const of = evidence ?? (await evidenceOf(docs.map((d) => d._id)));
    return Promise.all(
      docs.map(async (doc) =>
        toExpertSearchDoc(doc, { ...of(doc._id), university: await org(doc.organisationId) }),
      ),
    );
  }

  async function problemDocs(
    docs: readonly ProblemDoc[],
    org: ReturnType<typeof organisationCache>,
  ) {
    const indexable = docs.filter(isIndexable);
    const upserts = await Promise.all(
      indexable.map(async (doc) => toProblemSearchDoc(doc, await org(doc.companyId))),
    );
    return { upserts, removals: docs.filter((doc) => !isIndexable(doc)).map((doc) => doc._id) };
  }

  const readExperts = async (ids: readonly string[]) =>
    ids.length > fewIds
      ? repos.experts.getMany(ids)
      : (await Promise.all(ids.map((id) => repos.experts.get(id)))).filter((d) => d !== null);
  const readProblems = async (ids: readonly string[]) =>
    ids.length > fewIds
      ? repos.problems.getMany(ids)
      : (await Promise.all(ids.map((id) => repos.problems.get(id)))).filter((d) => d !== null);
  const marks = (docs: readonly { _id: string; rev: number }[]) =>
    docs.map((doc) => ({ id: doc._id, rev: doc.rev }));

  async function pushExpertDocs(
    ids: readonly string[],
    docs: readonly ExpertDoc[],
    org: ReturnType<typeof organisationCache>,
    evidence?: Evidence,
  ) {
    const found = new Set(docs.map((d) => d._id));
    const gone = ids.filter((id) => !found.has(id));
    const upserts = await expertDocs(docs, org, evidence);
    if (upserts.length > 0) await engine.upsert('experts', upserts);
    if (gone.length > 0) await engine.remove('experts', gone);
    await repos.experts.markIndexed(marks(docs));
    track('experts', docs);
    return { pushed: upserts.length, removed: gone.length };
  }

  async function pushProblemDocs(
    ids: readonly string[],
    docs: readonly ProblemDoc[],
    org: ReturnType<typeof organisationCache>,
  ) {
    const found = new Set(docs.map((d) => d._id));
    const { upserts, removals } = await problemDocs(docs, org);
    removals.push(...ids.filter((id) => !found.has(id)));
    if (upserts.length > 0) await engine.upsert('problems', upserts);
    if (removals.length > 0) await engine.remove('problems', removals);
    await repos.problems.markIndexed(marks(docs));
    track('problems', docs);
    return { pushed: upserts.length, removed: removals.length };
  }

  const pushExperts = async (ids: readonly string[], org: ReturnType<typeof organisationCache>) =>
    pushExpertDocs(ids, await readExperts(ids), org);
  const pushProblems = async (ids: readonly string[], org: ReturnType<typeof organisationCache>) =>
    pushProblemDocs(ids, await readProblems(ids), org);

  /**
   * Pushes a large gap (an import, a restore) by reading the collection once rather than by
   * `$in` batches of ids (each of which scanned the whole collection on unpatched FerretDB).
   */
  async function pushBulk(
    index: IndexName,
    ids: readonly string[],
    inQueue = false,
  ): Promise<PassResult> {
    // Inside the queue already (a push of announced writes), the batches run in place.
    const run = <T>(work: () => Promise<T>) => (inQueue ? work() : serial(work));
    const org = organisationCache();
    const wanted = new Set(ids);
    const total: PassResult = { pushed: 0, removed: 0 };
    const evidence = index === 'experts' ? await evidenceOf('all') : undefined;
    const collection = (index === 'experts'
      ? repos.experts.collection
      : repos.problems.collection) as unknown as Collection<ExpertDoc | ProblemDoc>;
    let batch: (ExpertDoc | ProblemDoc)[] = [];
    const flush = async () => {
      const docs = batch;
      batch = [];
      const batchIds = docs.map((d) => d._id);
      for (const id of batchIds) wanted.delete(id);
      const result = await run(() =>
        index === 'experts'
          ? pushExpertDocs(batchIds, docs as ExpertDoc[], org, evidence)
          : pushProblemDocs(batchIds, docs as ProblemDoc[], org),
      );
      total.pushed += result.pushed;
      total.removed += result.removed;
    };
    for await (const doc of collection.find({}, { projection: { outbox: 0 } })) {
      if (!wanted.has(doc._id)) continue;
      batch.push(doc);
      if (batch.length >= bulkBatchSize) await flush();
    }
    if (batch.length > 0) await flush();
    // What was in the gap but is no longer stored.
    const gone = [...wanted];
    if (gone.length > 0) {
      await run(() => engine.remove(index, gone));
      total.removed += gone.length;
    }
    return total;
  }

  // The scan for gaps only reads, so it runs outside the queue: an announced write is pushed
  // while the scan (seconds at 100k records) is still reading. Each batch of the pass queues on
  // its own for the same reason; every push reads its records afresh, so order does not matter.
  async function pass(): Promise<PassResult> {
    const tracker: Record<IndexName, Map<string, number>> = {
      experts: new Map(),
      problems: new Map(),
    };
    trackers.add(tracker);
    try {
      return await passTracked(tracker);
    } finally {
      trackers.delete(tracker);
    }
  }

  async function passTracked(tracker: Record<IndexName, Map<string, number>>) {
    const org = organisationCache();
    const total: PassResult = { pushed: 0, removed: 0 };
    const gaps = (rows: Revision[], index: IndexName) =>
      rows
        .filter(
          (row) =>
            row.indexedRev < row.rev &&
            (tracker[index].get(row._id) ?? 0) < row.rev &&
            !dirty[index].has(row._id) &&
            !pushing[index].has(row._id),
        )
        .map((row) => row._id);
    const add = (result: PassResult) => {
      total.pushed += result.pushed;
      total.removed += result.removed;
    };
    const expertGaps = gaps(await repos.experts.revisions(), 'experts');
    if (expertGaps.length > bulkAbove) add(await pushBulk('experts', expertGaps));
    else
      for (const ids of chunks(expertGaps, batchSize)) {
        add(await serial(() => pushExperts(ids, org)));
      }
    const problemGaps = gaps(await repos.problems.revisions(), 'problems');
    if (problemGaps.length > bulkAbove) add(await pushBulk('problems', problemGaps));
    else
      for (const ids of chunks(problemGaps, batchSize)) {
        add(await serial(() => pushProblems(ids, org)));
      }
    return total;
  }

  /** Pushes the announced records; what fails stays behind rev and goes with the next pass. */
  async function pushDirty(): Promise<void> {
    // With a shared engine only the lease holder pushes: two instances pushing the same record
    // could land an older read after a newer one that was already recorded.
    // The holder's passes find these through the rev gap (which skips what is still dirty here).
    if (lease && !(await lease.hold())) {
      dirty.experts.clear();
      dirty.problems.clear();
      handed.experts.clear();
      handed.problems.clear();
      return;
    }
    const org = organisationCache();
    const experts = [...dirty.experts];
    const problems = [...dirty.problems];
    dirty.experts.clear();
    dirty.problems.clear();
    for (const id of experts) pushing.experts.add(id);
    for (const id of problems) pushing.problems.add(id);
    const handedExperts = take(handed.experts, experts);
    const handedProblems = take(handed.problems, problems);
    try {
      // Handed over with their content: pushed as they are, no read of the store.
      if (handedExperts.docs.length > 0) {
        const evidence = await evidenceOf(handedExperts.docs.map((d) => d._id));
        for (const docs of chunks(handedExperts.docs, bulkBatchSize)) {
          await pushExpertDocs(
            docs.map((d) => d._id),
            docs,
            org,
            evidence,
          );
        }
      }
      for (const docs of chunks(handedProblems.docs, bulkBatchSize)) {
        await pushProblemDocs(
          docs.map((d) => d._id),
          docs,
          org,
        );
      }
      const readExpertIds = handedExperts.rest;
      const readProblemIds = handedProblems.rest;
      // Many announced at once (an import): one read of the collection, not a scan per batch.
      if (readExpertIds.length > batchSize) await pushBulk('experts', readExpertIds, true);
      else for (const ids of chunks(readExpertIds, batchSize)) await pushExperts(ids, org);
      if (readProblemIds.length > batchSize) await pushBulk('problems', readProblemIds, true);
      else for (const ids of chunks(readProblemIds, batchSize)) await pushProblems(ids, org);
    } finally {
      // Whatever failed is still behind its rev: the next pass pushes it.
      for (const id of experts) pushing.experts.delete(id);
      for (const id of problems) pushing.problems.delete(id);
    }
  }

  /**
   * A declined engagement changes its expert's document (the pair is never suggested again) but
   * not the expert record: its rev is bumped here, so that the push is as durable as any other
   * (accepting, solving and abandoning bump it where they happen). Read by `_id`, cheap.
   */
  async function declined(engagementIds: readonly string[]): Promise<void> {
    try {
      const docs = await Promise.all(engagementIds.map((id) => repos.engagements.get(id)));
      const experts = new Set(
        docs.flatMap((doc) => (doc?.status === 'declined' ? [doc.expertId] : [])),
      );
      for (const expertId of experts) await repos.experts.touch(expertId);
    } catch (error) {
      logger.warn({ err: error }, 'search indexer could not follow a declined engagement');
    }
  }

  /** The handed-over documents of these ids (taken out of `from`), and the ids to read. */
  function take<D>(from: Map<string, D>, ids: readonly string[]) {
    const docs: D[] = [];
    const rest: string[] = [];
    for (const id of ids) {
      const doc = from.get(id);
      if (doc === undefined) rest.push(id);
      else {
        docs.push(doc);
        from.delete(id);
      }
    }
    return { docs, rest };
  }

  function notify(index: IndexName, ids: readonly string[]): Promise<void> {
    for (const id of ids) {
      dirty[index].add(id);
      // A write after the hand-over: the handed document may be older than the store.
      handed[index].delete(id);
    }
    return scheduleFlush();
  }

  function notifyStored(stored: StoredDocs): Promise<void> {
    lastHandOver = performance.now();
    for (const doc of stored.docs) dirty[stored.index].add(doc._id);
    if (stored.index === 'experts') for (const doc of stored.docs) handed.experts.set(doc._id, doc);
    else for (const doc of stored.docs) handed.problems.set(doc._id, doc);
    return scheduleFlush();
  }

  function scheduleFlush(): Promise<void> {
    // Writes announced while a push waits in the queue join it.
    flush ??= serial(async () => {
      flush = undefined;
      await pushDirty();
    }).catch((error: unknown) => {
      logger.warn({ err: error }, 'search indexer push of announced writes failed');
    });
    return flush;
  }

  async function rebuild(
    index: IndexName,
    onProgress?: (progress: ReindexProgress) => void,
  ): Promise<void> {
    const org = organisationCache();
    const pushed: { id: string; rev: number }[] = [];
    const collection = (index === 'experts'
      ? repos.experts.collection
      : repos.problems.collection) as unknown as Collection<ExpertDoc | ProblemDoc>;
    const total = await collection.estimatedDocumentCount();
    const evidence = index === 'experts' ? await evidenceOf('all') : undefined;
    async function* batches() {
      let batch: (ExpertDoc | ProblemDoc)[] = [];
      // Storage order: sorting 100k records first costs the local server more than the read.
      const cursor = collection.find({}, { projection: { outbox: 0 } });
      const flush = async () => {
        for (const doc of batch) pushed.push({ id: doc._id, rev: doc.rev });
        const docs =
          index === 'experts'
            ? await expertDocs(batch as ExpertDoc[], org, evidence)
            : (await problemDocs(batch as ProblemDoc[], org)).upserts;
        batch = [];
        return docs;
      };
      for await (const doc of cursor) {
        batch.push(doc);
        if (batch.length >= batchSize * 2) yield await flush();
      }
      if (batch.length > 0) yield await flush();
    }
    await engine.rebuild(index, batches(), (progress) => onProgress?.({ ...progress, total }));
    // Recorded only once the rebuilt index is live: a crash before this re-pushes, never skips.
    await (index === 'experts' ? repos.experts : repos.problems).markIndexed(pushed);
  }

  async function applySettings() {
    const dictionary = taxonomyWords('zh');
    for (const index of indexNames) await engine.applySettings(index, { dictionary });
  }

  async function background(): Promise<void> {
    let failures = 0;
    let prepared = false;
    while (!stopping.signal.aborted) {
      let wait: number;
      try {
        if (!lease || (await lease.hold())) {
          if (!prepared) {
            await applySettings();
            // The embedded index starts empty in every new process: fill it from the store.
            if (engine.kind === 'embedded') {
              for (const index of indexNames) {
                if ((await engine.count(index)) === 0) await serial(() => rebuild(index));
              }
            }
            prepared = true;
          }
          const started = performance.now();
          if (started - lastHandOver < handOverQuietMs) {
            // An import is handing its records over: the scan would read the whole collection
            // while the import writes it, to find what is already being pushed. It runs once
            // the hand-overs stop (and finds anything they missed then).
            wait = intervalMs;
          } else {
            const result = await pass();
            if (result.pushed + result.removed > 0) logger.debug(result, 'search index pass');
            // The scan is the safety net behind announced writes; at 100k records it reads for
            // seconds, so it takes at most a third of the local server's time.
            wait = Math.max(intervalMs, 2 * (performance.now() - started));
          }
        } else {
          wait = Math.min(lease.remainingMs(), intervalMs * 8);
        }
        failures = 0;
      } catch (error) {
        failures++;
        wait = Math.min(maxBackoffMs, backoffMs * 2 ** (failures - 1));
        logger.warn({ err: error, retryInMs: wait }, 'search indexer pass failed; retrying');
      }
      await sleep(wait, stopping.signal);
    }
  }

  return {
    start() {
      unsubscribe ??= onWrites((index, ids) => void notify(index, ids));
      unsubscribeStored ??= onStored((stored) => void notifyStored(stored));
      unsubscribeEngagements ??= onEngagementWrites((ids) => void declined(ids));
      loop ??= background();
    },
    async stop() {
      unsubscribe?.();
      unsubscribeStored?.();
      unsubscribeEngagements?.();
      stopping.abort();
      await loop;
      await queue;
    },
    runOnce: () => pass(),
    notify,
    notifyStored,
    async reindex(onProgress) {
      await applySettings();
      for (const index of indexNames) await serial(() => rebuild(index, onProgress));
      return pass();
    },
  };
}
