// Write→searchable lag on the local store (FerretDB) and the embedded engine: a problem is
// edited in MongoDB (rev bumped, as every indexed write does) and the time until a search finds
// its new title is measured, (1) left to the indexer's periodic scan of rev/indexedRev, (2)
// announced in-process (search/changes.ts) so the indexer pushes it by id at once. Baseline in
// the same run: the engine alone (upsert, then search), the floor of any indexer.
// Run: npx tsx index-lag.ts [--full]   (default: 20k stored problems; --full: 100k)
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createRepositories, ensureIndexes } from '@jiedui/api/app.ts';
import type { ProblemDoc } from '@jiedui/api/features/problems/repository.ts';
import { createLogger } from '@jiedui/api/lib/logger.ts';
import { connectStore } from '@jiedui/api/lib/mongo.ts';
import { announceWrites } from '@jiedui/api/search/changes.ts';
import { createEmbeddedEngine } from '@jiedui/api/search/embedded.ts';
import { createIndexer } from '@jiedui/api/search/indexer.ts';
import type * as Ferret from '../tools/ferretdb/index.d.ts';
import { machineLine, printTable, summarise } from './lib/stats.ts';

// The local server's launcher is plain JavaScript with its types beside it (index.d.ts).
const launcher = '../tools/ferretdb/index.mjs';
const { freePort, startFerret } = (await import(launcher)) as typeof Ferret;

const full = process.argv.includes('--full');
const stored = full ? 100_000 : 20_000;
const samples = 20;
const words = '热处理 注塑 焊接 光伏 储能 轴承 涂层 纺织 茶叶 发酵'.split(' ');

function problem(i: number, at: Date): ProblemDoc {
  const word = (k: number) => words[(i + k) % words.length] ?? '';
  return {
    _id: `p${i}`,
    companyId: 'c0',
    companyName: '公司',
    title: `${word(0)}${word(3)}问题${i}`,
    summary: `${word(1)}${word(4)}`,
    description: `${word(2)}${word(5)}${word(6)}`,
    desiredOutcome: '',
    fields: [],
    keywords: [word(7)],
    confidentiality: 'public',
    status: 'open',
    rev: 1,
    indexedRev: 0,
    createdAt: at,
    updatedAt: at,
    openedAt: at,
    outbox: [],
  };
}

async function main() {
  console.log(machineLine());
  console.log(`store: ${stored} problems in FerretDB 1.24 (SQLite); ${samples} writes per mode`);
  const dataDir = mkdtempSync(join(tmpdir(), 'jiedui-bench-lag-'));
  const server = await startFerret({ port: await freePort(), dataDir, logLevel: 'error' });
  const store = await connectStore(server.url, 'bench_lag');
  const engine = createEmbeddedEngine();
  try {
    const repos = createRepositories(store.db);
    await ensureIndexes(repos);
    const at = new Date();
    for (let i = 0; i < stored; i += 2000) {
      const batch = Array.from({ length: Math.min(2000, stored - i) }, (_, k) =>
        problem(i + k, at),
      );
      await repos.problems.collection.insertMany(batch);
    }
    const indexer = createIndexer({ repos, engine, db: store.db, logger: createLogger('error') });
    let started = performance.now();
    await indexer.reindex();
    console.log(`reindex from the store: ${((performance.now() - started) / 1000).toFixed(1)} s`);
    started = performance.now();
    await indexer.runOnce();
    const scanMs = performance.now() - started;
    console.log(`one idle pass (the rev/indexedRev scan): ${scanMs.toFixed(0)} ms`);
    indexer.start();

    const until = async (term: string, id: string) => {
      for (;;) {
        const { hits } = await engine.search({ index: 'problems', q: term, limit: 5 });
        if (hits.some((hit) => hit.id === id)) return;
        await new Promise((resolve) => setTimeout(resolve, 5));
      }
    };
    const edit = async (i: number, term: string, announce: boolean) => {
      const id = `p${(i * 7919) % stored}`;
      const t = performance.now();
      await repos.problems.collection.updateOne(
        { _id: id },
        { $set: { title: `${term}问题`, updatedAt: new Date() }, $inc: { rev: 1 } },
      );
      if (announce) announceWrites('problems', [id]);
      await until(term, id);
      return performance.now() - t;
    };

    // What one read by `_id` costs in this collection (every write→searchable path reads one).
    const byId: number[] = [];
    for (let i = 0; i < samples; i++) {
      const t = performance.now();
      await repos.problems.get(`p${(i * 7919) % stored}`);
      byId.push(performance.now() - t);
    }
    const engineOnly: number[] = [];
    const scanned: number[] = [];
    const announced: number[] = [];
    for (let i = 0; i < samples; i++) {
      const doc = problem(stored + i, at);
      const term = `基线词${i}号`;
      const t = performance.now();
      await engine.upsert('problems', [
        {
          id: doc._id,
          title: term,
          summary: doc.summary,
          keywords: [],
          fields: [],
          fieldLabels: [],
          companyId: 'c0',
          companyName: '公司',
          town: '',
          industry: '',
          status: 'open',
          confidentiality: 'public',
          publishedAt: at.getTime(),
          rev: 1,
        },
      ]);
      await until(term, doc._id);
      engineOnly.push(performance.now() - t);
      scanned.push(await edit(i, `扫描词${i}号`, false));
      announced.push(await edit(i + samples, `通知词${i}号`, true));
    }
    await indexer.stop();
    printTable(
      [
        { name: 'baseline: engine upsert → searchable', s: summarise(engineOnly) },
        { name: 'baseline: one store read by _id', s: summarise(byId) },
        { name: 'write → searchable, periodic scan only', s: summarise(scanned) },
        { name: 'write → searchable, announced in-process', s: summarise(announced) },
      ].map(({ name, s }) => ({
        path: name,
        n: s.n,
        'p50 ms': s.p50,
        'p95 ms': s.p95,
        'p99 ms': s.p99,
      })),
    );
  } finally {
    await engine.close();
    await store.close();
    await server.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

await main();
