import { mkdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { repoRoot } from '@jiedui/ferretdb';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { expectAccessible, goto, launch, signIn } from './browser';
import { creditCode, setRole } from './fixtures';

const webUrl = inject('webUrl');
const apiUrl = inject('apiUrl');
const screenshots = join(repoRoot, 'docs', 'screenshots');
const officeEmail = 'qian@rencaiban.gov.cn';
const officePassword = 'workbench password 789';
const town = '武康街道';

// exceljs is the API's dependency: the test reads the downloaded workbook with it.
interface Worksheet {
  name: string;
  rowCount: number;
  getRow(n: number): { values: unknown };
}
const ExcelJS = createRequire(join(repoRoot, 'api', 'package.json'))('exceljs') as {
  Workbook: new () => {
    xlsx: { readFile(path: string): Promise<unknown> };
    worksheets: Worksheet[];
  };
};

let cookie = '';

async function call(method: string, path: string, body?: unknown) {
  const res = await fetch(`${apiUrl}${path}`, {
    method,
    headers: { 'content-type': 'application/json', cookie },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  const json = (await res.json()) as Record<string, unknown>;
  return { status: res.status, body: json };
}

/** The office account; a verified university; a company and two experts waiting for review. */
async function seed() {
  const signUp = await fetch(`${apiUrl}/auth/sign-up/email`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email: officeEmail, password: officePassword, name: '钱科长' }),
  });
  expect(signUp.status).toBe(200);
  await setRole(officeEmail, 'officer');
  const signIn = await fetch(`${apiUrl}/auth/sign-in/email`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email: officeEmail, password: officePassword }),
  });
  cookie = (signIn.headers.get('set-cookie') ?? '').split(';')[0] ?? '';
  const university = await call('POST', '/organisations', {
    kind: 'university',
    name: '浙江农林大学',
    creditCode: creditCode(901),
    town: '临安区',
  });
  expect(university.status).toBe(201);
  await call('POST', `/organisations/${String(university.body.id)}/verification`, {
    rev: university.body.rev,
    decision: 'approve',
  });
  const company = await call('POST', '/organisations', {
    kind: 'company',
    name: '德清武康茶业有限公司',
    creditCode: creditCode(902),
    town,
    industry: '茶叶加工',
  });
  expect(company.status).toBe(201);
  for (const [i, expert] of [
    { name: '吴晓峰', keywords: ['茶叶', '揉捻', '干燥工艺'] },
    { name: '郑雅文', keywords: ['茶多酚', '提取'] },
  ].entries()) {
    const created = await call('POST', '/experts', {
      organisationId: university.body.id,
      email: `workbench${i}@zafu.edu.cn`,
      title: '教授',
      fields: ['food.tea'],
      capacity: 3,
      ...expert,
    });
    expect(created.status).toBe(201);
  }
  return { companyId: String(company.body.id) };
}

async function shot(page: Page, name: string) {
  mkdirSync(screenshots, { recursive: true });
  await page.screenshot({ path: join(screenshots, `${name}.png`), fullPage: true });
}

