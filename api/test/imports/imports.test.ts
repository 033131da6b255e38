import { parse } from 'csv-parse/sync';
import { stringify } from 'csv-stringify/sync';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Actor } from '../../src/features/access/actor.js';
import { actorRef } from '../../src/features/access/actor.js';
import { createRepositories } from '../../src/features/repositories.js';
import { readTable } from '../../src/features/imports/files.js';
import { prepareImport, writeImport } from '../../src/features/imports/service.js';
import { actorHeaders, createTestContext, testCreditCode, type TestContext } from '../helpers.js';
import { as, officer, problemInput } from '../domain/world.js';

const xlsxType = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
const expertHeader = [
  '邮箱 email',
  '姓名 name',
  '单位统一社会信用代码 organisationCreditCode',
  '职称 title',
  '领域 fields',
  '关键词 keywords',
  '论文 publications',
];

function expertRows(n: number, universityCode: string, from = 0) {
  return Array.from({ length: n }, (_, i) => [
    `expert${String(from + i)}@zjut.edu.cn`,
    `专家${String(from + i)}`,
    universityCode,
    '教授',
    '模具与成型工艺；mat.polymer',
    '注塑；模流分析',
    `2023 | 注塑件缩痕控制研究${String(i)} | 塑料工业 | 针对缩痕问题提出保压优化方法。\n2021 | Warpage of moulded parts | Polymer Engineering`,
  ]);
}

const csv = (header: string[], rows: string[][]) => stringify([header, ...rows]);

