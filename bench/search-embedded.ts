// Embedded search engine: index build time and memory, search latency for short queries and for
// 30-word queries with and without pruning (the unpruned run is the baseline), and the main
// thread's event-loop delay during a burst of heavy searches in the worker versus in-process.
// Run: npx tsx search-embedded.ts [--full]   (default: a quarter of the full corpus)
import { monitorEventLoopDelay } from 'node:perf_hooks';
import {
  searchSettings,
  stopWords,
  dictionary,
  type ExpertSearchDoc,
  type ProblemSearchDoc,
} from '@jiedui/search-config';
import { createEmbeddedEngine } from '@jiedui/api/search/embedded.ts';
import { createEmbeddedIndex, type EmbeddedIndex } from '@jiedui/api/search/embedded-index.ts';
import { createSegmenter } from '@jiedui/api/search/segment.ts';
import type { ResolvedQuery } from '@jiedui/api/search/validate.ts';
import { machineLine, printTable, summarise } from './lib/stats.ts';

const full = process.argv.includes('--full');
const expertCount = full ? 20_000 : 5_000;
const problemCount = full ? 100_000 : 25_000;

// Deterministic pseudo-random numbers, so runs compare.
let seed = 42;
function random(): number {
  seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31;
  return seed / 2 ** 31;
}

const zhTerms = (
  '遥感 数控 数控机床 机器视觉 缺陷检测 互联网 物联网 工业互联网 锂电池 电池管理系统 热失控 新能源汽车 光伏 储能 逆变器 ' +
  '注塑 模具 热处理 表面处理 焊接 激光焊接 无损检测 有限元 疲劳 振动 噪声 传感器 控制系统 变频器 电机 减速器 轴承 ' +
  '齿轮 液压 气动 密封 涂层 腐蚀 防腐 纺织 印染 面料 纤维 复合材料 碳纤维 陶瓷 合金 铝合金 不锈钢 钛合金 铸造 锻造 ' +
  '冲压 切削 磨削 刀具 精密加工 五轴 装配 自动化 机器人 工业机器人 视觉定位 图像识别 深度学习 机器学习 大数据 云计算 ' +
  '边缘计算 数字孪生 仿真 优化 调度 排产 供应链 物流 仓储 质量 追溯 能耗 节能 减排 污水处理 废气 固废 土壤 茶叶 竹材 ' +
  '农产品 保鲜 发酵 食品安全 检测 标准化 地理信息系统 空间分析 测绘 无人机 激光雷达 智慧农业 灌溉 病虫害 育种'
).split(' ');
const enTerms = (
  'remote sensing cnc machining machine vision defect detection internet iot lithium-ion battery bms thermal runaway ' +
  'electric vehicle photovoltaic energy storage inverter injection molding mould heat treatment coating welding laser ' +
  'ndt finite element fatigue vibration noise sensor control plc motor gearbox bearing hydraulic sealing corrosion ' +
  'textile dyeing fabric fibre composite carbon ceramic alloy aluminium stainless titanium casting forging stamping ' +
  'cutting grinding tool precision five-axis assembly automation robot inspection localisation recognition deep learning ' +
  'data cloud edge digital twin simulation optimisation scheduling supply chain logistics warehouse quality traceability ' +
  'energy saving emission wastewater soil tea bamboo food preservation fermentation safety testing gis mapping uav lidar ' +
  'irrigation pest breeding'
).split(' ');
const fillerZh =
  '研究 应用 系统 方法 技术 问题 提高 降低 企业 产品 生产 设计 分析 开发 改进 方案 需要 工艺 设备 效率'.split(
    ' ',
  );
const fillerEn =
  'study method system approach improve reduce product production design analysis new based using process'.split(
    ' ',
  );

// Zipf-like draws: a few terms are everywhere, most are rare, so IDF separates them.
function zipf<T>(list: readonly T[]): T {
  const rank = Math.floor(list.length * random() ** 2.2);
  return list[Math.min(rank, list.length - 1)] as T;
}

