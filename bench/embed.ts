// Semantic matching on this machine: embedding throughput of the model in its worker thread
// (texts/s, on demo-corpus texts), then the exact vector index's top-k latency at 20k experts
// (profile + publications) and 100k problems (sentence chunks), vectors precomputed. The index
// vectors are random unit vectors of the model's size: latency depends on counts and sizes, not on
// values, and embedding 270k texts here would take hours (see the throughput).
// Run: npx tsx embed.ts [--quick] [--index-only]   (needs the model: node tools/model/fetch.mjs)
import { fileURLToPath } from 'node:url';
import {
  createRng,
  industries,
  problemText,
  publication,
} from '@jiedui/api/features/demo/corpus/index.ts';
import { leafCodes } from '@jiedui/api/features/taxonomy/index.ts';
import { createEmbedder } from '@jiedui/api/semantic/embedder.ts';
import { findModel } from '@jiedui/api/semantic/models.ts';
import { createVectorIndex, type VectorIndex } from '@jiedui/api/semantic/vector-index.ts';
import { machineLine, printTable, summarise } from './lib/stats.ts';

const quick = process.argv.includes('--quick');
const skipText = process.argv.includes('--index-only');
const modelDir = fileURLToPath(new URL('../.cache/models', import.meta.url));
const found = findModel(modelDir);
if (!found.model) throw new Error(found.reason);
console.log(machineLine());
console.log(`model: ${found.model.spec.name}`);

// --- throughput -------------------------------------------------------------------------------
const rng = createRng('bench-embed');
const texts = Array.from({ length: quick ? 48 : 192 }, (_, i) => {
  const field = rng.pick(leafCodes);
  if (i % 3 === 2) {
    const p = problemText(rng, field, rng.pick(industries));
    return `${p.title}\n${p.description}`;
  }
  const p = publication(rng, field, i % 3 === 0 ? 'en' : 'zh');
  return `${p.title}\n${p.abstract}`;
});
const chars = texts.reduce((s, t) => s + t.length, 0) / texts.length;
const rows: Record<string, string | number>[] = [];
for (const [threads, batchSize] of skipText
  ? []
  : ([
      [1, 1],
      [1, 8],
      [2, 1],
    ] as const)) {
  const embedder = createEmbedder(found.model, { threads, batchSize });
  await embedder.ready();
  await embedder.embed(texts.slice(0, 4), 'passage');
  const started = performance.now();
  await embedder.embed(texts, 'passage');
  const seconds = (performance.now() - started) / 1000;
  await embedder.close();
  rows.push({
    setting: `${threads} thread${threads > 1 ? 's' : ''}, batch ${batchSize}${threads === 1 && batchSize === 1 ? ' (default)' : ''}`,
    texts: texts.length,
    'mean chars': Math.round(chars),
    'texts/s': texts.length / seconds,
  });
}
printTable(rows);

// --- vector top-k -----------------------------------------------------------------------------
const dims = 512;
let seed = 11;
function unit(): Float32Array {
  const v = new Float32Array(dims);
  let norm = 0;
  for (let i = 0; i < dims; i++) {
    seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31;
    const x = seed / 2 ** 31 - 0.5;
    v[i] = x;
    norm += x * x;
  }
  const s = 1 / Math.sqrt(norm);
  for (let i = 0; i < dims; i++) v[i] = (v[i] ?? 0) * s;
  return v;
}

const expertCount = quick ? 5_000 : 20_000;
const problemCount = quick ? 25_000 : 100_000;
const t0 = performance.now();
const experts = createVectorIndex(dims, 1 << 17);
// The same experts in the float32 SIMD scan and in the plain-JS scan, the baselines of the default
// (int8 codes scanned with SIMD, the best owners re-scored exactly).
const expertsF32 = createVectorIndex(dims, 1 << 17, { int8: false, coarse: false });
// And without the coarse first pass (the default from 32,768 vectors): every int8 code scanned.
const expertsInt8 = createVectorIndex(dims, 1 << 17, { coarse: false });
const expertsJs = createVectorIndex(dims, 1 << 17, { simd: false });
for (let e = 0; e < expertCount; e++) {
  // A profile and 2–10 publications (mean 6), as in the demo data.
  const pubs = 2 + (e % 9);
  const items = [
    { ref: 'profile', vector: unit() },
    ...Array.from({ length: pubs }, (_, i) => ({ ref: `pub:${i}`, vector: unit() })),
  ];
  experts.upsert(`e${e}`, items);
  expertsF32.upsert(`e${e}`, items);
  expertsInt8.upsert(`e${e}`, items);
  expertsJs.upsert(`e${e}`, items);
}
const problems = createVectorIndex(dims, 1 << 17);
for (let p = 0; p < problemCount; p++) {
  // One chunk for most problems, two for a long description.
  const chunks = p % 4 === 0 ? 2 : 1;
  problems.upsert(
    `p${p}`,
    Array.from({ length: chunks }, (_, i) => ({ ref: `chunk:${i}`, vector: unit() })),
  );
}
console.log(
  `\nindex: ${expertCount} experts (${experts.size} vectors), ${problemCount} problems (${problems.size} vectors), ${dims} dims, built in ${Math.round(performance.now() - t0)} ms`,
);

function time(runs: number, work: () => void) {
  const samples: number[] = [];
  for (let i = 0; i < runs; i++) {
    const started = performance.now();
    work();
    samples.push(performance.now() - started);
  }
  return summarise(samples);
}

function row(
  name: string,
  index: VectorIndex,
  queries: () => Float32Array[],
  k: number,
  runs = 30,
) {
  const s = time(runs, () => index.search(queries(), k));
  return { query: name, n: s.n, 'p50 ms': s.p50, 'p95 ms': s.p95 };
}
const candidates = Array.from({ length: 100 }, (_, i) => `e${(i * 197) % expertCount}`);
const problemCandidates = Array.from({ length: 100 }, (_, i) => `p${(i * 997) % problemCount}`);
printTable([
  row('problem → top 100 experts (1 chunk), plain JS', expertsJs, () => [unit()], 100, 10),
  row('problem → top 100 experts (1 chunk), float32 SIMD', expertsF32, () => [unit()], 100),
  row('problem → top 100 experts (1 chunk), int8 SIMD', expertsInt8, () => [unit()], 100),
  row('problem → top 100 experts (1 chunk), coarse pass (default)', experts, () => [unit()], 100),
  row('problem → top 100 experts (2 chunks)', experts, () => [unit(), unit()], 100),
  row('expert → top 100 problems (profile only)', problems, () => [unit()], 100),
  row(
    'expert → top 100 problems (profile + 6 papers)',
    problems,
    () => Array.from({ length: 7 }, unit),
    100,
    10,
  ),
  (() => {
    const query = [unit()];
    const s = time(30, () => experts.scoreOwners(query, candidates));
    return { query: 'score 100 named expert candidates', n: s.n, 'p50 ms': s.p50, 'p95 ms': s.p95 };
  })(),
  (() => {
    const query = Array.from({ length: 7 }, unit);
    const s = time(30, () => problems.scoreOwners(query, problemCandidates));
    return {
      query: 'score 100 named problems (7 query vectors)',
      n: s.n,
      'p50 ms': s.p50,
      'p95 ms': s.p95,
    };
  })(),
]);
