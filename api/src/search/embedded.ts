import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import { searchSettings, type ExpertSearchDoc, type IndexName } from '@jiedui/search-config';
import { ApiError } from '../lib/errors.js';
import type {
  ExpertsForProblemReply,
  ExpertsForProblemRequest,
  ProblemsForExpertReply,
  ProblemsForExpertRequest,
} from '../matching/plan.js';
import type { PairText, TextScorer } from '../matching/text-evidence.js';
import type { FederatedHit, FederatedResult, SearchEngine, SearchResult } from './engine.js';
import type {
  WorkerData,
  WorkerEnvelope,
  WorkerReply,
  MatchRequest,
  WorkerRequest,
  WorkerResults,
} from './embedded-protocol.js';
import { parseDocs, parseFederatedSearch, parseIds, parseSearchQuery } from './validate.js';
import { splitHybrid } from './vectors.js';

export interface EmbeddedEngineOptions {
  settings?: WorkerData['settings'];
}

// From sources (tsx, vitest) this module is embedded.ts and its worker a .ts file that node 20
// cannot load. Node 20 ignores ESM loader hooks (`--import tsx`) in workers, so the worker
// starts from a CommonJS bootstrap with tsx's require hook. In the build both sit in dist/ as
// .js (tsup entry `embedded-worker`) and the worker file is loaded directly.
// The worker's young generation: V8's default (16 MB semi-spaces) is filled by two or three
// matches' garbage, and each scavenge there takes 5–6 ms at 20k experts / 100k problems (an old
// generation of 1.2 GB to scan for pointers into it; bench/match-api.ts --full with --trace-gc):
// a match paid several. Larger semi-spaces (64 MB) scavenge a quarter as often.
const resourceLimits = { maxYoungGenerationSizeMb: 192 };

function spawnWorker(data: WorkerData): Worker {
  if (!import.meta.url.endsWith('.ts')) {
    return new Worker(new URL('./embedded-worker.js', import.meta.url), {
      workerData: data,
      resourceLimits,
    });
  }
  const file = fileURLToPath(new URL('./embedded-worker.ts', import.meta.url));
  const tsx = createRequire(import.meta.url).resolve('tsx/cjs/api');
  const bootstrap = `require(${JSON.stringify(tsx)}).register(); require(${JSON.stringify(file)});`;
  return new Worker(bootstrap, { eval: true, workerData: data, resourceLimits });
}

function unavailable(cause: unknown): ApiError {
  return new ApiError('SEARCH_UNAVAILABLE', { cause });
}

/**
 * The in-process engine: MiniSearch indexes in a worker thread, so searches never block the HTTP
 * event loop. The indexes live in memory: after a restart they are empty until rebuilt.
 */
export interface EmbeddedEngine extends SearchEngine {
  readonly textScorer: Required<TextScorer>;
  /** Documents whose matcher terms the worker has still to compute (benchmarks wait for 0). */
  pendingTerms(): Promise<number>;
}

