// Loading the demo data set (seed) on the local store (FerretDB), at one or more scales. Baseline
// in the same run: generating the same data without writing it, the floor of any loader.
// Run: npx tsx seed.ts [--scale 1] [--scale 10]   (several --scale flags run one after another)
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { generateDemo } from '@jiedui/api/features/demo/generate.ts';
import { seedDemo } from '@jiedui/api/features/demo/load.ts';
import { connectStore } from '@jiedui/api/lib/mongo.ts';
import type * as Ferret from '../tools/ferretdb/index.d.ts';
import { machineLine, printTable } from './lib/stats.ts';

// The local server's launcher is plain JavaScript with its types beside it (index.d.ts).
const launcher = '../tools/ferretdb/index.mjs';
const { freePort, startFerret } = (await import(launcher)) as typeof Ferret;

const { values } = parseArgs({ options: { scale: { type: 'string', multiple: true } } });
const scales = (values.scale ?? ['1']).map(Number);
const until = new Date('2026-11-27T00:00:00+08:00');

async function main() {
  console.log(machineLine());
  const dataDir = mkdtempSync(join(tmpdir(), 'jiedui-bench-seed-'));
  const server = await startFerret({ port: await freePort(), dataDir, logLevel: 'error' });
  const rows: Record<string, string | number>[] = [];
  try {
    for (const scale of scales) {
      let started = performance.now();
      let records = 0;
      for (const chunk of generateDemo({ seed: 'deqing', scale, until })) {
        records +=
          chunk.kind === 'problems'
            ? chunk.problems.length +
              chunk.engagements.length +
              chunk.visits.length +
              chunk.outcomes.length
            : chunk.kind === 'programmes'
              ? chunk.programmes.length + chunk.pairings.length
              : chunk.docs.length;
      }
      const generateSeconds = (performance.now() - started) / 1000;

      const store = await connectStore(server.url, `bench_seed_${String(scale).replace('.', '_')}`);
      started = performance.now();
      await seedDemo(store.db, {
        seed: 'deqing',
        scale,
        until,
        auth: {
          secret: 'bench-secret-bench-secret-bench-secret',
          baseURL: 'http://localhost:8787',
          webURL: 'http://localhost:3000',
        },
      });
      const loadSeconds = (performance.now() - started) / 1000;
      const events = await store.db.collection('events').estimatedDocumentCount();
      await store.close();
      rows.push({
        scale,
        records,
        events,
        'generate only (s)': generateSeconds,
        'load (s)': loadSeconds,
        'records+events / s': Math.round((records + events) / loadSeconds),
      });
      console.log(`  scale ${String(scale)}: ${loadSeconds.toFixed(1)} s`);
    }
  } finally {
    await server.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }
  printTable(rows);
}

await main();
