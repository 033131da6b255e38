import { MongoClient } from 'mongodb';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { expectAccessible, goto, launch, signIn } from './browser';

const webUrl = inject('webUrl');
const apiUrl = inject('apiUrl');
const officeEmail = 'zhao@rencaiban.gov.cn';
const officePassword = 'office password 456';

// A valid 统一社会信用代码 (GB 32100 check character computed).
function creditCode(n: number): string {
  const alphabet = '0123456789ABCDEFGHJKLMNPQRTUWXY';
  const weights = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28];
  const body = `91330521${String(n).padStart(9, '0')}`;
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += alphabet.indexOf(body.charAt(i)) * (weights[i] ?? 0);
  return body + alphabet.charAt((31 - (sum % 31)) % 31);
}

async function promote(email: string, role: string) {
  const client = new MongoClient(inject('mongoUrl'));
  try {
    await client.db('e2e').collection('user').updateOne({ email }, { $set: { role } });
  } finally {
    await client.close().catch(() => undefined);
  }
}

/** The office account, and a small cohort made through the API: two experts, two open problems. */
async function seedCohort() {
  const signUp = await fetch(`${apiUrl}/auth/sign-up/email`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email: officeEmail, password: officePassword, name: '赵科长' }),
  });
  expect(signUp.status).toBe(200);
  await promote(officeEmail, 'officer');
  const signIn = await fetch(`${apiUrl}/auth/sign-in/email`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email: officeEmail, password: officePassword }),
  });
  const cookie = (signIn.headers.get('set-cookie') ?? '').split(';')[0] ?? '';
  const post = async (path: string, body: unknown, status = 201) => {
    const res = await fetch(`${apiUrl}${path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', cookie },
      body: JSON.stringify(body),
    });
    expect(res.status, `${path}: ${await res.clone().text()}`).toBe(status);
    return (await res.json()) as { id: string; rev: number };
  };
  const organisation = async (kind: string, name: string, code: number, town: string) => {
    const org = await post('/organisations', { kind, name, creditCode: creditCode(code), town });
    await post(`/organisations/${org.id}/verification`, { rev: org.rev, decision: 'approve' }, 200);
    return org.id;
  };
  const university = await organisation('university', '浙江大学', 71, '杭州市');
  const companies = [
    await organisation('company', '德清注塑科技有限公司', 72, '新市镇'),
    await organisation('company', '德清遥感农业有限公司', 73, '禹越镇'),
  ];
  const experts = [
    { name: '孙明', fields: ['mat.polymer'], keywords: ['注塑', '缩痕', '模流分析'] },
    { name: '周琳', fields: ['geo.rs'], keywords: ['遥感', '无人机', '作物监测'] },
  ];
  for (const [i, expert] of experts.entries()) {
    const created = await post('/experts', {
      organisationId: university,
      email: `pairing${i}@zju.edu.cn`,
      title: '教授',
      capacity: 2,
      ...expert,
    });
    await post(
      `/experts/${created.id}/verification`,
      { rev: created.rev, decision: 'approve' },
      200,
    );
  }
  const problems = [
    {
      companyId: companies[0],
      title: '汽车内饰注塑件缩痕',
      summary: '注塑件保压阶段出现缩痕，良品率低。',
      description: '汽车内饰注塑件在保压阶段出现缩痕，希望通过模流分析优化工艺。',
      fields: ['mat.polymer'],
      keywords: ['注塑', '缩痕'],
    },
    {
      companyId: companies[1],
      title: '无人机遥感监测作物长势',
      summary: '希望用无人机遥感评估作物长势与水分胁迫。',
      description: '用无人机多光谱遥感影像监测作物长势，指导灌溉与施肥。',
      fields: ['geo.rs'],
      keywords: ['遥感', '无人机'],
    },
  ];
  for (const problem of problems) {
    const created = await post('/problems', { ...problem, confidentiality: 'public' });
    await post(`/problems/${created.id}/publish`, { rev: created.rev }, 200);
  }
}

/** Waits (the page polls by itself) until the run has finished. */
async function finished(page: Page) {
  await page
    .getByTestId('run-status')
    .filter({ hasText: /已完成|失败|已取消/ })
    .waitFor({
      timeout: 30_000,
    });
  expect(await page.getByTestId('run-status').textContent()).toBe('已完成');
}

/** The proposed pairs on the page, as "expert|problem title" (the first two cells). */
async function shownPairs(page: Page): Promise<Set<string>> {
  const rows = await page.getByTestId('proposed-pair').evaluateAll((trs) =>
    trs.map((tr) =>
      [...tr.querySelectorAll('td')]
        .slice(0, 2)
        .map((td) => (td.firstChild?.textContent ?? '').trim())
        .join('|'),
    ),
  );
  return new Set(rows);
}

describe('the office pairs a cohort, in Chinese', () => {
  let browser: Browser;
  beforeAll(async () => {
    browser = await launch();
    await seedCohort();
  });
  afterAll(async () => {
    await browser.close();
  });

  it('runs a pairing, reviews the reasons, excludes a pair and reruns, then applies it', async () => {
    const office = await (
      await browser.newContext({ locale: 'zh-CN', viewport: { width: 1200, height: 900 } })
    ).newPage();
    await signIn(office, webUrl, { email: officeEmail, password: officePassword });

    await goto(office, `${webUrl}/office/verification`);
    await office.getByRole('link', { name: '结对编排' }).click();
    await office.waitForURL(`${webUrl}/office/pairing`);
    await expectAccessible(office);

    await office.getByText('新建结对计划').click();
    await office.getByLabel('计划名称').fill('2026 年度德清校地结对计划');
    await office.getByRole('button', { name: '创建' }).click();
    await office.waitForURL(/programme=prg_/);

    const start = office.getByTestId('start-run');
    await start.getByLabel('每位专家最多对接数').fill('1');
    await start.getByLabel('每个难题最多专家数').fill('1');
    await start.getByRole('button', { name: '开始计算' }).click();
    await office.waitForURL(/run=run_/);
    await finished(office);
    expect(await office.getByText('已证明最优').count()).toBe(1);

    const pairs = office.getByTestId('proposed-pair');
    const moulding = pairs.filter({ hasText: '汽车内饰注塑件缩痕' });
    expect(await moulding.textContent()).toContain('孙明');
    expect(await moulding.textContent()).toContain('匹配关键词');
    const sensing = pairs.filter({ hasText: '无人机遥感监测作物长势' });
    expect(await sensing.textContent()).toContain('周琳');
    await expectAccessible(office);

    // The office excludes one proposed pair and reruns; the comparison names the change. With
    // one pair per expert and per problem, freeing 孙明 may reshuffle other pairs too (other
    // tests' experts and problems share this database), so the expected counts are the
    // differences between the two tables the page shows.
    const before = await shownPairs(office);
    await office.getByLabel('排除 孙明 — 汽车内饰注塑件缩痕').check();
    await office.getByRole('button', { name: '按调整重新计算' }).click();
    await office.getByTestId('comparison').waitFor();
    await finished(office);
    const after = await shownPairs(office);
    const removed = [...before].filter((pair) => !after.has(pair)).length;
    const added = [...after].filter((pair) => !before.has(pair)).length;
    expect(removed).toBeGreaterThanOrEqual(1);
    const comparison = await office.getByTestId('comparison').textContent();
    expect(comparison).toContain(`新增 ${added} 对`);
    expect(comparison).toContain(`移除 ${removed} 对`);
    expect(await pairs.filter({ hasText: '孙明' }).filter({ hasText: '注塑件缩痕' }).count()).toBe(
      0,
    );
    await expectAccessible(office);

    await office.getByRole('button', { name: '确认生效' }).click();
    await office.getByTestId('applied').waitFor();
    expect(await office.getByTestId('applied').textContent()).toMatch(/已生效：\d+ 个结对/);
    await expectAccessible(office);
  });
});
