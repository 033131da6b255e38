// Matching latency end to end: `GET /problems/{id}/matches` and `GET /experts/{id}/matches`
// through the API (app.request, the real handlers) on the local store (FerretDB) and the embedded
// engine, with demo records (experts with their publications, problems, two years of
// engagements) at the chosen scale. Baseline in the same run: one engine query of the whole
// problem text, the floor of any matcher that asks the engine at all.
// With --semantic, matching runs with the embedding model on: every expert text and problem chunk
// gets a stored vector beforehand (random unit vectors of the model's size — embedding 100k+
// texts here would take hours, and a top-k costs the same whatever the values), problems still
// matched keep their whole text's vectors as the semantic service does, so that a request embeds
// nothing, as in the API once the background embedding has reached a write (the real model is
// loaded all the same; a problem whose vectors lag its rev is embedded on the request, ≈ 30 ms).
// Run: npx tsx match-api.ts [--experts 5000] [--problems 25000] [--rounds 60] [--semantic]
//      | --full (20k / 100k)   [--data DIR: keep the loaded store there and reuse it next time]
//      [--windows FILE: write each problem request's start and end (µs of the monotonic clock, as
//      in a --cpu-prof profile) to split a profile's samples between first and repeated requests]
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { createApp, createRepositories, ensureIndexes } from '@jiedui/api/app.ts';
import type { Actor } from '@jiedui/api/features/access/actor.ts';
import { baseCounts, generateDemo } from '@jiedui/api/features/demo/generate.ts';
import { createLogger } from '@jiedui/api/lib/logger.ts';
import { connectStore } from '@jiedui/api/lib/mongo.ts';
import { createCorpus } from '@jiedui/api/matching/corpus.ts';
import { matchExperts, matchProblems } from '@jiedui/api/matching/matcher.ts';
import { createEmbeddedEngine } from '@jiedui/api/search/embedded.ts';
import type { ExpertDoc } from '@jiedui/api/features/experts/repository.ts';
import type { ProblemDoc } from '@jiedui/api/features/problems/repository.ts';
import { chunkText } from '@jiedui/api/semantic/chunk.ts';
import { createEmbedder } from '@jiedui/api/semantic/embedder.ts';
import { findModel } from '@jiedui/api/semantic/models.ts';
import {
  createSemantic,
  expertTexts,
  keepsQuery,
  problemFullText,
  problemPublicEmbedText,
  queryCollection,
  type Semantic,
} from '@jiedui/api/semantic/service.ts';
import { createVectorStore, type StoredVectors } from '@jiedui/api/semantic/vector-store.ts';
import { createIndexer } from '@jiedui/api/search/indexer.ts';
import type * as Ferret from '../tools/ferretdb/index.d.ts';
import { machineLine, printTable, summarise } from './lib/stats.ts';

// The local server's launcher is plain JavaScript with its types beside it (index.d.ts).
const launcher = '../tools/ferretdb/index.mjs';
const { freePort, startFerret } = (await import(launcher)) as typeof Ferret;

const { values } = parseArgs({
  options: {
    full: { type: 'boolean' },
    experts: { type: 'string' },
    problems: { type: 'string' },
    rounds: { type: 'string', default: '60' },
    semantic: { type: 'boolean' },
    data: { type: 'string' },
    windows: { type: 'string' },
  },
});
const expertCount = Number(values.experts ?? (values.full ? 20_000 : 5_000));
const problemCount = Number(values.problems ?? (values.full ? 100_000 : 25_000));
const rounds = Number(values.rounds);
const officer: Actor = { userId: 'bench', role: 'officer', name: '基准测试' };
const until = new Date('2026-11-27T00:00:00+08:00');

const strip = <T extends { outbox?: unknown }>(docs: readonly T[]) =>
  docs.map(({ outbox: _outbox, ...doc }) => doc);

