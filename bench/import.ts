// Bulk import of experts through the API on the local store (FerretDB): a CSV of N demo experts
// (5–30 publications each) posted to POST /imports/experts, timed end to end (upload, parse,
// validation of every row, lookups, writes), with the indexer running in the background as in
// the API until every imported expert is searchable, then the same file again (every row
// unchanged). Baseline in the same run: the same expert documents written with a bare
// insertMany, the floor of any importer.
// Run: npx tsx import.ts [--rows 10000] [--skip-index]
import { mkdtempSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { createApp, createRepositories, ensureIndexes } from '@jiedui/api/app.ts';
import type { Actor } from '@jiedui/api/features/access/actor.ts';
import { generateDemo } from '@jiedui/api/features/demo/generate.ts';
import type { ExpertDoc } from '@jiedui/api/features/experts/repository.ts';
import { createLogger } from '@jiedui/api/lib/logger.ts';
import { connectStore } from '@jiedui/api/lib/mongo.ts';
import { createEmbeddedEngine } from '@jiedui/api/search/embedded.ts';
import { createIndexer } from '@jiedui/api/search/indexer.ts';
import type * as Ferret from '../tools/ferretdb/index.d.ts';
import { machineLine, printTable } from './lib/stats.ts';

// The local server's launcher is plain JavaScript with its types beside it (index.d.ts).
const launcher = '../tools/ferretdb/index.mjs';
const { freePort, startFerret } = (await import(launcher)) as typeof Ferret;

const { values } = parseArgs({
  options: { rows: { type: 'string', default: '10000' }, 'skip-index': { type: 'boolean' } },
});
const rows = Number(values.rows);
const officer: Actor = { userId: 'bench', role: 'officer', name: '基准测试' };
const universityCode = '12330000470003233J';

function demoExperts(n: number): ExpertDoc[] {
  const out: ExpertDoc[] = [];
  const until = new Date('2026-11-27T00:00:00+08:00');
  for (const chunk of generateDemo({ seed: 'bench', scale: n / 500 + 0.01, until })) {
    if (chunk.kind !== 'experts') continue;
    out.push(...chunk.docs);
    if (out.length >= n) break;
  }
  return out.slice(0, n);
}

// RFC 4180 quoting; the bench workspace does not depend on the API's CSV library.
const quote = (cell: string) => `"${cell.replace(/"/g, '""')}"`;
const stringify = (table: string[][]) =>
  table.map((row) => row.map(quote).join(',')).join('\r\n') + '\r\n';

function csvOf(experts: ExpertDoc[]): string {
  const header = [
    'email',
    'name',
    'organisationCreditCode',
    'title',
    'college',
    'fields',
    'keywords',
    'bio',
    'capacity',
    'publications',
    'patents',
  ];
  const body = experts.map((e, i) => [
    `bench.${String(i)}@demo.jiedui.cn`,
    e.name,
    universityCode,
    e.title,
    e.college ?? '',
    e.fields.join('；'),
    e.keywords.join('；'),
    e.bio,
    String(e.capacity),
    e.publications
      .map((p) => [String(p.year), p.title, p.venue ?? '', p.abstract ?? ''].join(' | '))
      .join('\n'),
    e.patents.map((p) => [String(p.year ?? ''), p.title, p.number ?? ''].join(' | ')).join('\n'),
  ]);
  return stringify([header, ...body]);
}

async function main() {
  console.log(machineLine());
  const experts = demoExperts(rows);
  const file = csvOf(experts);
  const publications = experts.reduce((sum, e) => sum + e.publications.length, 0);
  console.log(
    `file: ${String(rows)} experts, ${String(publications)} publications, ${(file.length / 2 ** 20).toFixed(1)} MiB of CSV`,
  );

  const dataDir = mkdtempSync(join(tmpdir(), 'jiedui-bench-import-'));
  const server = await startFerret({ port: await freePort(), dataDir, logLevel: 'error' });
  const results: Record<string, string | number>[] = [];
  const report = (row: Record<string, string | number>) => {
    // The machine is shared: the 1-minute load average says how much CPU the run competed for.
    row.load = loadavg()[0]?.toFixed(1) ?? '';
    results.push(row);
    console.log(
      `  ${String(row.run)}: ${Number(row.seconds).toFixed(1)} s ${String(row.outcome ?? '')} (load ${row.load})`,
    );
  };
  try {
    // Baseline: the documents alone, one insertMany into an indexed collection.
    const base = await connectStore(server.url, 'bench_baseline');
    const baseRepos = createRepositories(base.db);
    await ensureIndexes(baseRepos);
    const started = performance.now();
    for (let i = 0; i < experts.length; i += 500) {
      await baseRepos.experts.collection.insertMany(
        experts.slice(i, i + 500).map(({ outbox: _outbox, ...doc }) => doc),
      );
    }
    report({
      run: 'baseline: bare insertMany',
      seconds: (performance.now() - started) / 1000,
    });
    await base.close();

    const store = await connectStore(server.url, 'bench_import');
    const repos = createRepositories(store.db);
    await ensureIndexes(repos);
    const search = createEmbeddedEngine();
    const app = createApp({
      db: store.db,
      search,
      logger: createLogger('error'),
      bodyLimit: 512 * 2 ** 20,
      resolveActor: () => Promise.resolve(officer),
    });
    await repos.organisations.create(
      { kind: 'university', creditCode: universityCode, name: '浙江工业大学' },
      { userId: 'bench', role: 'officer', name: '基准测试' },
    );

    const indexer = values['skip-index']
      ? undefined
      : createIndexer({ repos, engine: search, db: store.db, logger: createLogger('error') });
    // As in the API process: the indexer runs in the background while the import writes.
    indexer?.start();
    const indexed = async () =>
      (await repos.experts.revisions()).every((row) => row.indexedRev >= row.rev);

    const post = async () => {
      const begin = performance.now();
      const res = await app.request('/imports/experts?wait=true', {
        method: 'POST',
        headers: { 'content-type': 'text/csv' },
        body: file,
      });
      const job = (await res.json()) as { status: string; planned: Record<string, number> };
      return { begin, seconds: (performance.now() - begin) / 1000, job, status: res.status };
    };
    const first = await post();
    report({
      run: `import ${String(rows)} new experts`,
      seconds: first.seconds,
      outcome: `${String(first.status)} ${first.job.status} ${JSON.stringify(first.job.planned)}`,
    });
    if (indexer) {
      // The index count is a cheap question to the worker; the marks (a read of every record on
      // the local server, which would slow what it measures) are checked once it is complete.
      const wait = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
      while ((await search.count('experts')) < rows) await wait(100);
      report({
        run: 'import + indexing, until every row is searchable',
        seconds: (performance.now() - first.begin) / 1000,
        outcome: `${String(await search.count('experts'))} experts in the index`,
      });
      while (!(await indexed())) await wait(250);
      report({
        run: '… and every pushed rev recorded (read back)',
        seconds: (performance.now() - first.begin) / 1000,
      });
    }
    const second = await post();
    report({
      run: 'the same file again (all unchanged)',
      seconds: second.seconds,
      outcome: `${String(second.status)} ${second.job.status} ${JSON.stringify(second.job.planned)}`,
    });
    await indexer?.stop();
    await search.close();
    await store.close();
  } finally {
    await server.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }
  printTable(results);
}

await main();