export function createEmbeddedEngine(options: EmbeddedEngineOptions = {}): EmbeddedEngine {
  const data: WorkerData = { settings: options.settings ?? searchSettings };
  const pending = new Map<
    number,
    { resolve: (value: unknown) => void; reject: (e: unknown) => void }
  >();
  let worker: Worker | undefined;
  let failure: Error | undefined;
  let closed = false;
  let nextId = 0;
  let nextToken = 0;

  function fail(error: Error): void {
    failure = error;
    worker = undefined;
    for (const { reject } of pending.values()) reject(unavailable(error));
    pending.clear();
  }

  function started(): Worker {
    if (worker) return worker;
    const spawned = spawnWorker(data);
    // An idle worker must not keep the process alive; it is ref'd while requests are pending.
    spawned.unref();
    spawned.on('message', (reply: WorkerReply) => {
      const waiter = pending.get(reply.id);
      if (!waiter) return;
      pending.delete(reply.id);
      if (pending.size === 0) spawned.unref();
      if (reply.ok) waiter.resolve(reply.result);
      else waiter.reject(new Error(`embedded search worker: ${reply.message}`));
    });
    spawned.on('error', fail);
    spawned.on('exit', (code) => {
      if (!closed) fail(new Error(`embedded search worker exited with code ${code}`));
    });
    worker = spawned;
    return spawned;
  }

  function call<K extends WorkerRequest['op']>(
    request: Extract<WorkerRequest, { op: K }>,
  ): Promise<WorkerResults[K]> {
    if (closed) return Promise.reject(unavailable(new Error('the search engine is closed')));
    if (failure) return Promise.reject(unavailable(failure));
    const target = started();
    const id = nextId++;
    return new Promise<WorkerResults[K]>((resolve, reject) => {
      if (pending.size === 0) target.ref();
      pending.set(id, { resolve: resolve as (value: unknown) => void, reject });
      target.postMessage({ id, request } satisfies WorkerEnvelope);
    });
  }

  /**
   * A match in one message, or with `later` in two: the worker runs the engine queries while this
   * thread computes the vector index's nearest records, which the second message carries.
   */
  async function match(request: MatchRequest, later?: () => readonly string[]) {
    if (!later) return call({ op: 'match', request });
    const token = nextToken++;
    const first = call({ op: 'matchStart', token, request });
    let semantic: readonly string[] = [];
    let failed: { error: unknown } | undefined;
    try {
      semantic = later();
    } catch (error) {
      failed = { error };
    }
    // Sent whatever happened: the worker lets go of the first half.
    const second = call({ op: 'matchFinish', token, semantic: [...semantic] });
    const [queried, finished] = await Promise.allSettled([first, second]);
    if (failed) throw failed.error;
    if (queried.status === 'rejected') throw queried.reason;
    if (finished.status === 'rejected') throw finished.reason;
    return finished.value;
  }

  const matches = {
    expertsForProblem: async (request: ExpertsForProblemRequest, later?: () => readonly string[]) =>
      (await match({ kind: 'expertsForProblem', ...request }, later)) as ExpertsForProblemReply,
    problemsForExpert: async (request: ProblemsForExpertRequest, later?: () => readonly string[]) =>
      (await match({ kind: 'problemsForExpert', ...request }, later)) as ProblemsForExpertReply,
  };
  const pairs = (reply: unknown) => new Map(Object.entries(reply as Record<string, PairText>));
  const textScorer: Required<TextScorer> = {
    ...matches,
    topTerms: async (text, count) =>
      (await call({ op: 'text', request: { kind: 'topTerms', text, count } })) as string[],
    async expertQueries(expert, counts) {
      const reply = await call({
        op: 'text',
        request: { kind: 'expertQueries', expertId: expert.id, counts },
      });
      return (
        (reply as { profile: string[]; publications: string[][] } | null) ?? {
          profile: [],
          publications: [],
        }
      );
    },
    indexed: async (expertId) =>
      ((await call({
        op: 'text',
        request: { kind: 'expertDoc', expertId },
      })) as ExpertSearchDoc | null) ?? undefined,
    forProblem: async (text, experts) =>
      pairs(
        await call({
          op: 'text',
          request: { kind: 'forProblem', text, expertIds: experts.map((e) => e.id) },
        }),
      ),
    forExpert: async (expert, problems) =>
      pairs(
        await call({
          op: 'text',
          request: {
            kind: 'forExpert',
            expertId: expert.id,
            problems: problems.flatMap((p) => {
              const id = p.id ?? p.doc?.id;
              return id ? [{ id, ...(p.text === undefined ? {} : { text: p.text }) }] : [];
            }),
          },
        }),
      ),
  };

  return {
    kind: 'embedded',
    // No vectors here: semantic matching has its own index. A query's vector is checked, then
    // ignored, and the text alone ranks (the port's contract for `hybrid` false).
    hybrid: () => false,
    textScorer,
    pendingTerms: () => call({ op: 'textPending' }),
    async health() {
      const started = performance.now();
      try {
        await call({ op: 'ping' });
        return { status: 'up', latencyMs: Math.round(performance.now() - started) };
      } catch (error) {
        return { status: 'down', detail: error instanceof Error ? error.message : String(error) };
      }
    },
    async applySettings(index, applyOptions) {
      await call({ op: 'applySettings', index, dictionary: [...(applyOptions?.dictionary ?? [])] });
    },
    async upsert(index, docs) {
      await call({ op: 'upsert', index, docs: parseDocs(index, docs) });
    },
    async remove(index, ids) {
      await call({ op: 'remove', index, ids: parseIds(ids) });
    },
    async search(query) {
      const [result] = await call({
        op: 'search',
        queries: [parseSearchQuery(splitHybrid(query).rest)],
      });
      if (!result) throw new Error('embedded search worker: no result');
      return result as SearchResult<typeof query.index>;
    },
    multiSearch(queries) {
      return call({
        op: 'search',
        queries: queries.map((query) => parseSearchQuery(splitHybrid(query).rest)),
      });
    },
    async federatedSearch(queries, federation) {
      const {
        queries: resolved,
        limit,
        offset,
      } = parseFederatedSearch(
        queries.map((query) => splitHybrid(query).rest),
        federation,
      );
      const results = await call({
        op: 'search',
        queries: resolved.map((query) => ({
          ...query,
          offset: 0,
          limit: Math.min(offset + limit, searchSettings[query.index].pagination.maxTotalHits),
        })),
      });
      return federate(results, resolved, limit, offset);
    },
    async rebuild(index, batches, onProgress) {
      const token = await call({ op: 'rebuildStart', index });
      let indexed = 0;
      let count = 0;
      try {
        for await (const batch of batches) {
          const docs = parseDocs(index, batch);
          await call({ op: 'rebuildBatch', token, docs });
          indexed += docs.length;
          count++;
          onProgress?.({ index, indexed, batches: count });
        }
        return { indexed: await call({ op: 'rebuildCommit', token }) };
      } catch (error) {
        await call({ op: 'rebuildAbort', token }).catch(() => undefined);
        throw error;
      }
    },
    count: (index) => call({ op: 'count', index }),
    async close() {
      closed = true;
      const running = worker;
      worker = undefined;
      for (const { reject } of pending.values()) {
        reject(unavailable(new Error('the search engine is closed')));
      }
      pending.clear();
      await running?.terminate();
    },
  };
}

/**
 * Merges the hits of several queries by weighted score, keeping each document once (its best
 * hit), as Meilisearch's federated search does.
 */
export function federate(
  results: readonly SearchResult[],
  queries: readonly { index: IndexName; weight: number }[],
  limit: number,
  offset: number,
): FederatedResult {
  const best = new Map<string, FederatedHit>();
  results.forEach((result, queryIndex) => {
    const query = queries[queryIndex];
    if (!query) return;
    for (const hit of result.hits) {
      const candidate = {
        ...hit,
        index: query.index,
        queryIndex,
        weightedScore: hit.score * query.weight,
      } as FederatedHit;
      const key = `${query.index}/${hit.id}`;
      const seen = best.get(key);
      if (!seen || seen.weightedScore < candidate.weightedScore) best.set(key, candidate);
    }
  });
  const hits = [...best.values()].sort(
    (a, b) => b.weightedScore - a.weightedScore || a.queryIndex - b.queryIndex,
  );
  return {
    hits: hits.slice(offset, offset + limit),
    estimatedTotalHits: results.reduce((sum, r) => sum + r.estimatedTotalHits, 0),
  };
}
