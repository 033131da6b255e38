import ExcelJS from 'exceljs';
import { parse } from 'csv-parse/sync';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createStatsRepository } from '../../src/features/stats/repository.js';
import { statsDimensions } from '../../src/features/stats/schemas.js';
import {
  createTestClock,
  createTestContext,
  type TestClock,
  type TestContext,
} from '../helpers.js';
import { as, createWorld, officer, problemInput, type World } from '../domain/world.js';

// A hand-made fixture on a controlled clock, two companies in two towns, three experts:
//   A  乾元镇  opened 2026-01-05, expert 0 engaged +2 d, solved +12 d, benefit 50 万
//   B  新市镇  opened 2026-01-05, expert 1 engaged +5 d, not solved
//   C  新市镇  opened 2026-04-01, expert 0 engaged +6 d, solved +30 d, benefit 30 万
//   D  乾元镇  opened 2026-04-01, never engaged
//   E  乾元镇  opened 2026-04-01, merged into D as a duplicate (left out of the statistics)
describe('the outcome dashboard and its exports', () => {
  let ctx: TestContext;
  let world: World;
  let clock: TestClock;
  const ids: Record<string, string> = {};

  async function open(key: string, company: 'company' | 'otherCompany') {
    const companyId = world[company].id;
    const api = company === 'company' ? world.ownerApi : world.otherOwnerApi;
    const draft = (await api.call('POST', '/problems', problemInput(companyId))).body;
    const opened = await api.call('POST', `/problems/${draft.id}/publish`, { rev: draft.rev });
    if (opened.status !== 200) throw new Error(`publish: ${JSON.stringify(opened.body)}`);
    ids[key] = draft.id;
  }

  async function engage(key: string, expertIndex: number) {
    const expert = world.experts[expertIndex];
    if (!expert) throw new Error('no expert');
    const e = (
      await world.office.call('POST', `/problems/${ids[key]}/engagements`, { expertId: expert.id })
    ).body;
    await expert.api.call('POST', `/engagements/${e.id}/accept`, { rev: 1 });
    await world.office.call('POST', `/engagements/${e.id}/activate`, { rev: 2 });
  }

  async function solve(key: string, benefitFen: number) {
    const current = (await world.office.call('GET', `/problems/${ids[key]}`)).body;
    await world.office.call('POST', `/problems/${ids[key]}/solve`, { rev: current.rev });
    const outcome = await world.office.call('POST', `/problems/${ids[key]}/outcome`, {
      summary: '问题已解决，效果经企业确认。',
      economicBenefit: { amountFen: benefitFen },
      contractAmount: { amountFen: 1_000_000 },
      rating: 5,
    });
    if (outcome.status !== 201) throw new Error(`outcome: ${JSON.stringify(outcome.body)}`);
  }

  beforeAll(async () => {
    clock = createTestClock('2026-01-05T09:00:00+08:00');
    ctx = await createTestContext({ clock });
    world = await createWorld(ctx);
    await open('A', 'company');
    await open('B', 'otherCompany');
    clock.advanceDays(2);
    await engage('A', 0);
    clock.advanceDays(3);
    await engage('B', 1);
    clock.advanceDays(7);
    await solve('A', 50_000_000);

    clock.now = new Date('2026-04-01T09:00:00+08:00');
    await open('C', 'otherCompany');
    await open('D', 'company');
    await open('E', 'company');
    const e = (await world.office.call('GET', `/problems/${ids.E}`)).body;
    const merged = await world.office.call('POST', `/problems/${ids.E}/merge`, {
      rev: e.rev,
      into: ids.D,
    });
    if (merged.status !== 200) throw new Error(`merge: ${JSON.stringify(merged.body)}`);
    clock.advanceDays(6);
    await engage('C', 0);
    clock.advanceDays(24);
    await solve('C', 30_000_000);
  });
  afterAll(async () => {
    await ctx.close();
  });

  it('shows exactly the numbers of the statistics API, table by table', async () => {
    const dashboard = await world.office.call('GET', '/stats/dashboard');
    expect(dashboard.status).toBe(200);
    for (const by of statsDimensions) {
      const stats = await world.office.call('GET', `/stats/problems?groupBy=${by}`);
      expect(dashboard.body.tables[by], by).toEqual(stats.body.rows);
      expect(dashboard.body.total).toEqual(stats.body.total);
    }
    expect(dashboard.body.funnel).toEqual((await world.office.call('GET', '/stats/funnel')).body);

    const ranged = await world.office.call('GET', '/stats/dashboard?from=2026-04-01&to=2026-07-01');
    const rangedStats = await world.office.call(
      'GET',
      '/stats/problems?groupBy=town&from=2026-04-01&to=2026-07-01',
    );
    expect(ranged.body.tables.town).toEqual(rangedStats.body.rows);
  });

  it('matches the figures computed by hand', async () => {
    const { body } = await world.office.call('GET', '/stats/dashboard');
    expect(body.total).toMatchObject({
      posted: 4,
      engaged: 3,
      solved: 2,
      closed: 0,
      solvedRate: 0.5,
      daysToFirstEngagement: { n: 3, median: 5, p90: 5.8 },
      daysToSolved: { n: 2, median: 21, p90: 28.2 },
      economicBenefitFen: 80_000_000,
    });
    expect(
      body.tables.quarter.map((r: { key: string; posted: number }) => [r.key, r.posted]),
    ).toEqual([
      ['2026Q1', 2],
      ['2026Q2', 2],
    ]);
    const town = (key: string) => body.tables.town.find((r: { key: string }) => r.key === key);
    expect(town('乾元镇')).toMatchObject({ posted: 2, engaged: 1, solved: 1 });
    expect(town('新市镇')).toMatchObject({ posted: 2, engaged: 2, solved: 1 });
    expect(body.tables.industry.map((r: { key: string }) => r.key).sort()).toEqual([
      '新材料',
      '装备制造',
    ]);
    const [zhang, liu] = world.experts;
    // Most problems first; ties in key order ('—', not engaged, sorts before the ids).
    expect(body.tables.expert).toEqual([
      expect.objectContaining({ key: zhang?.id, label: '张伟', posted: 2, solved: 2 }),
      expect.objectContaining({ key: '—', posted: 1, engaged: 0 }),
      expect.objectContaining({ key: liu?.id, label: '刘洋', posted: 1, solved: 0 }),
    ]);
    expect(body.tables.university[0]).toMatchObject({ label: '浙江工业大学', posted: 3 });
    expect(body.funnel.problems).toEqual({ solved: 2, in_progress: 1, open: 1, closed: 1 });
  });

  it('reads only the outcomes a date range can contain', async () => {
    const q2 = await world.office.call('GET', '/stats/problems?from=2026-04-01');
    expect(q2.body.total).toMatchObject({ posted: 2, solved: 1, economicBenefitFen: 30_000_000 });
    const repo = createStatsRepository(ctx.store.db);
    const since = await repo.outcomesSince(new Date('2026-04-01T00:00:00+08:00'));
    expect(since.map((o) => o.problemId)).toEqual([ids.C]);
    expect(await repo.outcomesSince(undefined)).toHaveLength(2);
  });

  it('exports a table as XLSX with Chinese headers, its total last', async () => {
    const res = await ctx.app.request('/stats/export/town.xlsx', {
      headers: {
        'accept-language': 'zh-CN',
        'x-test-actor': encodeURIComponent(JSON.stringify(officer)),
      },
    });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toContain('spreadsheetml');
    expect(res.headers.get('content-disposition')).toMatch(/stats-town-\d{8}\.xlsx/);
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(await res.arrayBuffer());
    const sheet = workbook.worksheets[0];
    expect(sheet?.name).toBe('按乡镇');
    const row = (n: number) => (sheet?.getRow(n).values as unknown[]).slice(1);
    expect(row(1)).toEqual([
      '分组',
      '发布难题数',
      '已对接数',
      '已解决数',
      '已关闭数',
      '解决率（%）',
      '首次对接天数·中位数',
      '首次对接天数·P90',
      '解决天数·中位数',
      '解决天数·P90',
      '经济效益（万元）',
      '合同金额（万元）',
    ]);
    const rows = [row(2), row(3)].sort((a, b) => String(a[0]).localeCompare(String(b[0])));
    expect(rows).toContainEqual(['乾元镇', 2, 1, 1, 0, 50, 2, 2, 12, 12, 50, 1]);
    expect(rows).toContainEqual(['新市镇', 2, 2, 1, 0, 50, 5.5, 5.9, 30, 30, 30, 1]);
    expect(row(4).slice(0, 4)).toEqual(['合计', 4, 3, 2]);
    expect(sheet?.rowCount).toBe(4);
  });

  it('exports CSV in UTF-8 with a byte-order mark, and English headers in English', async () => {
    const zh = await as(ctx, officer).call('GET', '/stats/export/quarter.csv');
    expect(zh.status).toBe(200);
    const raw = await ctx.app.request('/stats/export/quarter.csv', {
      headers: { 'x-test-actor': encodeURIComponent(JSON.stringify(officer)) },
    });
    const bytes = new Uint8Array(await raw.arrayBuffer());
    expect([...bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const grid: string[][] = parse(new TextDecoder().decode(bytes), { bom: true });
    expect(grid[0]?.[0]).toBe('分组');
    expect(grid.slice(1).map((r) => [r[0], r[1], r[3]])).toEqual([
      ['2026Q1', '2', '1'],
      ['2026Q2', '2', '1'],
      ['合计', '4', '2'],
    ]);
    const en = await as(ctx, officer, 'en').call('GET', '/stats/export/funnel.csv');
    const enGrid: string[][] = parse(String(en.body), { bom: true });
    expect(enGrid[0]).toEqual(['Kind', 'Status', 'Count']);
    expect(enGrid).toContainEqual(['Problems', 'solved', '2']);
  });

  it('lays the engagements out by status, filtered by town, university and expert', async () => {
    const board = await world.office.call('GET', '/office/board');
    expect(board.status).toBe(200);
    const column = (body: { columns: { status: string; count: number }[] }, status: string) =>
      body.columns.find((c) => c.status === status)?.count;
    expect(board.body.columns.map((c: { status: string }) => c.status)).toEqual([
      'invited',
      'interested',
      'accepted',
      'declined',
      'active',
      'solved',
      'abandoned',
    ]);
    expect(column(board.body, 'active')).toBe(3);
    expect(board.body.options.towns).toEqual(expect.arrayContaining(['乾元镇', '新市镇']));
    const card = board.body.columns[4].items.find(
      (c: { problemId: string }) => c.problemId === ids.B,
    );
    expect(card).toMatchObject({
      town: '新市镇',
      industry: '新材料',
      expertName: '刘洋',
      universityName: '浙江工业大学',
    });

    const inTown = await world.office.call(
      'GET',
      `/office/board?town=${encodeURIComponent('新市镇')}`,
    );
    expect(column(inTown.body, 'active')).toBe(2);
    const byIndustry = await world.office.call(
      'GET',
      `/office/board?industry=${encodeURIComponent('装备制造')}`,
    );
    expect(column(byIndustry.body, 'active')).toBe(1);
    const byExpert = await world.office.call(
      'GET',
      `/office/board?expertId=${world.experts[1]?.id ?? ''}`,
    );
    expect(column(byExpert.body, 'active')).toBe(1);
    const byUniversity = await world.office.call(
      'GET',
      `/office/board?universityId=${world.university.id}&limit=1`,
    );
    expect(column(byUniversity.body, 'active')).toBe(3);
    expect(byUniversity.body.columns[4].items).toHaveLength(1);
  });

  it('keeps up with writes after its first read, reading again only the records they changed', async () => {
    const before = (await world.office.call('GET', '/stats/dashboard')).body as {
      total: { posted: number; solved: number; economicBenefitFen: number };
    };
    clock.now = new Date('2026-05-10T09:00:00+08:00');
    await open('F', 'company');
    await engage('F', 2);
    clock.advanceDays(3);
    await solve('F', 10_000_000);
    const after = await world.office.call('GET', '/stats/dashboard');
    expect(after.body.total.posted).toBe(before.total.posted + 1);
    expect(after.body.total.solved).toBe(before.total.solved + 1);
    expect(after.body.total.economicBenefitFen).toBe(before.total.economicBenefitFen + 10_000_000);
    for (const by of statsDimensions) {
      const stats = await world.office.call('GET', `/stats/problems?groupBy=${by}`);
      expect(after.body.tables[by], by).toEqual(stats.body.rows);
    }
    expect(after.body.funnel).toEqual((await world.office.call('GET', '/stats/funnel')).body);
  });
});
