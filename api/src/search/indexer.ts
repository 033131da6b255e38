import { randomBytes } from 'node:crypto';
import { indexNames, type IndexName } from '@jiedui/search-config';
import type { Db } from 'mongodb';
import type { ExpertDoc } from '../features/experts/repository.js';
import type { OrganisationDoc } from '../features/organisations/repository.js';
import type { ProblemDoc } from '../features/problems/repository.js';
import type { Repositories } from '../features/repositories.js';
import { taxonomyWords } from '../features/taxonomy/index.js';
import type { Logger } from '../lib/logger.js';
import { isIndexable, toExpertSearchDoc, toProblemSearchDoc } from './documents.js';
import { onWrites } from './changes.js';
import type { RebuildProgress, SearchEngine } from './engine.js';
import { createLease, type Lease } from './lease.js';

// Keeps the search indexes in step with MongoDB (Invariants 1 and 2). Every write that changes
// indexed data bumps the record's `rev`; a pass reads each record's rev and indexedRev, pushes
// the records where indexedRev < rev and then records the pushed rev with a conditional update.
// A crash anywhere loses nothing: what was not recorded is pushed again by the next pass. Writes
// never wait for the indexer, and the indexer only retries (with backoff) when the engine is
// down. FerretDB evaluates no `$expr`, so the gap is found in TypeScript over a projection.
// That scan reads every record, so writes announced in this process (changes.ts) are pushed at
// once by id; the scan stays the safety net for anything an announcement missed.

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
  /** Pause between passes when idle; a pass never runs more than half the time. Default 250. */
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

async function eachLimited<T>(
  items: readonly T[],
  limit: number,
  work: (item: T) => Promise<void>,
) {
  for (const group of chunks(items, limit)) await Promise.all(group.map(work));
}