describe('importing and exporting spreadsheets', () => {
  let ctx: TestContext;
  let universityCode: string;
  let companyCode: string;
  let companyId: string;
  beforeAll(async () => {
    ctx = await createTestContext({ bodyLimit: 20 * 1024 * 1024 });
    universityCode = testCreditCode(501);
    companyCode = testCreditCode(502);
    const office = as(ctx, officer);
    const university = await office.call('POST', '/organisations', {
      kind: 'university',
      name: '浙江工业大学',
      creditCode: universityCode,
    });
    expect(university.status).toBe(201);
    const company = await office.call('POST', '/organisations', {
      kind: 'company',
      name: '德清恒泰精密机械有限公司',
      creditCode: companyCode,
      town: '乾元镇',
    });
    companyId = company.body.id;
    await office.call('POST', `/organisations/${companyId}/verification`, {
      rev: company.body.rev,
      decision: 'approve',
    });
  });
  afterAll(async () => {
    await ctx.close();
  });

  async function upload(
    entity: string,
    body: string | Uint8Array,
    options: { dryRun?: boolean; lang?: string; type?: string; actor?: Actor } = {},
  ) {
    const res = await ctx.app.request(
      `/imports/${entity}?dryRun=${String(options.dryRun ?? false)}&wait=true`,
      {
        method: 'POST',
        headers: {
          'content-type': options.type ?? 'text/csv',
          'accept-language': options.lang ?? 'zh-CN',
          ...actorHeaders(options.actor ?? officer),
        },
        body,
      },
    );
    const json: any = await res.json();
    return { status: res.status, body: json };
  }

  const expertCount = () => ctx.store.db.collection('experts').countDocuments();

  it('names each bad row, column and problem in Chinese and writes nothing', async () => {
    const rows = expertRows(5, universityCode, 100);
    rows[1] = ['not-an-email', '赵六', universityCode, '教授', 'mech.mould', '', ''];
    rows[2] = ['zhao@zjut.edu.cn', '', universityCode, '教授', '不存在的领域', '', ''];
    rows[3] = ['qian@zjut.edu.cn', '钱七', testCreditCode(999), '教授', 'mech.cnc', '', ''];
    const res = await upload('experts', csv(expertHeader, rows));
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe('VALIDATION_FAILED');
    expect(res.body.error.message).toContain('第 3 行');
    expect(res.body.error.details.errors).toEqual(
      expect.arrayContaining([
        { row: 3, column: '邮箱 email', message: '邮箱格式不正确' },
        { row: 4, column: '姓名 name', message: '必填' },
        { row: 4, column: '领域 fields', message: '第 1 条：未知的领域代码' },
        {
          row: 5,
          column: '单位统一社会信用代码 organisationCreditCode',
          message: '平台上没有以此代码登记的高校或科研院所',
        },
      ]),
    );
    expect(await expertCount()).toBe(0);
  });

  it('reports the same errors in English to an English reader', async () => {
    const rows = expertRows(2, universityCode, 200);
    rows[1] = ['not-an-email', 'Zhao Liu', universityCode, '', 'mech.cnc', '', 'abc | 标题'];
    const res = await upload('experts', csv(expertHeader, rows), { lang: 'en' });
    expect(res.status).toBe(400);
    expect(res.body.error.message).toContain('nothing was written');
    expect(res.body.error.details.errors).toEqual(
      expect.arrayContaining([
        { row: 3, column: '邮箱 email', message: 'not a valid email address' },
        { row: 3, column: '论文 publications', message: 'entry 1: the year must be a number' },
      ]),
    );
    const job = await as(ctx, officer, 'en').call(
      'GET',
      `/imports/${res.body.error.details.importId}`,
    );
    expect(job.body).toMatchObject({ status: 'rejected', errorCount: 2 });
  });

  it('writes nothing for a file of ten thousand rows with one bad row, and names that row', async () => {
    const rows = expertRows(10_000, universityCode, 1000);
    rows[7234] = ['broken@', '坏行', universityCode, '教授', 'mech.cnc', '', ''];
    const res = await upload('experts', csv(expertHeader, rows));
    expect(res.status).toBe(400);
    expect(res.body.error.details.errorCount).toBe(1);
    expect(res.body.error.details.errors[0]).toMatchObject({ row: 7236, column: '邮箱 email' });
    expect(await expertCount()).toBe(0);
  });

  it('plans a dry run without writing, then imports and updates on a second import', async () => {
    const rows = expertRows(3, universityCode, 300);
    const dry = await upload('experts', csv(expertHeader, rows), { dryRun: true });
    expect(dry.status).toBe(200);
    expect(dry.body).toMatchObject({ status: 'validated', planned: { create: 3, update: 0 } });
    expect(await expertCount()).toBe(0);

    const first = await upload('experts', csv(expertHeader, rows));
    expect(first.status).toBe(201);
    expect(first.body).toMatchObject({ status: 'done', processed: 3, written: { created: 3 } });
    const stored = await ctx.store.db
      .collection('experts')
      .findOne({ email: 'expert300@zjut.edu.cn' });
    expect(stored?.publications).toHaveLength(2);
    expect(stored?.fields).toEqual(['mech.mould', 'mat.polymer']);

    const changed = rows.map((row) => [...row]);
    if (changed[0]) changed[0][1] = '张三丰';
    const second = await upload('experts', csv(expertHeader, changed));
    expect(second.body).toMatchObject({ planned: { create: 0, update: 1, unchanged: 2 } });
    expect(await ctx.store.db.collection('experts').countDocuments({ email: /^expert30\d@/ })).toBe(
      3,
    );
    const renamed = await ctx.store.db
      .collection('experts')
      .findOne({ email: 'expert300@zjut.edu.cn' });
    expect(renamed).toMatchObject({ name: '张三丰', rev: 2 });
  });

  it('yields exactly the rows of the file when a killed import is run again', async () => {
    const rows = expertRows(60, universityCode, 400);
    const table = await readTable(new TextEncoder().encode(csv(expertHeader, rows)), 'csv');
    const repos = createRepositories(ctx.store.db);
    const context = {
      repos,
      actor: actorRef(officer),
      now: new Date(),
      jobId: 'imp_killedhalfway00',
    };
    const prepared = await prepareImport(context, 'experts', table);
    const killed = writeImport(prepared, {
      batchSize: 10,
      onProgress: ({ processed }) =>
        processed >= 30 ? Promise.reject(new Error('killed')) : Promise.resolve(),
    });
    await expect(killed).rejects.toThrow('killed');
    expect(
      await ctx.store.db.collection('experts').countDocuments({ email: /^expert4\d\d@/ }),
    ).toBe(30);

    const rerun = await upload('experts', csv(expertHeader, rows));
    expect(rerun.body).toMatchObject({ status: 'done', planned: { create: 30, unchanged: 30 } });
    const emails = (
      await ctx.store.db
        .collection('experts')
        .find({ email: /^expert4\d\d@/ }, { projection: { email: 1 } })
        .toArray()
    )
      .map((doc) => doc.email as string)
      .sort();
    expect(emails).toEqual(rows.map((row) => row[0]).sort());
    const created = await ctx.store.db
      .collection('events')
      .countDocuments({ entity: 'expert', type: 'created', note: /^import/ });
    expect(created).toBe(3 + 60);
  });

  it('imports organisations and problems from XLSX and finds problems again by external id', async () => {
    const book = new ExcelJS.Workbook();
    const orgs = book.addWorksheet('机构');
    orgs.addRow(['统一社会信用代码', '名称', '类型', '镇街']);
    orgs.addRow([testCreditCode(601), '德清新材科技有限公司', '企业', '新市镇']);
    orgs.addRow([companyCode, '德清恒泰精密机械有限公司', '企业', '阜溪街道']);
    const orgFile = new Uint8Array(await book.xlsx.writeBuffer());
    const orgRes = await upload('organisations', orgFile, { type: xlsxType });
    expect(orgRes.body).toMatchObject({ status: 'done', planned: { create: 1, update: 1 } });

    const problems = new ExcelJS.Workbook();
    const sheet = problems.addWorksheet('难题');
    sheet.addRow([
      'externalId',
      'companyCreditCode',
      'title',
      'description',
      'fields',
      'budgetMinWan',
      'budgetMaxWan',
      'deadline',
      'confidentiality',
    ]);
    const row = [
      'DQ-2026-0001',
      companyCode,
      '注塑件表面缩痕问题亟待解决',
      '我司汽车内饰件在保压阶段出现明显缩痕，希望提升良品率。',
      '高分子材料与改性',
      5,
      20,
      new Date('2027-06-30T00:00:00+08:00'),
      '保密',
    ];
    sheet.addRow(row);
    const file = new Uint8Array(await problems.xlsx.writeBuffer());
    const first = await upload('problems', file, { type: xlsxType });
    expect(first.body).toMatchObject({ status: 'done', written: { created: 1 } });
    const again = await upload('problems', file, { type: xlsxType });
    expect(again.body).toMatchObject({ planned: { create: 0, unchanged: 1 } });
    const stored = await ctx.store.db
      .collection('problems')
      .find({ externalId: 'DQ-2026-0001' })
      .toArray();
    expect(stored).toHaveLength(1);
    expect(stored[0]).toMatchObject({
      companyId,
      status: 'draft',
      confidentiality: 'private',
      budget: { min: { amountFen: 5_000_000 }, max: { amountFen: 20_000_000 } },
    });
  });

  it('lets only office staff import', async () => {
    const owner: Actor = {
      userId: 'usr_owner',
      role: 'company_owner',
      name: '陈总',
      organisationId: companyId,
    };
    const res = await upload('experts', csv(expertHeader, expertRows(1, universityCode, 900)), {
      actor: owner,
    });
    expect(res.status).toBe(403);
  });

  it('exports problems cut by confidentiality for each reader', async () => {
    const owner: Actor = {
      userId: 'usr_owner',
      role: 'company_owner',
      name: '陈总',
      organisationId: companyId,
    };
    const ownerApi = as(ctx, owner);
    for (const confidentiality of ['public', 'summary', 'private']) {
      const created = await ownerApi.call(
        'POST',
        '/problems',
        problemInput(companyId, { title: `导出测试：${confidentiality}`, confidentiality }),
      );
      await ownerApi.call('POST', `/problems/${created.body.id}/publish`, {
        rev: created.body.rev,
      });
    }
    const stranger: Actor = {
      userId: 'usr_stranger',
      role: 'expert',
      name: '路人',
      expertId: 'exp_0000000000000000',
    };
    const res = await ctx.app.request('/exports/problems.csv', { headers: actorHeaders(stranger) });
    expect(res.status).toBe(200);
    const bytes = new Uint8Array(await res.arrayBuffer());
    expect([...bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const text = new TextDecoder().decode(bytes);
    const [header = [], ...rows] = parse(text, { bom: true });
    const column = (name: string) => header.indexOf(name);
    const byTitle = new Map(rows.map((row) => [row[column('标题 title')], row]));
    expect(byTitle.get('导出测试：public')?.[column('描述 description')]).toContain('缩痕');
    const summary = byTitle.get('导出测试：summary');
    expect(summary?.[column('摘要 summary')]).not.toBe('');
    expect(summary?.[column('描述 description')]).toBe('');
    expect(summary?.[column('预算上限（万元） budgetMaxWan')]).toBe('');
    expect(byTitle.has('导出测试：private')).toBe(false);
    expect(byTitle.has('注塑件表面缩痕问题亟待解决')).toBe(false);

    const office = await ctx.app.request('/exports/problems.xlsx', {
      headers: actorHeaders(officer),
    });
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(await office.arrayBuffer());
    const sheet = book.worksheets[0];
    const titles = sheet?.getColumn(3).values.slice(2);
    expect(titles).toEqual(
      expect.arrayContaining([
        '导出测试：public',
        '导出测试：summary',
        '导出测试：private',
        '注塑件表面缩痕问题亟待解决',
      ]),
    );
    const viewed = await ctx.store.db
      .collection('events')
      .countDocuments({ type: 'viewed', note: /^export/ });
    expect(viewed).toBe(3);
  });

  it('exports experts without contact details to other experts and with them to the office', async () => {
    const read = async (actor: Actor) => {
      const res = await ctx.app.request('/exports/experts.csv', { headers: actorHeaders(actor) });
      const [header = [], ...rows] = parse(await res.text(), { bom: true });
      return rows.map((row) => row[header.indexOf('邮箱 email')]);
    };
    const stranger: Actor = {
      userId: 'usr_stranger',
      role: 'expert',
      name: '路人',
      expertId: 'exp_0000000000000000',
    };
    expect((await read(stranger)).every((email) => email === '')).toBe(true);
    expect(await read(officer)).toContain('expert300@zjut.edu.cn');
  });

  it('serves templates that read back with their bilingual headers and example row', async () => {
    const res = await ctx.app.request('/imports/templates/organisations.xlsx', {
      headers: actorHeaders(officer),
    });
    expect(res.headers.get('content-type')).toBe(xlsxType);
    const bytes = new Uint8Array(await res.arrayBuffer());
    const table = await readTable(bytes, 'xlsx');
    expect(table.header.slice(0, 3)).toEqual([
      '统一社会信用代码 creditCode',
      '名称 name',
      '类型 kind',
    ]);
    expect(table.rows[0]?.cells[1]).toBe('德清恒泰精密机械有限公司');
    const dry = await upload('organisations', bytes, { type: xlsxType, dryRun: true });
    expect(dry.body).toMatchObject({ status: 'validated', planned: { create: 1 } });

    const csvTemplate = await ctx.app.request('/imports/templates/experts.csv', {
      headers: actorHeaders(officer),
    });
    const [header = []] = parse(await csvTemplate.text(), { bom: true });
    expect(header).toContain('论文 publications');
  });
});