function sentence(words: number, english: boolean): string {
  const parts: string[] = [];
  for (let i = 0; i < words; i++) {
    const filler = random() < 0.45;
    parts.push(english ? zipf(filler ? fillerEn : enTerms) : zipf(filler ? fillerZh : zhTerms));
  }
  return parts.join(english ? ' ' : '');
}

function expertDoc(i: number): ExpertSearchDoc {
  const english = random() < 0.3;
  const terms = Array.from({ length: 6 }, () => zipf(english ? enTerms : zhTerms));
  return {
    id: `e${i}`,
    name: english ? `Expert ${i}` : `专家${i}`,
    title: '教授',
    organisationId: `org${i % 60}`,
    university: `大学${i % 60}`,
    town: `镇${i % 12}`,
    fields: [`f.${i % 40}`],
    fieldLabels: [zipf(english ? enTerms : zhTerms)],
    keywords: terms,
    publicationTitles: Array.from({ length: 4 }, () => sentence(8, english)),
    publicationAbstracts: [sentence(60, english)],
    patentTitles: [sentence(6, english)],
    projectTitles: [sentence(6, english)],
    bio: sentence(25, english),
    available: i % 5 !== 0,
    verified: i % 7 !== 0,
    remainingCapacity: i % 4,
    solvedCount: i % 9,
    updatedAt: 1_700_000_000_000 + i,
    rev: 1,
  };
}

function problemDoc(i: number): ProblemSearchDoc {
  const english = random() < 0.25;
  const statuses = ['open', 'open', 'in_progress', 'solved', 'closed'] as const;
  return {
    id: `p${i}`,
    title: sentence(6, english),
    summary: sentence(20, english),
    description: sentence(60, english),
    keywords: Array.from({ length: 4 }, () => zipf(english ? enTerms : zhTerms)),
    fields: [`f.${i % 40}`],
    fieldLabels: [zipf(english ? enTerms : zhTerms)],
    companyId: `c${i % 3000}`,
    companyName: `公司${i % 3000}`,
    town: `镇${i % 12}`,
    industry: `ind${i % 15}`,
    status: statuses[i % statuses.length] ?? 'open',
    confidentiality: 'public',
    publishedAt: 1_700_000_000_000 + i * 1000,
    budgetMax: (i % 50) * 10_000,
    rev: 1,
  };
}

function query(index: 'experts' | 'problems', q: string): ResolvedQuery {
  return { index, q, facets: [], sort: [], limit: 20, offset: 0, matchingStrategy: 'frequency' };
}

function longQuery(): string {
  // A problem-description-sized query: 30 words mixing common and rare terms, both languages.
  return Array.from({ length: 30 }, (_, i) => (i % 3 === 0 ? zipf(enTerms) : zipf(zhTerms))).join(
    ' ',
  );
}

function shortQuery(): string {
  return Array.from({ length: 1 + Math.floor(random() * 3) }, () =>
    zipf(random() < 0.5 ? zhTerms : enTerms),
  ).join(' ');
}

function memory() {
  (globalThis as { gc?: () => void }).gc?.();
  const { heapUsed, rss } = process.memoryUsage();
  return { heapUsed, rss };
}

const mb = (bytes: number) => Math.round(bytes / 2 ** 20);

function timeEach(index: EmbeddedIndex, queries: ResolvedQuery[]): number[] {
  return queries.map((q) => {
    const started = performance.now();
    index.search(q);
    return performance.now() - started;
  });
}

