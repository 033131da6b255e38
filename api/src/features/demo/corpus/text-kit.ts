import { fieldLeaf, groupOf, type FieldCode, type GroupCode } from '../../taxonomy/index.js';
import { groupLexicons, leafLexicon, type Lexicon, type MetricData } from './lexicon/index.js';
import type { Rng } from './rng.js';

// Every text is assembled from slots filled with the leaf's own vocabulary: its objects, its
// metrics and, above all, its taxonomy keywords. That is what gives the matcher signal: an expert
// whose publications say 模流分析 should rank high for a problem that says 模流分析.

export function lexiconOf(code: FieldCode): { leaf: Lexicon; groupCode: GroupCode } {
  const group = groupOf(code);
  if (!group) throw new Error(`unknown field code ${code}`);
  return { leaf: leafLexicon(code), groupCode: group.code };
}

export function groupLexicon(code: GroupCode) {
  return groupLexicons[code];
}

/** The English side of one of the leaf's keywords. */
export function keywordEn(code: FieldCode, zh: string): string {
  const pair = fieldLeaf(code).keywords.find(([candidate]) => candidate === zh);
  return pair ? pair[1] : zh;
}

export function capitalize(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

// Slots often meet on a shared word (订单管理系统 + 系统卡顿, 热处理 + 处理工艺); a writer would say it
// once, so an immediately repeated run of two or more Chinese characters collapses to one.
export function tidy(text: string): string {
  return text.replace(/(\p{Script=Han}{2,})\1/gu, '$1');
}

export function fill(template: string, slots: Readonly<Record<string, string>>): string {
  return tidy(template.replace(/\{(\w+)\}/g, (whole, name: string) => slots[name] ?? whole));
}

// Numbers: a metric's two typical values, jittered so that no two texts quote the same figures.

export interface MetricReading {
  readonly zh: string;
  readonly en: string;
  readonly unit: string;
  readonly current: number;
  readonly target: number;
  /** The target is below the current value (defect rates, energy use). */
  readonly lower: boolean;
  readonly decimals: number;
}

function decimalsOf(value: number): number {
  const text = String(value);
  const dot = text.indexOf('.');
  return dot < 0 ? 0 : text.length - dot - 1;
}

function roundTo(value: number, decimals: number): number {
  if (decimals === 0 && Math.abs(value) >= 100) {
    // Large round figures stay round: 4,000 cycles becomes 3,800, not 3,817.
    const step = 10 ** (Math.floor(Math.log10(Math.abs(value))) - 1);
    return Math.round(value / step) * step;
  }
  const factor = 10 ** decimals;
  return Math.round(value * factor) / factor;
}

function jitter(value: number, unit: string, factor: number): number {
  // A high percentage moves by its distance to 100, so 97.5% never becomes 105%.
  if (unit === '%' && value > 50) return 100 - (100 - value) * factor;
  return value * factor;
}

export function readMetric(rng: Rng, [zh, en, unit, from, to]: MetricData): MetricReading {
  const decimals = Math.max(decimalsOf(from), decimalsOf(to));
  const lower = to < from;
  let current = roundTo(jitter(from, unit, rng.float(0.9, 1.12)), decimals);
  let target = roundTo(jitter(to, unit, rng.float(0.92, 1.08)), decimals);
  // Jitter must never turn an improvement into a regression.
  if (lower ? target >= current : target <= current) {
    current = from;
    target = to;
  }
  return { zh, en, unit, current, target, lower, decimals };
}

const tightUnits = new Set(['%', '℃', '‰', '']);

export function withUnit(value: number, unit: string, decimals: number): string {
  const number = value.toFixed(decimals);
  if (tightUnits.has(unit) || /^\p{Script=Han}/u.test(unit)) return number + unit;
  return `${number} ${unit}`;
}

function hasHan(text: string): boolean {
  return /\p{Script=Han}/u.test(text);
}

function relativeChange(reading: MetricReading): number {
  return Math.round((Math.abs(reading.target - reading.current) / Math.abs(reading.current)) * 100);
}

function pointsChange(reading: MetricReading): string {
  return Math.abs(reading.target - reading.current).toFixed(reading.decimals);
}

export function changeZh(rng: Rng, reading: MetricReading): string {
  const from = withUnit(reading.current, reading.unit, reading.decimals);
  const to = withUnit(reading.target, reading.unit, reading.decimals);
  const verb = reading.lower ? '降低' : '提高';
  const percent = relativeChange(reading);
  if (rng.chance(0.6) || percent >= 95 || reading.current === 0) return `由${from}${verb}至${to}`;
  // "提高了9%" of a percentage is ambiguous; engineers say 个百分点.
  if (reading.unit === '%') return `${verb}了${pointsChange(reading)}个百分点`;
  if (!reading.lower && percent >= 100) {
    return `提高至原来的${(reading.target / reading.current).toFixed(1)}倍`;
  }
  return `${verb}了${percent}%`;
}

export function changeEn(rng: Rng, reading: MetricReading): string {
  const verb = reading.lower ? 'reduces' : 'increases';
  const percent = relativeChange(reading);
  // Chinese units (万次, 件/min, 元/t) have no place in an English abstract: say it in percent.
  if (!hasHan(reading.unit) && (rng.chance(0.5) || reading.current === 0)) {
    const from = withUnit(reading.current, reading.unit, reading.decimals);
    const to = withUnit(reading.target, reading.unit, reading.decimals);
    return `${verb} the ${reading.en} from ${from} to ${to}`;
  }
  if (reading.unit === '%') {
    return `${verb} the ${reading.en} by ${pointsChange(reading)} percentage points`;
  }
  if (reading.lower && percent >= 95) return `virtually eliminates the excess ${reading.en}`;
  if (!reading.lower && percent >= 100) {
    return `achieves a ${(reading.target / reading.current).toFixed(1)}-fold increase in ${reading.en}`;
  }
  return `${verb} the ${reading.en} by ${percent}%`;
}

// Generic research vocabulary that fits every field.

export const approaches: readonly (readonly [zh: string, en: string])[] = [
  ['优化设计', 'design optimization'],
  ['工艺优化', 'process optimization'],
  ['建模与仿真', 'modelling and simulation'],
  ['智能检测', 'intelligent inspection'],
  ['性能提升', 'performance improvement'],
  ['参数辨识', 'parameter identification'],
  ['协同优化', 'collaborative optimization'],
  ['质量控制', 'quality control'],
  ['状态评估', 'condition assessment'],
];

export const models: readonly (readonly [zh: string, en: string])[] = [
  ['预测模型', 'prediction model'],
  ['仿真模型', 'simulation model'],
  ['多目标优化模型', 'multi-objective optimization model'],
  ['代理模型', 'surrogate model'],
  ['评价指标体系', 'evaluation framework'],
  ['数据驱动模型', 'data-driven model'],
  ['机理模型', 'mechanistic model'],
];

export const factors: readonly (readonly [zh: string, en: string])[] = [
  ['工艺参数', 'process parameters'],
  ['温度场分布', 'temperature distribution'],
  ['关键结构参数', 'key structural parameters'],
  ['运行工况', 'operating conditions'],
  ['材料配比', 'material composition'],
  ['环境温湿度', 'ambient temperature and humidity'],
  ['批次差异', 'batch-to-batch variation'],
];