describe('the talent office workbench, in Chinese', () => {
  let browser: Browser;
  let page: Page;
  let companyId = '';
  let problemId = '';
  const problemTitle = '名优绿茶揉捻干燥工艺优化';

  beforeAll(async () => {
    browser = await launch();
    ({ companyId } = await seed());
    const context = await browser.newContext({
      locale: 'zh-CN',
      viewport: { width: 1280, height: 900 },
      acceptDownloads: true,
    });
    page = await context.newPage();
    await signIn(page, webUrl, { email: officeEmail, password: officePassword });
  });
  afterAll(async () => {
    await browser.close();
  });

  it('approves, rejects and asks for more in the verification queue, with counts in the navigation', async () => {
    await goto(page, `${webUrl}/office/verification`);
    const nav = page.getByRole('navigation', { name: '人才办工作台' });
    const badge = nav.getByRole('link', { name: /审核队列/ }).getByTestId('office-badge');
    const before = Number(await badge.textContent());
    expect(before).toBeGreaterThanOrEqual(3);
    await expectAccessible(page);

    await page.getByRole('button', { name: '通过 德清武康茶业有限公司' }).click();
    await expect.poll(async () => Number(await badge.textContent())).toBe(before - 1);
    await page.getByRole('button', { name: '通过 吴晓峰' }).click();
    await expect.poll(async () => Number(await badge.textContent())).toBe(before - 2);

    const item = page.getByRole('listitem').filter({ hasText: '郑雅文' });
    await item.getByText('驳回或要求补充材料：郑雅文').click();
    await item.getByLabel('原因（申请人可见）').fill('请补充近三年代表性论文清单。');
    await item.getByRole('button', { name: '要求补充材料' }).click();
    await page.getByRole('status').filter({ hasText: '已要求补充材料' }).waitFor();
    // Asked for more, the expert is still in the queue, marked as such.
    await expect
      .poll(() => page.getByRole('listitem').filter({ hasText: '郑雅文' }).textContent())
      .toContain('已要求补充材料');
  });

  it('curates a draft with the company’s consent on record, then publishes it', async () => {
    const draft = await call('POST', '/problems', {
      companyId,
      title: '绿茶揉捻后碎茶多',
      summary: '绿茶揉捻后碎茶率偏高。',
      description: '名优绿茶在揉捻和干燥阶段碎茶率达 18%，希望通过工艺参数优化降到 8% 以下。',
      fields: ['food.tea'],
      keywords: ['茶叶'],
      confidentiality: 'public',
    });
    expect(draft.status).toBe(201);
    problemId = String(draft.body.id);

    await goto(page, `${webUrl}/office/curation`);
    await page.getByRole('link', { name: '绿茶揉捻后碎茶多' }).click();
    await page.waitForURL(`${webUrl}/office/curation/${problemId}`);
    await page.getByLabel('标题', { exact: true }).fill(problemTitle);
    await page.getByLabel('关键词（用顿号或逗号分隔）').fill('茶叶、揉捻、干燥工艺');
    await page.getByLabel('企业同意的方式').selectOption('phone');
    await page
      .getByLabel('同意说明（谁、何时、同意了什么）')
      .fill('电话联系企业负责人，同意修改标题与关键词');
    await expectAccessible(page);
    await shot(page, 'office-curation');
    await page.getByRole('button', { name: '提交修改' }).click();
    await page.getByRole('status').filter({ hasText: '修改已生效' }).waitFor();
    await expect
      .poll(() => page.getByRole('heading', { level: 1 }).textContent())
      .toBe(problemTitle);

    await page.getByRole('button', { name: '发布难题' }).click();
    await page.getByRole('status').filter({ hasText: '难题已发布' }).waitFor();
    expect(await page.getByTestId('problem-status').textContent()).toBe('征集中');
    const problem = await call('GET', `/problems/${problemId}`);
    expect(problem.body).toMatchObject({
      status: 'open',
      title: problemTitle,
      keywords: ['茶叶', '揉捻', '干燥工艺'],
    });
  });

  it('creates an engagement from the suggestions on the pairing board', async () => {
    // The search index picks the new problem and expert up in the background.
    await expect
      .poll(
        async () => {
          await goto(page, `${webUrl}/office/board?suggest=${problemId}`);
          return page.getByTestId('suggestions').getByText('吴晓峰').count();
        },
        { timeout: 30_000, interval: 1_000 },
      )
      .toBeGreaterThan(0);
    await expectAccessible(page);
    await page.getByRole('button', { name: '邀请 吴晓峰 对接' }).click();
    await page.getByRole('status').filter({ hasText: '已发出邀请' }).waitFor();
    const invited = page.getByTestId('column-invited');
    await invited.getByRole('link', { name: problemTitle }).waitFor();
    expect(await invited.textContent()).toContain('吴晓峰');

    // Filters narrow the board: another town has none of this engagement.
    await page.getByLabel('乡镇').selectOption(town);
    await page.getByRole('button', { name: '筛选' }).click();
    await page.waitForURL(/town=/);
    expect(await page.getByTestId('column-invited').getByRole('link').count()).toBe(1);
    await shot(page, 'office-board');
  });

  it('renders the dashboard and downloads a table as Excel with Chinese headers', async () => {
    const started = Date.now();
    await goto(page, `${webUrl}/office/dashboard`);
    await page.locator('figure svg').first().waitFor();
    const elapsed = Date.now() - started;
    console.info(`office dashboard: loaded with charts in ${elapsed} ms`);
    const townRow = page.getByTestId('table-town').getByRole('row').filter({ hasText: town });
    expect(await townRow.getByRole('cell').first().textContent()).toBe('1');
    await expectAccessible(page);
    await shot(page, 'office-dashboard');

    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByTestId('export-town-xlsx').click(),
    ]);
    expect(download.suggestedFilename()).toMatch(/^stats-town-\d{8}\.xlsx$/);
    const path = await download.path();
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.readFile(path);
    const sheet = workbook.worksheets[0];
    expect(sheet?.name).toBe('按乡镇');
    const cells = (n: number) => (sheet?.getRow(n).values as unknown[]).slice(1);
    expect(cells(1).slice(0, 6)).toEqual([
      '分组',
      '发布难题数',
      '已对接数',
      '已解决数',
      '已关闭数',
      '解决率（%）',
    ]);
    const rows = Array.from({ length: (sheet?.rowCount ?? 1) - 1 }, (_, i) => cells(i + 2));
    expect(rows.find((row) => row[0] === town)?.slice(0, 5)).toEqual([town, 1, 0, 0, 0]);
    expect(rows.at(-1)?.[0]).toBe('合计');

    const csv = await fetch(`${webUrl}/office/export/quarter.csv`, {
      headers: {
        cookie: (await page.context().cookies()).map((c) => `${c.name}=${c.value}`).join('; '),
      },
    });
    const bytes = new Uint8Array(await csv.arrayBuffer());
    expect([...bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    expect(new TextDecoder().decode(bytes.slice(3)).split('\n')[0]).toContain('发布难题数');
  });

  it('prints the quarterly report without navigation', async () => {
    await goto(page, `${webUrl}/office/report`);
    await page.getByTestId('report').waitFor();
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toMatch(
      /季度校企结对工作报告/,
    );
    await expectAccessible(page);
    await page.emulateMedia({ media: 'print' });
    expect(await page.getByRole('navigation', { name: '人才办工作台' }).isVisible()).toBe(false);
    expect(await page.locator('header').first().isVisible()).toBe(false);
    await page.emulateMedia({ media: 'screen' });
  });

  it('reads the audit trail of the curated problem, filtered', async () => {
    await goto(page, `${webUrl}/office/audit`);
    await page.getByLabel('记录类型').selectOption('problem');
    await page.getByLabel('记录 ID').fill(problemId);
    await page.getByLabel('事件类型').selectOption('updated');
    await page.getByRole('button', { name: '筛选' }).click();
    await page.waitForURL(/entityId=/);
    const table = page.getByTestId('audit-table');
    const rows = table.getByRole('row');
    expect(await rows.count()).toBe(2);
    expect(await table.textContent()).toContain('company consent obtained by 电话 phone');
    expect(await table.textContent()).toContain('钱科长');
    await expectAccessible(page);
    await page.getByLabel('事件类型').selectOption('');
    await page.getByRole('button', { name: '筛选' }).click();
    await page.waitForURL(/[?&]type=(&|$)/);
    await shot(page, 'office-audit');
  });
});