async function main() {
  console.log(machineLine());
  console.log(`store: ${expertCount} experts, ${problemCount} problems (demo generator)`);
  // A kept store is reused as it is: the load (three minutes at full scale) is skipped.
  const kept = values.data !== undefined;
  const reused = kept && existsSync(join(values.data ?? '', 'loaded'));
  const dataDir = values.data ?? mkdtempSync(join(tmpdir(), 'jiedui-bench-match-'));
  if (kept) mkdirSync(dataDir, { recursive: true });
  const server = await startFerret({ port: await freePort(), dataDir, logLevel: 'error' });
  const store = await connectStore(server.url, 'bench_match');
  const engine = createEmbeddedEngine();
  try {
    const repos = createRepositories(store.db);
    const db = store.db;
    let started = performance.now();
    const { openProblems, verifiedExperts, engagements } = reused
      ? await loaded(db)
      : await loadStore(db);
    await ensureIndexes(repos);
    if (kept) writeFileSync(join(dataDir, 'loaded'), `${expertCount} ${problemCount}\n`);
    console.log(
      `${reused ? 'reused store' : 'load'}: ${((performance.now() - started) / 1000).toFixed(1)} s (${engagements} engagements, ${openProblems.length} open problems)`,
    );

    const indexer = createIndexer({ repos, engine, db, logger: createLogger('error') });
    started = performance.now();
    await indexer.reindex();
    console.log(`reindex: ${((performance.now() - started) / 1000).toFixed(1)} s`);
    // The embedded engine computes the matcher's terms in the background after a rebuild.
    if ('pendingTerms' in engine) {
      started = performance.now();
      while ((await engine.pendingTerms()) > 0) await new Promise((r) => setTimeout(r, 200));
      console.log(`matcher terms: ${((performance.now() - started) / 1000).toFixed(1)} s more`);
    }

    const semantic = values.semantic ? await withVectors(db, repos) : undefined;

    // Where a request's time goes: every engine call and every store read the matcher makes
    // is timed from outside (the wrappers add nothing but a clock read).
    const phases = new Map<string, number>();
    const calls = new Map<string, number>();
    // The same, for the request under way (the app's matcher calls the timed engine too).
    const current = new Map<string, number>();
    const timed =
      <A extends unknown[], R>(name: string, fn: (...args: A) => Promise<R>) =>
      async (...args: A): Promise<R> => {
        const t = performance.now();
        try {
          return await fn(...args);
        } finally {
          phases.set(name, (phases.get(name) ?? 0) + performance.now() - t);
          current.set(name, (current.get(name) ?? 0) + performance.now() - t);
          calls.set(name, (calls.get(name) ?? 0) + 1);
        }
      };
    const scorer = engine.textScorer;
    const measured = {
      ...engine,
      kind: engine.kind,
      multiSearch: timed(
        'engine: multiSearch',
        (queries: Parameters<typeof engine.multiSearch>[0]) => engine.multiSearch(queries),
      ),
      textScorer: {
        topTerms: timed('worker: query terms', scorer.topTerms),
        indexed: timed('worker: the expert as indexed', scorer.indexed),
        expertQueries: timed('worker: query terms', scorer.expertQueries),
        forProblem: timed('worker: text evidence', scorer.forProblem),
        forExpert: timed('worker: text evidence', scorer.forExpert),
        expertsForProblem: timed('worker: a whole match, one message', scorer.expertsForProblem),
        problemsForExpert: timed('worker: a whole match, one message', scorer.problemsForExpert),
      },
    };
    const { engagements: engagementRepo, organisations, problems, experts: expertRepo } = repos;
    engagementRepo.ofProblem = timed('store: engagements of the problem', engagementRepo.ofProblem);
    engagementRepo.ofExperts = timed('store: engagements of the expert', engagementRepo.ofExperts);
    organisations.get = timed('store: by _id', organisations.get);
    problems.get = timed('store: by _id', problems.get);
    expertRepo.get = timed('store: by _id', expertRepo.get);
    const app = createApp({
      db,
      search: measured,
      ...(semantic ? { semantic } : {}),
      logger: createLogger('error'),
      resolveActor: () => Promise.resolve(officer),
    });
    const workerPhase = 'worker: a whole match, one message';
    const windows: { kind: string; start: number; end: number }[] = [];
    const clock = () => Number(process.hrtime.bigint() / 1000n);
    const timedGet = async (kind: string, path: string) => {
      const start = clock();
      const result = await get(path);
      windows.push({ kind, start, end: clock() });
      return result;
    };
    const get = async (path: string) => {
      current.clear();
      const t = performance.now();
      const res = await app.request(path);
      const body = (await res.json()) as { items?: unknown[] };
      if (res.status !== 200) throw new Error(`${path}: ${res.status} ${JSON.stringify(body)}`);
      return {
        ms: performance.now() - t,
        items: body.items?.length ?? 0,
        worker: current.get(workerPhase) ?? 0,
      };
    };
    const pick = (list: readonly string[], i: number) => list[(i * 7919) % list.length] ?? '';

    // Warm-up: the jieba dictionary loads on the first match.
    await get(`/problems/${pick(openProblems, 0)}/matches`);
    await get(`/experts/${pick(verifiedExperts, 0)}/matches`);

    const baseline: number[] = [];
    const byId: number[] = [];
    const subjectRead: number[] = [];
    const forProblem: number[] = [];
    const forExpert: number[] = [];
    // A problem's first request, split: the worker's message (round trip) and the rest (the
    // records read from the store, scoring, the response).
    const inWorkerFirst: number[] = [];
    const outsideFirst: number[] = [];
    const inWorkerAgain: number[] = [];
    const asked: { problemId: string; expertId: string }[] = [];
    let empty = 0;
    for (let i = 1; i <= rounds; i++) {
      const problemId = pick(openProblems, i);
      let t = performance.now();
      const problem = await repos.problems.get(problemId);
      subjectRead.push(performance.now() - t);
      if (!problem) continue;
      t = performance.now();
      await engine.search({
        index: 'experts',
        q: [problem.title, problem.summary, problem.description].join('\n'),
        filter: {
          and: [
            { field: 'verified', op: 'eq', value: true },
            { field: 'remainingCapacity', op: 'gte', value: 1 },
          ],
        },
        limit: 50,
        matchingStrategy: 'frequency',
      });
      baseline.push(performance.now() - t);
      t = performance.now();
      await repos.organisations.get(problem.companyId);
      byId.push(performance.now() - t);
      const a = await timedGet('first', `/problems/${problemId}/matches`);
      forProblem.push(a.ms);
      inWorkerFirst.push(a.worker);
      outsideFirst.push(a.ms - a.worker);
      t = performance.now();
      const b = await get(`/experts/${pick(verifiedExperts, i)}/matches`);
      forExpert.push(b.ms);
      if (a.items === 0 || b.items === 0) empty++;
      asked.push({ problemId, expertId: pick(verifiedExperts, i) });
    }
    // The same requests again: the problem or expert asked about is now in the matcher's record
    // cache (nothing wrote to it), as when a company or the office opens a problem's matches twice.
    const againProblem: number[] = [];
    const againExpert: number[] = [];
    for (const { problemId, expertId } of asked) {
      const again = await timedGet('again', `/problems/${problemId}/matches`);
      againProblem.push(again.ms);
      inWorkerAgain.push(again.worker);
      againExpert.push((await get(`/experts/${expertId}/matches`)).ms);
    }
    if (values.windows) writeFileSync(values.windows, JSON.stringify(windows));
    await indexer.stop();
    console.log(`matches with no result: ${empty} of ${rounds * 2}`);
    // The same matches once more, called directly with the timed engine and store, the records
    // already read: the candidate side alone, in the worker (one message) and, as the baseline of
    // the same run, on the main thread as before (engine queries, then text evidence, separately;
    // the path Meilisearch still takes).
    const deps = { repos, engine: measured, corpus: createCorpus(repos), semantic };
    const mainThread = {
      ...deps,
      engine: {
        ...measured,
        textScorer: {
          ...measured.textScorer,
          expertsForProblem: undefined,
          problemsForExpert: undefined,
        },
      },
    };
    const direct = { experts: [] as number[], problems: [] as number[] };
    const before = { experts: [] as number[], problems: [] as number[] };
    phases.clear();
    calls.clear();
    for (let i = 1; i <= Math.min(rounds, 20); i++) {
      const problem = await repos.problems.get(pick(openProblems, i));
      const expert = await repos.experts.get(pick(verifiedExperts, i));
      if (!problem || !expert) continue;
      let t = performance.now();
      await matchExperts(deps, problem, 20);
      direct.experts.push(performance.now() - t);
      t = performance.now();
      await matchProblems(deps, expert, { limit: 20 });
      direct.problems.push(performance.now() - t);
    }
    const spent = [...direct.experts, ...direct.problems].reduce((a, b) => a + b, 0);
    const inWorker = new Map(phases);
    const inWorkerCalls = new Map(calls);
    phases.clear();
    calls.clear();
    for (let i = 1; i <= Math.min(rounds, 20); i++) {
      const problem = await repos.problems.get(pick(openProblems, i));
      const expert = await repos.experts.get(pick(verifiedExperts, i));
      if (!problem || !expert) continue;
      let t = performance.now();
      await matchExperts(mainThread, problem, 20);
      before.experts.push(performance.now() - t);
      t = performance.now();
      await matchProblems(mainThread, expert, { limit: 20 });
      before.problems.push(performance.now() - t);
    }
    const spentBefore = [...before.experts, ...before.problems].reduce((a, b) => a + b, 0);
    console.log('where the time of the candidate side goes, main-thread baseline:');
    for (const [name, ms] of [...phases].sort((a, b) => b[1] - a[1])) {
      console.log(
        `  ${name.padEnd(40)} ${(ms / 1000).toFixed(1)} s  ${((100 * ms) / spentBefore).toFixed(0)} %  (${calls.get(name) ?? 0} calls)`,
      );
    }
    phases.clear();
    calls.clear();
    for (const [name, ms] of inWorker) phases.set(name, ms);
    for (const [name, n] of inWorkerCalls) calls.set(name, n);
    console.log('where the time of the candidate side goes, in the worker:');
    for (const [name, ms] of [...phases].sort((a, b) => b[1] - a[1])) {
      console.log(
        `  ${name.padEnd(40)} ${(ms / 1000).toFixed(1)} s  ${((100 * ms) / spent).toFixed(0)} %  (${calls.get(name) ?? 0} calls)`,
      );
    }
    const load = () =>
      loadavg()
        .map((l) => l.toFixed(1))
        .join(' / ');
    console.log(`load average (1 / 5 / 15 min) at the end: ${load()}`);
    // The worker (indexes, terms, kept vectors) lives in this process: its memory is in the RSS.
    console.log(
      `resident memory at the end (API, engine worker, caches): ${Math.round(process.memoryUsage().rss / 2 ** 20)} MiB`,
    );
    printTable(
      [
        { name: 'baseline: one engine query of the whole problem text', s: summarise(baseline) },
        { name: 'baseline: one store read by _id (FerretDB)', s: summarise(byId) },
        { name: 'baseline: the problem asked about, by _id', s: summarise(subjectRead) },
        { name: 'GET /problems/{id}/matches', s: summarise(forProblem) },
        { name: 'GET /experts/{id}/matches', s: summarise(forExpert) },
        { name: '  of which the worker message', s: summarise(inWorkerFirst) },
        { name: '  of which the rest (store reads, scoring)', s: summarise(outsideFirst) },
        { name: 'GET /problems/{id}/matches again (record cached)', s: summarise(againProblem) },
        { name: '  of which the worker message', s: summarise(inWorkerAgain) },
        { name: 'GET /experts/{id}/matches again (record cached)', s: summarise(againExpert) },
        { name: 'direct matchExperts, one worker message', s: summarise(direct.experts) },
        { name: 'direct matchProblems, one worker message', s: summarise(direct.problems) },
        { name: 'baseline: direct matchExperts, main thread', s: summarise(before.experts) },
        { name: 'baseline: direct matchProblems, main thread', s: summarise(before.problems) },
      ].map(({ name, s }) => ({
        request: name,
        n: s.n,
        'p50 ms': s.p50,
        'p95 ms': s.p95,
        'p99 ms': s.p99,
      })),
    );
  } finally {
    await engine.close();
    await semanticOn?.stop();
    await store.close();
    await server.stop();
    if (!kept) rmSync(dataDir, { recursive: true, force: true });
  }
}

