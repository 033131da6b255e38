import type { EChartsCoreOption } from 'echarts/core';

/** One row of a statistics table, as the API gives it (GET /stats/problems, /stats/dashboard). */
export interface StatsRow {
  key: string;
  label: string;
  posted: number;
  engaged: number;
  solved: number;
  closed: number;
  solvedRate: number | null;
  daysToFirstEngagement: { n: number; median: number | null; p90: number | null };
  daysToSolved: { n: number; median: number | null; p90: number | null };
  economicBenefitFen: number;
  contractAmountFen: number;
}

export const dimensions = ['quarter', 'town', 'industry', 'university', 'expert', 'field'] as const;
export type Dimension = (typeof dimensions)[number];

/** 万元 (10,000 yuan) from fen, two decimals at most. */
export const wan = (fen: number) => Math.round(fen / 10_000) / 100;

export const percent = (rate: number | null) =>
  rate === null ? '—' : `${(Math.round(rate * 1000) / 10).toFixed(1)}%`;

export const days = (value: number | null) => (value === null ? '—' : String(value));

/** A calendar quarter such as 2026Q3 as the date range [from, to) the API takes. */
export function quarterRange(quarter: string): { from: string; to: string } | null {
  const match = /^(\d{4})Q([1-4])$/.exec(quarter);
  if (!match) return null;
  const year = Number(match[1]);
  const q = Number(match[2]);
  const month = (n: number) => String(n).padStart(2, '0');
  const from = `${year}-${month((q - 1) * 3 + 1)}-01`;
  const to = q === 4 ? `${year + 1}-01-01` : `${year}-${month(q * 3 + 1)}-01`;
  return { from, to };
}

/** The quarter a moment falls in, in Asia/Shanghai. */
export function quarterOf(date: Date): string {
  const local = new Date(date.getTime() + 8 * 3_600_000);
  return `${local.getUTCFullYear()}Q${Math.floor(local.getUTCMonth() / 3) + 1}`;
}

export interface ChartWords {
  posted: string;
  engaged: string;
  solved: string;
  solvedRate: string;
  toEngagement: string;
  toSolved: string;
  median: string;
  p90: string;
}

/** Posted, engaged and solved bars per quarter, with the solved rate as a line. */
export function quarterChart(rows: StatsRow[], words: ChartWords): EChartsCoreOption {
  return {
    tooltip: { trigger: 'axis' },
    legend: { top: 0 },
    grid: { left: 40, right: 48, top: 36, bottom: 28 },
    xAxis: { type: 'category', data: rows.map((r) => r.label) },
    yAxis: [
      { type: 'value', minInterval: 1 },
      { type: 'value', max: 100, axisLabel: { formatter: '{value}%' } },
    ],
    series: [
      { name: words.posted, type: 'bar', data: rows.map((r) => r.posted) },
      { name: words.engaged, type: 'bar', data: rows.map((r) => r.engaged) },
      { name: words.solved, type: 'bar', data: rows.map((r) => r.solved) },
      {
        name: words.solvedRate,
        type: 'line',
        yAxisIndex: 1,
        data: rows.map((r) =>
          r.solvedRate === null ? null : Math.round(r.solvedRate * 1000) / 10,
        ),
      },
    ],
  };
}

/** Median and p90 days to first engagement and to solved, per quarter. */
export function daysChart(rows: StatsRow[], words: ChartWords): EChartsCoreOption {
  const line = (name: string, values: (number | null)[]) => ({
    name,
    type: 'line',
    connectNulls: true,
    data: values,
  });
  return {
    tooltip: { trigger: 'axis' },
    legend: { top: 0 },
    grid: { left: 40, right: 16, top: 56, bottom: 28 },
    xAxis: { type: 'category', data: rows.map((r) => r.label) },
    yAxis: { type: 'value' },
    series: [
      line(
        `${words.toEngagement} ${words.median}`,
        rows.map((r) => r.daysToFirstEngagement.median),
      ),
      line(
        `${words.toEngagement} ${words.p90}`,
        rows.map((r) => r.daysToFirstEngagement.p90),
      ),
      line(
        `${words.toSolved} ${words.median}`,
        rows.map((r) => r.daysToSolved.median),
      ),
      line(
        `${words.toSolved} ${words.p90}`,
        rows.map((r) => r.daysToSolved.p90),
      ),
    ],
  };
}

/** Posted and solved by group (town, industry…), the largest groups first, as horizontal bars. */
export function groupChart(rows: StatsRow[], words: ChartWords, top = 12): EChartsCoreOption {
  const shown = rows.slice(0, top).reverse();
  return {
    tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' } },
    legend: { top: 0 },
    grid: { left: 8, right: 16, top: 32, bottom: 8, containLabel: true },
    xAxis: { type: 'value', minInterval: 1 },
    yAxis: { type: 'category', data: shown.map((r) => r.label) },
    series: [
      { name: words.posted, type: 'bar', data: shown.map((r) => r.posted) },
      { name: words.solved, type: 'bar', data: shown.map((r) => r.solved) },
    ],
  };
}