async function main() {
  console.log(machineLine());
  console.log(
    `corpus: ${expertCount} experts, ${problemCount} problems${full ? '' : ' (use --full for 20k / 100k)'}`,
  );
  const segmenter = createSegmenter({ stopWords, words: dictionary });
  const experts = Array.from({ length: expertCount }, (_, i) => expertDoc(i));
  const problems = Array.from({ length: problemCount }, (_, i) => problemDoc(i));

  const buildRows: Record<string, string | number>[] = [];
  const build = (
    name: 'experts' | 'problems',
    docs: readonly (ExpertSearchDoc | ProblemSearchDoc)[],
  ): EmbeddedIndex => {
    const before = memory();
    const started = performance.now();
    const index = createEmbeddedIndex(searchSettings[name], segmenter);
    for (let i = 0; i < docs.length; i += 1000) index.upsert(docs.slice(i, i + 1000));
    const seconds = (performance.now() - started) / 1000;
    const after = memory();
    buildRows.push({
      index: name,
      docs: docs.length,
      'build s': seconds,
      'docs/s': Math.round(docs.length / seconds),
      'heapUsed Δ MB': mb(after.heapUsed - before.heapUsed),
      'rss Δ MB': mb(after.rss - before.rss),
    });
    return index;
  };
  const expertIndex = build('experts', experts);
  const problemIndex = build('problems', problems);
  console.log('\nindex build (main thread, batches of 1000)');
  printTable(buildRows);

  const unprunedExperts = createEmbeddedIndex(searchSettings.experts, segmenter, {
    maxQueryWords: Infinity,
  });
  unprunedExperts.upsert(experts);

  const shortQueries = Array.from({ length: full ? 100 : 300 }, shortQuery);
  const longQueries = Array.from({ length: full ? 30 : 20 }, longQuery);
  const latencyRows: Record<string, string | number>[] = [];
  const row = (name: string, samples: number[]) => {
    const s = summarise(samples);
    latencyRows.push({ query: name, n: s.n, 'p50 ms': s.p50, 'p95 ms': s.p95, 'p99 ms': s.p99 });
  };
  timeEach(
    expertIndex,
    shortQueries.slice(0, 20).map((q) => query('experts', q)),
  );
  row(
    'experts short (1–3 words)',
    timeEach(
      expertIndex,
      shortQueries.map((q) => query('experts', q)),
    ),
  );
  row(
    'problems short (1–3 words)',
    timeEach(
      problemIndex,
      shortQueries.map((q) => query('problems', q)),
    ),
  );
  row(
    'experts 30 words, unpruned (baseline)',
    timeEach(
      unprunedExperts,
      longQueries.map((q) => query('experts', q)),
    ),
  );
  row(
    'experts 30 words, pruned to 12',
    timeEach(
      expertIndex,
      longQueries.map((q) => query('experts', q)),
    ),
  );
  row(
    'problems 30 words, pruned to 12',
    timeEach(
      problemIndex,
      longQueries.map((q) => query('problems', q)),
    ),
  );
  console.log('\nsearch latency (in-process, matchingStrategy frequency, limit 20)');
  printTable(latencyRows);

  // Event-loop delay on the main thread while 20 heavy searches run: first in-process (what the
  // API would suffer without the worker), then through the worker engine.
  const burst = longQueries.slice(0, 20);
  const loopRows: Record<string, string | number>[] = [];
  const histogram = monitorEventLoopDelay({ resolution: 10 });
  const tick = setInterval(() => undefined, 5);
  const measure = async (name: string, run: () => Promise<unknown>) => {
    histogram.reset();
    histogram.enable();
    const started = performance.now();
    await run();
    histogram.disable();
    loopRows.push({
      mode: name,
      'burst s': (performance.now() - started) / 1000,
      'delay p50 ms': histogram.percentile(50) / 1e6,
      'delay p99 ms': histogram.percentile(99) / 1e6,
      'delay max ms': histogram.max / 1e6,
    });
  };
  await measure('in-process (baseline)', async () => {
    for (const q of burst) {
      problemIndex.search(query('problems', q));
      await new Promise((resolve) => setImmediate(resolve));
    }
  });

  const engine = createEmbeddedEngine();
  const started = performance.now();
  const batches = function* () {
    for (let i = 0; i < problems.length; i += 2000) yield problems.slice(i, i + 2000);
  };
  await engine.rebuild('problems', batches());
  const workerBuild = (performance.now() - started) / 1000;
  await measure('worker', () =>
    Promise.all(
      burst.map((q) => engine.search({ index: 'problems', q, matchingStrategy: 'frequency' })),
    ),
  );
  clearInterval(tick);
  await engine.close();
  console.log(
    `\nevent-loop delay on the main thread during ${burst.length} searches of 30 words (problems)`,
  );
  printTable(loopRows);
  console.log(
    `worker rebuild of problems (validation + transfer + build): ${workerBuild.toFixed(1)} s`,
  );
}

await main();