type Db = Parameters<typeof createRepositories>[0];

/** Writes the demo records at the chosen scale, in the generator's order. */
async function loadStore(db: Db) {
  const experts = new Set<string>();
  const openProblems: string[] = [];
  const verifiedExperts: string[] = [];
  let engagements = 0;
  // Problems drive the scale; experts beyond the wanted count are not written, nor their
  // engagements.
  const scale = problemCount / baseCounts.problems;
  for (const chunk of generateDemo({ seed: 'bench', scale, until })) {
    if (chunk.kind === 'organisations') {
      await db.collection('organisations').insertMany(strip(chunk.docs) as never[]);
    } else if (chunk.kind === 'experts') {
      const docs = chunk.docs.slice(0, Math.max(0, expertCount - experts.size));
      if (docs.length === 0) continue;
      for (const doc of docs) {
        experts.add(doc._id);
        if (doc.verification === 'verified') verifiedExperts.push(doc._id);
      }
      await db.collection('experts').insertMany(strip(docs) as never[]);
    } else if (chunk.kind === 'problems') {
      const problems = chunk.problems.slice(0, problemCount);
      if (problems.length > 0)
        await db.collection('problems').insertMany(strip(problems) as never[]);
      for (const p of problems) if (p.status === 'open') openProblems.push(p._id);
      const kept = chunk.engagements.filter((e) => experts.has(e.expertId));
      engagements += kept.length;
      // The generator may repeat an engagement across chunks at large scales: keep the first.
      if (kept.length > 0)
        await db
          .collection('engagements')
          .insertMany(strip(kept) as never[], { ordered: false })
          .catch((error: unknown) => {
            if ((error as { code?: number }).code !== 11000) throw error;
          });
    }
  }
  return { openProblems, verifiedExperts, engagements };
}