export function createIndexer(options: IndexerOptions): Indexer {
  const { repos, engine, logger } = options;
  const intervalMs = options.intervalMs ?? 250;
  const backoffMs = options.backoffMs ?? 250;
  const maxBackoffMs = options.maxBackoffMs ?? 30_000;
  const batchSize = options.batchSize ?? 200;
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
  const stopping = new AbortController();
  const dirty: Record<IndexName, Set<string>> = { experts: new Set(), problems: new Set() };
  let flush: Promise<void> | undefined;

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

  async function expertDocs(docs: readonly ExpertDoc[], org: ReturnType<typeof organisationCache>) {
    const ids = docs.map((d) => d._id);
    const [active, solved] = await Promise.all([
      repos.engagements.activeCounts(ids),
      repos.engagements.ofExperts(ids, ['solved']),
    ]);
    const solvedCounts = new Map<string, number>();
    for (const e of solved) solvedCounts.set(e.expertId, (solvedCounts.get(e.expertId) ?? 0) + 1);
    return Promise.all(
      docs.map(async (doc) =>
        toExpertSearchDoc(doc, {
          activeEngagements: active.get(doc._id) ?? 0,
          solvedCount: solvedCounts.get(doc._id) ?? 0,
          university: await org(doc.organisationId),
        }),
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

  // `$in` scans the whole collection on the local server; a few ids read by `_id` are cheaper.
  const fewIds = 16;
  const readExperts = async (ids: readonly string[]) =>
    ids.length > fewIds
      ? repos.experts.getMany(ids)
      : (await Promise.all(ids.map((id) => repos.experts.get(id)))).filter((d) => d !== null);
  const readProblems = async (ids: readonly string[]) =>
    ids.length > fewIds
      ? repos.problems.getMany(ids)
      : (await Promise.all(ids.map((id) => repos.problems.get(id)))).filter((d) => d !== null);

  async function pushExperts(ids: readonly string[], org: ReturnType<typeof organisationCache>) {
    const docs = await readExperts(ids);
    const found = new Set(docs.map((d) => d._id));
    const gone = ids.filter((id) => !found.has(id));
    const upserts = await expertDocs(docs, org);
    if (upserts.length > 0) await engine.upsert('experts', upserts);
    if (gone.length > 0) await engine.remove('experts', gone);
    await eachLimited(docs, 16, (doc) => repos.experts.markIndexed(doc._id, doc.rev));
    return { pushed: upserts.length, removed: gone.length };
  }

  async function pushProblems(ids: readonly string[], org: ReturnType<typeof organisationCache>) {
    const docs = await readProblems(ids);
    const found = new Set(docs.map((d) => d._id));
    const { upserts, removals } = await problemDocs(docs, org);
    removals.push(...ids.filter((id) => !found.has(id)));
    if (upserts.length > 0) await engine.upsert('problems', upserts);
    if (removals.length > 0) await engine.remove('problems', removals);
    await eachLimited(docs, 16, (doc) => repos.problems.markIndexed(doc._id, doc.rev));
    return { pushed: upserts.length, removed: removals.length };
  }

  // The scan for gaps only reads, so it runs outside the queue: an announced write is pushed
  // while the scan (seconds at 100k records) is still reading. Each batch of the pass queues on
  // its own for the same reason; every push reads its records afresh, so order does not matter.
  async function pass(): Promise<PassResult> {
    const org = organisationCache();
    const total: PassResult = { pushed: 0, removed: 0 };
    const gaps = (rows: { _id: string; rev: number; indexedRev?: number }[]) =>
      rows.filter((row) => (row.indexedRev ?? 0) < row.rev).map((row) => row._id);
    const add = (result: PassResult) => {
      total.pushed += result.pushed;
      total.removed += result.removed;
    };
    for (const ids of chunks(gaps(await repos.experts.revisions()), batchSize)) {
      add(await serial(() => pushExperts(ids, org)));
    }
    for (const ids of chunks(gaps(await repos.problems.revisions()), batchSize)) {
      add(await serial(() => pushProblems(ids, org)));
    }
    return total;
  }

  /** Pushes the announced records; what fails stays behind rev and goes with the next pass. */
  async function pushDirty(): Promise<void> {
    // With a shared engine only the lease holder pushes: two instances pushing the same record
    // could land an older read after a newer one that was already recorded.
    if (lease && !(await lease.hold())) return;
    const org = organisationCache();
    const experts = [...dirty.experts];
    const problems = [...dirty.problems];
    dirty.experts.clear();
    dirty.problems.clear();
    for (const ids of chunks(experts, batchSize)) await pushExperts(ids, org);
    for (const ids of chunks(problems, batchSize)) await pushProblems(ids, org);
  }

  function notify(index: IndexName, ids: readonly string[]): Promise<void> {
    for (const id of ids) dirty[index].add(id);
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
    const collection = index === 'experts' ? repos.experts.collection : repos.problems.collection;
    const total = await collection.estimatedDocumentCount();
    async function* batches() {
      let batch: (ExpertDoc | ProblemDoc)[] = [];
      const cursor = index === 'experts' ? repos.experts.scan() : repos.problems.scan();
      const flush = async () => {
        for (const doc of batch)
          if (doc.indexedRev < doc.rev) pushed.push({ id: doc._id, rev: doc.rev });
        const docs =
          index === 'experts'
            ? await expertDocs(batch as ExpertDoc[], org)
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
    const mark =
      index === 'experts'
        ? (p: { id: string; rev: number }) => repos.experts.markIndexed(p.id, p.rev)
        : (p: { id: string; rev: number }) => repos.problems.markIndexed(p.id, p.rev);
    await eachLimited(pushed, 16, mark);
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
          const result = await pass();
          if (result.pushed + result.removed > 0) logger.debug(result, 'search index pass');
          wait = Math.max(intervalMs, performance.now() - started);
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
      loop ??= background();
    },
    async stop() {
      unsubscribe?.();
      stopping.abort();
      await loop;
      await queue;
    },
    runOnce: () => pass(),
    notify,
    async reindex(onProgress) {
      await applySettings();
      for (const index of indexNames) await serial(() => rebuild(index, onProgress));
      return pass();
    },
  };
}
