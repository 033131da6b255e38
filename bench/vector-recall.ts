// Recall of the vector index's coarse pass, on real embeddings: generated experts (a profile text
// and their publications) and problems, embedded by the model, cached in a file.
// Run: npx tsx vector-recall.ts [--experts N] [--cache FILE]
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  createRng,
  expertProfile,
  industries,
  problemText,
  publication,
} from '@jiedui/api/features/demo/corpus/index.ts';
import { createEmbedder } from '@jiedui/api/semantic/embedder.ts';
import { findModel } from '@jiedui/api/semantic/models.ts';
import { expertProfileText, publicationText } from '@jiedui/api/semantic/texts.ts';
import { createVectorIndex } from '@jiedui/api/semantic/vector-index.ts';
import { machineLine, printTable } from './lib/stats.ts';

const arg = (name: string, fallback: string) => {
  const i = process.argv.indexOf(name);
  return i >= 0 ? (process.argv[i + 1] ?? fallback) : fallback;
};
const expertCount = Number(arg('--experts', '600'));
const cache = arg('--cache', '/tmp/recall/vectors.json');

interface Data {
  owners: string[];
  vectors: Float32Array[];
  queries: Float32Array[];
}

async function build(): Promise<Data> {
  const modelDir = fileURLToPath(new URL('../.cache/models', import.meta.url));
  const found = findModel(modelDir);
  if (!found.model) throw new Error(found.reason);
  const rng = createRng('bench-recall');
  const owners: string[] = [];
  const texts: string[] = [];
  for (let e = 0; e < expertCount; e++) {
    const p = expertProfile(rng);
    owners.push(`e${e}`);
    texts.push(expertProfileText({ ...p, patents: [], projects: [] }));
    const pubs = 3 + Math.floor(rng.next() * 6);
    for (let i = 0; i < pubs; i++) {
      owners.push(`e${e}`);
      const field = rng.pick(p.fields);
      texts.push(publicationText(publication(rng, field, i % 4 === 3 ? 'en' : 'zh')));
    }
  }
  const queryTexts = Array.from({ length: 200 }, () => {
    const field = rng.pick(expertProfile(rng).fields);
    const t = problemText(rng, field, rng.pick(industries));
    return `${t.title}\n${t.description}`;
  });
  const embedder = createEmbedder(found.model, { threads: 2 });
  await embedder.ready();
  const started = performance.now();
  const vectors: Float32Array[] = [];
  for (let i = 0; i < texts.length; i += 64) {
    vectors.push(...(await embedder.embed(texts.slice(i, i + 64), 'passage')));
    process.stdout.write(`\rembedded ${vectors.length}/${texts.length}`);
  }
  const queries = await embedder.embed(queryTexts, 'query');
  await embedder.close();
  console.log(`\n${((performance.now() - started) / 1000).toFixed(0)} s`);
  return { owners, vectors, queries };
}

// The cache: owners and counts as JSON, the vectors (then the queries) as raw float32 beside it.
function save(data: Data) {
  const dims = data.vectors[0]?.length ?? 0;
  const all = new Float32Array((data.vectors.length + data.queries.length) * dims);
  [...data.vectors, ...data.queries].forEach((v, i) => {
    all.set(v, i * dims);
  });
  mkdirSync(dirname(cache), { recursive: true });
  writeFileSync(`${cache}.f32`, all);
  writeFileSync(cache, JSON.stringify({ owners: data.owners, dims, queries: data.queries.length }));
}
function read(): Data {
  const head = JSON.parse(readFileSync(cache, 'utf8')) as {
    owners: string[];
    dims: number;
    queries: number;
  };
  const bytes = readFileSync(`${cache}.f32`);
  const all = new Float32Array(bytes.buffer, bytes.byteOffset, bytes.byteLength / 4);
  const row = (i: number) => all.subarray(i * head.dims, (i + 1) * head.dims);
  return {
    owners: head.owners,
    vectors: head.owners.map((_, i) => row(i)),
    queries: Array.from({ length: head.queries }, (_, i) => row(head.owners.length + i)),
  };
}
const cached = existsSync(cache) && existsSync(`${cache}.f32`);
const data: Data = cached ? read() : await build();
if (!cached) save(data);
console.log(machineLine());
console.log(
  `${data.vectors.length} vectors, ${new Set(data.owners).size} owners, ${data.queries.length} queries`,
);

// The truth is the exact float32 scan (neither int8 codes nor the coarse pass), against the
// default int8 index with the coarse pass keeping several shares of the rows.
const dims = data.vectors[0]?.length ?? 0;
function index(coarse: false | { share: number }) {
  const built = createVectorIndex(
    dims,
    1024,
    coarse
      ? { coarse: { from: 0, least: 0, share: coarse.share } }
      : { int8: false, coarse: false },
  );
  const byOwner = new Map<string, { ref: string; vector: Float32Array }[]>();
  data.owners.forEach((owner, i) => {
    const list = byOwner.get(owner) ?? [];
    list.push({ ref: `r${i}`, vector: data.vectors[i] ?? new Float32Array(dims) });
    byOwner.set(owner, list);
  });
  for (const [owner, items] of byOwner) built.upsert(owner, items);
  return built;
}
const queries = data.queries;
const exact = index(false);
const truth = (k: number) => queries.map((q) => exact.search([q], k).map((h) => h.owner));
const rows: Record<string, string | number>[] = [];
for (const k of [10, 50, 100]) {
  const expected = truth(k);
  for (const share of [0.01, 0.02, 0.03, 0.04, 0.06]) {
    const coarse = index({ share });
    const recalls = queries.map((q, i) => {
      const want = new Set(expected[i]);
      return coarse.search([q], k).filter((h) => want.has(h.owner)).length / k;
    });
    recalls.sort((a, b) => a - b);
    rows.push({
      'top k owners': k,
      'rows kept': `${(share * 100).toFixed(0)} % (${Math.ceil(share * data.vectors.length)})`,
      'mean recall': (recalls.reduce((a, b) => a + b, 0) / recalls.length).toFixed(3),
      'p10 recall': (recalls[Math.floor(recalls.length * 0.1)] ?? 0).toFixed(2),
      'min recall': (recalls[0] ?? 0).toFixed(2),
    });
  }
}
printTable(rows);