/** The lists a kept store was loaded with (natural order is the order they were written in). */
async function loaded(db: Db) {
  const ids = async (name: string, filter: Record<string, unknown>) =>
    (
      await db
        .collection(name)
        .find(filter, { projection: { _id: 1 } })
        .toArray()
    ).map((d) => String(d._id));
  return {
    openProblems: await ids('problems', { status: 'open' }),
    verifiedExperts: await ids('experts', { verification: 'verified' }),
    engagements: await db.collection('engagements').countDocuments(),
  };
}

let semanticOn: Semantic | undefined;

/** A random unit vector: what a top-k costs does not depend on the values. */
function randomUnit(dims: number): Float32Array {
  const v = new Float32Array(dims);
  let norm = 0;
  for (let i = 0; i < dims; i++) {
    v[i] = Math.random() * 2 - 1;
    norm += (v[i] ?? 0) ** 2;
  }
  const length = Math.sqrt(norm);
  for (let i = 0; i < dims; i++) v[i] = (v[i] ?? 0) / length;
  return v;
}

/**
 * Stores a vector for every expert text and problem chunk, as the semantic service would after
 * embedding them, then starts the service on the real model (it loads the stored vectors).
 */
async function withVectors(
  db: Parameters<typeof createRepositories>[0],
  repos: ReturnType<typeof createRepositories>,
): Promise<Semantic> {
  const modelDir = fileURLToPath(new URL('../.cache/models', import.meta.url));
  const found = findModel(modelDir);
  if (!found.model) throw new Error(found.reason);
  const probe = createEmbedder(found.model);
  const dims = await probe.ready();
  await probe.close();
  const store = createVectorStore(db, found.model.spec.id);
  const queryStore = createVectorStore(db, found.model.spec.id, queryCollection);
  let started = performance.now();
  let batch: StoredVectors[] = [];
  let queryBatch: StoredVectors[] = [];
  let vectors = 0;
  const flush = async () => {
    await queryStore.save(queryBatch, dims);
    await store.save(batch, dims);
    batch = [];
    queryBatch = [];
  };
  // A kept store's vectors (an earlier --semantic run on it) are used as they are.
  const count = (name: string) => db.collection(name).estimatedDocumentCount();
  const reuse = (await count('vectors')) > 0 && (await count(queryCollection)) > 0;
  if (!reuse) {
    // Dropped, not emptied: FerretDB deletes many by listing their ids in one SQL statement.
    for (const name of ['vectors', queryCollection]) {
      await db
        .collection(name)
        .drop()
        .catch(() => undefined);
    }
    for await (const expert of repos.experts.collection.find({}) as AsyncIterable<ExpertDoc>) {
      const items = expertTexts(expert).map((t) => ({ ref: t.ref, vector: randomUnit(dims) }));
      vectors += items.length;
      batch.push({
        kind: 'expert',
        docId: expert._id,
        rev: expert.rev,
        items,
        meta: { verified: expert.verification === 'verified', available: expert.available },
      });
      if (batch.length >= 200) await flush();
    }
    for await (const problem of repos.problems.collection.find({}) as AsyncIterable<ProblemDoc>) {
      // Chunks of about the model's window (512 tokens, about one per character of Chinese).
      const chunks = Math.max(
        1,
        chunkText(problemPublicEmbedText(problem), 500, (t) => t.length).length,
      );
      // Problems still matched also keep their whole text's chunks, as the query of their matches.
      const queryChunks = keepsQuery(problem)
        ? chunkText(problemFullText(problem), 500, (t) => t.length).length
        : 0;
      const items = Array.from({ length: chunks }, (_, k) => ({
        ref: `chunk:${k}`,
        vector: randomUnit(dims),
      }));
      vectors += items.length + queryChunks;
      batch.push({
        kind: 'problem',
        docId: problem._id,
        rev: problem.rev,
        items,
        meta: { status: problem.status, confidentiality: problem.confidentiality },
      });
      if (queryChunks > 0) {
        queryBatch.push({
          kind: 'problem',
          docId: problem._id,
          rev: problem.rev,
          items: Array.from({ length: queryChunks }, (_, k) => ({
            ref: `query:${k}`,
            vector: randomUnit(dims),
          })),
          meta: {},
        });
      }
      if (batch.length >= 500) await flush();
    }
  }
  await flush();
  console.log(
    `vectors: ${reuse ? 'kept from an earlier run' : `${vectors} of ${dims} dimensions stored`} in ${((performance.now() - started) / 1000).toFixed(1)} s (${await count(queryCollection)} problems keep a query)`,
  );
  started = performance.now();
  semanticOn = createSemantic({ db, repos, logger: createLogger('error'), modelDir });
  await semanticOn.load();
  const status = semanticOn.status();
  console.log(
    `semantic: ${status.enabled ? 'on' : `off (${status.reason ?? '?'})`} with ${found.model.spec.name}, ${status.experts} experts and ${status.problems} problems loaded in ${((performance.now() - started) / 1000).toFixed(1)} s`,
  );
  return semanticOn;
}

await main();
