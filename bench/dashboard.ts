// The office dashboard on the demo data set: `GET /stats/dashboard` through the API (the real
// handlers) on the local store (FerretDB), first read and repeated reads, next to the floor of
// any dashboard over this store measured in the same run: one plain scan of the problems.
// Run: npx tsx dashboard.ts [--rounds 10] [--scale 1]
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { createApp } from '@jiedui/api/app.ts';
import type { Actor } from '@jiedui/api/features/access/actor.ts';
import { seedDemo } from '@jiedui/api/features/demo/load.ts';
import { createLogger } from '@jiedui/api/lib/logger.ts';
import { connectStore } from '@jiedui/api/lib/mongo.ts';
import { createEmbeddedEngine } from '@jiedui/api/search/embedded.ts';
import type * as Ferret from '../tools/ferretdb/index.d.ts';
import { machineLine, printTable, summarise } from './lib/stats.ts';

const launcher = '../tools/ferretdb/index.mjs';
const { freePort, startFerret } = (await import(launcher)) as typeof Ferret;

const { values } = parseArgs({
  options: {
    rounds: { type: 'string', default: '10' },
    scale: { type: 'string', default: '1' },
  },
});
const rounds = Number(values.rounds);
const officer: Actor = { userId: 'bench', role: 'officer', name: '基准测试' };

async function main() {
  console.log(machineLine());
  const dataDir = mkdtempSync(join(tmpdir(), 'jiedui-bench-dashboard-'));
  const server = await startFerret({ port: await freePort(), dataDir, logLevel: 'error' });
  const store = await connectStore(server.url, 'bench_dashboard');
  const engine = createEmbeddedEngine();
  try {
    const started = performance.now();
    const report = await seedDemo(store.db, {
      seed: 'jiedui-demo',
      scale: Number(values.scale),
      until: new Date('2026-11-27T00:00:00+08:00'),
      auth: {
        secret: 'bench-secret-bench-secret-bench-secret',
        baseURL: 'http://localhost:8787',
        webURL: 'http://localhost:3000',
      },
    });
    console.log(
      `demo data loaded in ${((performance.now() - started) / 1000).toFixed(1)} s:`,
      JSON.stringify(report.counts),
    );
    const app = createApp({
      db: store.db,
      search: engine,
      logger: createLogger('silent'),
      resolveActor: () => Promise.resolve(officer),
    });
    const read = async (path: string) => {
      const t = performance.now();
      const res = await app.request(path, { headers: { 'accept-language': 'zh-CN' } });
      if (res.status !== 200) throw new Error(`${path}: ${res.status} ${await res.text()}`);
      await res.arrayBuffer();
      return performance.now() - t;
    };
    const scan = async () => {
      const t = performance.now();
      await store.db.collection('problems').find({}).toArray();
      return performance.now() - t;
    };
    const first = await read('/stats/dashboard');
    const repeated: number[] = [];
    const scans: number[] = [];
    const afterWrite: number[] = [];
    for (let i = 0; i < rounds; i++) {
      repeated.push(await read('/stats/dashboard'));
      scans.push(await scan());
    }
    // A problem changed between reads: what the first view after a change costs.
    const problems = store.db.collection<{ _id: string; rev: number }>('problems');
    for (let i = 0; i < Math.min(rounds, 5); i++) {
      const problem = await problems.findOne(
        { status: 'open' },
        { skip: i * 7, projection: { rev: 1 } },
      );
      if (!problem) throw new Error('no problem to change');
      const res = await app.request(`/problems/${problem._id}`, {
        method: 'PATCH',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ rev: problem.rev, title: `基准测试改过的标题 ${i}` }),
      });
      if (res.status !== 200) throw new Error(`write: ${res.status} ${await res.text()}`);
      afterWrite.push(await read('/stats/dashboard'));
    }
    console.log(`first read: ${first.toFixed(0)} ms`);
    printTable([
      { name: 'GET /stats/dashboard, repeated', ...summarise(repeated) },
      { name: 'GET /stats/dashboard, after a problem changed', ...summarise(afterWrite) },
      { name: 'baseline: one scan of the problems', ...summarise(scans) },
    ]);
  } finally {
    await engine.close();
    await store.close();
    await server.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

await main();
