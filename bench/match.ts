// Matching latency on the embedded engine: candidate generation (the matcher's several 10-word
// queries through multiSearch, in the worker) plus the TF-IDF re-scoring of the fused candidates,
// next to a baseline of one query of the whole problem text. The store is left out: it is
// measured by the API's own request logs, and on the local FerretDB `_id: {$in}` scans.
// Run: npx tsx match.ts [--full]   (default: a quarter of 20k experts / 100k problems)
import { type ExpertSearchDoc, type ProblemSearchDoc } from '@jiedui/search-config';
import { createEmbeddedEngine } from '@jiedui/api/search/embedded.ts';
import { textTerms } from '@jiedui/api/matching/text.ts';
import { cosine, tfidf, topTerms } from '@jiedui/api/matching/vectors.ts';
import { machineLine, printTable, summarise } from './lib/stats.ts';

const full = process.argv.includes('--full');
const expertCount = full ? 20_000 : 5_000;
const problemCount = full ? 100_000 : 25_000;

let seed = 7;
function random(): number {
  seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31;
  return seed / 2 ** 31;
}
const terms = (
  '遥感 数控 机器视觉 缺陷检测 物联网 锂电池 热失控 光伏 储能 注塑 模具 热处理 焊接 有限元 振动 传感器 电机 轴承 ' +
  '液压 涂层 腐蚀 纺织 印染 复合材料 陶瓷 铝合金 铸造 冲压 刀具 机器人 深度学习 大数据 数字孪生 排产 物流 污水处理 ' +
  '茶叶 保鲜 发酵 无人机 激光雷达 灌溉 育种 remote sensing cnc machine vision battery welding sensor robot coating ' +
  'wastewater tea fermentation lidar fatigue alloy casting'
).split(' ');
const filler =
  '研究 应用 系统 方法 技术 问题 提高 降低 企业 产品 生产 设计 分析 开发 改进 方案'.split(' ');
const pick = <T>(list: readonly T[]) => list[Math.floor(list.length * random() ** 2)] as T;
const sentence = (n: number) =>
  Array.from({ length: n }, () => (random() < 0.4 ? pick(filler) : pick(terms))).join('');

function expert(i: number): ExpertSearchDoc {
  return {
    id: `e${i}`,
    name: `专家${i}`,
    title: '教授',
    organisationId: `o${i % 60}`,
    university: `大学${i % 60}`,
    fields: [`f.${i % 40}`],
    fieldLabels: [pick(terms)],
    keywords: [pick(terms), pick(terms), pick(terms)],
    publicationTitles: Array.from({ length: 4 }, () => sentence(8)),
    publicationAbstracts: [sentence(60)],
    patentTitles: [sentence(6)],
    projectTitles: [sentence(6)],
    bio: sentence(25),
    available: true,
    verified: i % 7 !== 0,
    remainingCapacity: i % 4,
    solvedCount: i % 9,
    updatedAt: 1_700_000_000_000 + i,
    rev: 1,
  };
}

function problem(i: number): ProblemSearchDoc {
  return {
    id: `p${i}`,
    title: sentence(6),
    summary: sentence(20),
    description: sentence(60),
    keywords: [pick(terms), pick(terms)],
    fields: [`f.${i % 40}`],
    fieldLabels: [pick(terms)],
    companyId: `c${i % 3000}`,
    companyName: `公司${i % 3000}`,
    town: `镇${i % 12}`,
    industry: `ind${i % 15}`,
    status: i % 3 === 0 ? 'solved' : 'open',
    confidentiality: 'public',
    publishedAt: 1_700_000_000_000 + i,
    rev: 1,
  };
}

async function main() {
  console.log(machineLine());
  console.log(`corpus: ${expertCount} experts, ${problemCount} problems`);
  const experts = Array.from({ length: expertCount }, (_, i) => expert(i));
  const problems = Array.from({ length: problemCount }, (_, i) => problem(i));
  const engine = createEmbeddedEngine();
  const started = performance.now();
  const batches = <T>(docs: T[]) =>
    (function* () {
      for (let i = 0; i < docs.length; i += 2000) yield docs.slice(i, i + 2000);
    })();
  await engine.rebuild('experts', batches(experts));
  await engine.rebuild('problems', batches(problems));
  const buildS = (performance.now() - started) / 1000;
  console.log(
    `index build through the worker: ${buildS.toFixed(1)} s (${Math.round((expertCount + problemCount) / buildS)} docs/s)`,
  );

  // IDF from a 4000-document sample, as the matcher's corpus does.
  const df = new Map<string, number>();
  const sample = problems
    .slice(0, 4000)
    .map((p) => `${p.title}\n${p.summary}\n${p.description ?? ''}`);
  for (const text of sample)
    for (const t of new Set(textTerms(text))) df.set(t, (df.get(t) ?? 0) + 1);
  const idf = (t: string) => Math.log((sample.length + 1) / ((df.get(t) ?? 0) + 1)) + 1;
  const byId = new Map(experts.map((e) => [e.id, e]));
  const filter = {
    and: [
      { field: 'verified', op: 'eq' as const, value: true },
      { field: 'remainingCapacity', op: 'gte' as const, value: 1 },
    ],
  };

  const baseline: number[] = [];
  const matching: number[] = [];
  const rounds = full ? 100 : 60;
  for (let i = 0; i < rounds; i++) {
    const p = problems[(i * 997) % problems.length];
    if (!p) continue;
    const text = `${p.title}\n${p.summary}\n${p.description ?? ''}`;
    let t = performance.now();
    await engine.search({
      index: 'experts',
      q: text,
      filter,
      limit: 50,
      matchingStrategy: 'frequency',
    });
    baseline.push(performance.now() - t);

    t = performance.now();
    const vector = tfidf(textTerms(text), idf);
    const top = topTerms(vector, 30);
    const queries = [0, 10, 20].map((at) => ({
      index: 'experts' as const,
      q: top.slice(at, at + 10).join(' '),
      filter,
      limit: 50,
      matchingStrategy: 'frequency' as const,
    }));
    queries.push({ index: 'experts', q: '', filter, limit: 50, matchingStrategy: 'frequency' });
    const results = await engine.multiSearch(queries);
    const ids = [...new Set(results.flatMap((r) => r.hits.map((h) => h.id)))].slice(0, 100);
    for (const id of ids) {
      const e = byId.get(id);
      if (!e) continue;
      const pubs = [...e.publicationTitles, ...(e.publicationAbstracts ?? [])];
      Math.max(...pubs.map((pub) => cosine(vector, tfidf(textTerms(pub), idf))));
    }
    matching.push(performance.now() - t);
  }
  const rows = [
    { name: 'baseline: one query of the whole text', s: summarise(baseline) },
    { name: 'match: 4 queries + re-score ≤100', s: summarise(matching) },
  ].map(({ name, s }) => ({
    query: name,
    n: s.n,
    'p50 ms': s.p50,
    'p95 ms': s.p95,
    'p99 ms': s.p99,
  }));
  console.log('\nexperts for a problem (embedded engine, worker thread)');
  printTable(rows);
  await engine.close();
}

await main();
