// Recall of the vector index's coarse pass, on real embeddings: generated experts (a profile text
// and their publications) and problems, embedded by the model, cached in a file.
// Run: npx tsx vector-recall.ts [--experts N] [--cache FILE]
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
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
  vectors: number[][];
  queries: number[][];
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
  const vectors: number[][] = [];
  for (let i = 0; i < texts.length; i += 64) {
    for (const v of await embedder.embed(texts.slice(i, i + 64), 'passage')) vectors.push([...v]);
    process.stdout.write(`\rembedded ${vectors.length}/${texts.length}`);
  }
  const queries = (await embedder.embed(queryTexts, 'query')).map((v) => [...v]);
  await embedder.close();
  console.log(`\n${((performance.now() - started) / 1000).toFixed(0)} s`);
  return { owners, vectors, queries };
}

const data: Data = existsSync(cache)
  ? (JSON.parse(readFileSync(cache, 'utf8')) as Data)
  : await build();
if (!existsSync(cache)) writeFileSync(cache, JSON.stringify(data));
console.log(machineLine());
console.log(
  `${data.vectors.length} vectors, ${new Set(data.owners).size} owners, ${data.queries.length} queries`,
);

// The exact scan (no coarse pass) against the coarse pass keeping several shares of the rows.
const dims = data.vectors[0]?.length ?? 0;
function index(coarse: false | { share: number }) {
  const built = createVectorIndex(dims, 1024, {
    coarse: coarse && { from: 0, least: 0, share: coarse.share },
  });
  const byOwner = new Map<string, { ref: string; vector: Float32Array }[]>();
  data.owners.forEach((owner, i) => {
    const list = byOwner.get(owner) ?? [];
    list.push({ ref: `r${i}`, vector: Float32Array.from(data.vectors[i] ?? []) });
    byOwner.set(owner, list);
  });
  for (const [owner, items] of byOwner) built.upsert(owner, items);
  return built;
}
const queries = data.queries.map((q) => Float32Array.from(q));
const exact = index(false);
const truth = (k: number) => queries.map((q) => exact.search([q], k).map((h) => h.owner));
const rows: Record<string, string | number>[] = [];
for (const k of [10, 50]) {
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
