import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { repoRoot } from '@jiedui/ferretdb';
import { expectAccessible, goto, launch, reload, signIn } from './browser';
import { creditCode, setRole } from './fixtures';

const webUrl = inject('webUrl');
const apiUrl = inject('apiUrl');
const screenshots = join(repoRoot, 'docs', 'screenshots');

/** The office's admin account and a verified university, made through the API. */
async function seedOffice() {
  const signUp = await fetch(`${apiUrl}/auth/sign-up/email`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({
      email: 'li@rencaiban.gov.cn',
      password: 'office password 123',
      name: '李主任',
    }),
  });
  expect(signUp.status).toBe(200);
  await setRole('li@rencaiban.gov.cn', 'admin');
  const signIn = await fetch(`${apiUrl}/auth/sign-in/email`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email: 'li@rencaiban.gov.cn', password: 'office password 123' }),
  });
  const cookie = (signIn.headers.get('set-cookie') ?? '').split(';')[0] ?? '';
  const headers = { 'content-type': 'application/json', cookie };
  const university = await fetch(`${apiUrl}/organisations`, {
    method: 'POST',
    headers,
    body: JSON.stringify({
      kind: 'university',
      name: '浙江工业大学',
      creditCode: creditCode(7),
      town: '杭州市',
    }),
  });
  expect(university.status).toBe(201);
  const org = (await university.json()) as { id: string; rev: number };
  const verified = await fetch(`${apiUrl}/organisations/${org.id}/verification`, {
    method: 'POST',
    headers,
    body: JSON.stringify({ rev: org.rev, decision: 'approve' }),
  });
  expect(verified.status).toBe(200);
}

async function shot(page: Page, name: string) {
  mkdirSync(screenshots, { recursive: true });
  await page.screenshot({ path: join(screenshots, `${name}.png`), fullPage: true });
}

async function signUp(page: Page, name: string, email: string, password: string) {
  await goto(page, `${webUrl}/sign-up`);
  await page.getByLabel('姓名').fill(name);
  await page.getByLabel('邮箱').fill(email);
  await page.getByLabel('密码').fill(password);
  await page.getByRole('button', { name: '注册' }).click();
  await page.waitForURL(`${webUrl}/`).catch(async (error: unknown) => {
    // Say what the page shows instead (a refusal from the API, a field error).
    throw new Error(
      `sign-up of ${email} stayed at ${page.url()}: ${await page.locator('main').innerText()}`,
      {
        cause: error,
      },
    );
  });
}

/** Reloads until the selector shows up: search indexing runs in the background. */
async function eventually(page: Page, selector: string, seconds = 20) {
  const deadline = Date.now() + seconds * 1000;
  for (;;) {
    if ((await page.locator(selector).count()) > 0) return;
    if (Date.now() > deadline) throw new Error(`${selector} never appeared`);
    await page.waitForTimeout(500);
    await reload(page);
  }
}

describe('the whole journey of a problem, in Chinese', () => {
  let browser: Browser;
  beforeAll(async () => {
    browser = await launch();
    await seedOffice();
  });
  afterAll(async () => {
    await browser.close();
  });

  it('goes from sign-up to a confirmed outcome: suggestions, invitation, acceptance, visit, solved', async () => {
    const context = () =>
      browser.newContext({ locale: 'zh-CN', viewport: { width: 1200, height: 900 } });
    const expert = await (await context()).newPage();
    const company = await (await context()).newPage();
    const office = await (await context()).newPage();

    // An expert creates a profile at the university.
    await signUp(expert, '张伟', 'zhangwei@zjut.edu.cn', 'expert password 123');
    await goto(expert, `${webUrl}/onboarding`);
    const expertForm = expert.locator('form[action="?/expert"]');
    await expertForm.getByLabel('职称').fill('教授');
    await expertForm.getByLabel('专业领域').selectOption(['mech.cnc']);
    await expertForm.getByLabel('关键词（用逗号分隔）').fill('数控机床，热变形，误差补偿，主轴');
    await expertForm.getByRole('button', { name: '提交' }).click();
    await expert.waitForURL(`${webUrl}/`);

    // A company registers and drafts a problem.
    await signUp(company, '陈经理', 'chen@jinggong.cn', 'company password 1');
    await goto(company, `${webUrl}/onboarding`);
    await shot(company, 'onboarding');
    const companyForm = company.locator('form[action="?/company"]');
    await companyForm.getByLabel('企业名称').fill('德清精工机械有限公司');
    await companyForm.getByLabel('统一社会信用代码').fill(creditCode(43));
    await companyForm.getByLabel('所在镇街').fill('乾元镇');
    await companyForm.getByRole('button', { name: '提交' }).click();
    await company.waitForURL(`${webUrl}/problems`);
    await company.getByRole('link', { name: '发布新难题' }).click();
    await company.getByLabel('难题标题').fill('数控机床主轴热变形导致加工精度下降');
    await company.getByLabel('摘要（对外公开）').fill('连续加工两小时后孔径偏差超过 0.02 mm。');
    await company
      .getByLabel('详细描述')
      .fill(
        '我司立式加工中心连续加工两小时后主轴温升明显，热变形导致孔径偏差超过 0.02 mm，希望给出数控机床热误差补偿方案。',
      );
    await company.getByLabel('所属领域').selectOption(['mech.cnc']);
    await company.getByLabel('关键词（用逗号分隔）').fill('热变形，误差补偿，主轴');
    await shot(company, 'problem-new');
    await company.getByRole('button', { name: '保存为草稿' }).click();
    await company.waitForURL(/\/problems\/prb_/);
    const problemUrl = company.url();

    // The office verifies both from its queue.
    await signIn(office, webUrl, {
      email: 'li@rencaiban.gov.cn',
      password: 'office password 123',
    });
    await goto(office, `${webUrl}/office/verification`);
    await shot(office, 'office-verification');
    await expectAccessible(office);
    await office.getByRole('button', { name: '通过 德清精工机械有限公司' }).click();
    await office.getByRole('button', { name: '通过 张伟' }).click();
    // Other tests may leave items in the queue: wait for these two to leave it.
    await office.getByRole('button', { name: '通过 张伟' }).waitFor({ state: 'detached' });
    await office
      .getByRole('button', { name: '通过 德清精工机械有限公司' })
      .waitFor({ state: 'detached' });

    // Published, the problem gets suggestions with reasons; the company invites the expert.
    await goto(company, problemUrl);
    await company.getByRole('button', { name: '发布' }).click();
    await company.waitForFunction(
      () => document.querySelector('[data-testid="problem-status"]')?.textContent === '征集中',
    );
    await eventually(company, '[data-testid="suggestion"]');
    const suggestion = company.getByTestId('suggestion').filter({ hasText: '张伟' });
    expect(await suggestion.textContent()).toContain('匹配关键词');
    await shot(company, 'problem-suggestions');
    await expectAccessible(company);
    await suggestion.getByRole('button', { name: '邀请对接 张伟' }).click();
    await company.getByText('已邀请').first().waitFor();

    // The expert accepts and logs a visit.
    await goto(expert, `${webUrl}/engagements`);
    await expectAccessible(expert);
    await expert.getByRole('button', { name: '接受' }).click();
    await expert.getByTestId('engagement-status').filter({ hasText: '已接受' }).waitFor();
    await expert.getByText('记录走访').click();
    await expert.getByLabel('地点').fill('乾元镇 德清精工 二号车间');
    await expert
      .getByLabel('内容')
      .fill('现场测量主轴温升曲线，建议加装温度传感器并建立热误差补偿模型。');
    await expert.getByRole('button', { name: '提交' }).click();
    await expert.getByRole('alert').count();
    await shot(expert, 'expert-engagements');

    // The company starts the work, confirms it solved and records the outcome.
    await goto(company, problemUrl);
    await company.getByText('现场测量主轴温升曲线').waitFor();
    await company.getByRole('button', { name: '开始对接' }).click();
    await company.waitForFunction(
      () => document.querySelector('[data-testid="problem-status"]')?.textContent === '对接中',
    );
    await company.getByRole('button', { name: '确认已解决' }).click();
    await company
      .getByRole('alertdialog')
      .getByRole('button', { name: '确认', exact: true })
      .click();
    await company.waitForFunction(
      () => document.querySelector('[data-testid="problem-status"]')?.textContent === '已解决',
    );
    await company.getByLabel('成果概述').fill('建立热误差补偿模型后，孔径偏差降至 0.005 mm 以内。');
    await company.getByLabel('年经济效益（万元）').fill('120');
    await company.getByLabel('合同金额（万元）').fill('15');
    await company.getByRole('button', { name: '填写成果' }).click();
    await company.getByTestId('outcome-summary').waitFor();
    expect(await company.getByTestId('outcome-summary').textContent()).toContain('0.005 mm');
    await shot(company, 'problem-solved');
    await expectAccessible(company);
    const timeline = await company.getByTestId('timeline').textContent();
    for (const state of ['草稿', '征集中', '对接中', '已解决']) expect(timeline).toContain(state);
  });
});

describe('the interface in English', () => {
  it('signs up and shows onboarding in English when the browser prefers it', async () => {
    const browser = await launch();
    try {
      const page = await (await browser.newContext({ locale: 'en-GB' })).newPage();
      await goto(page, `${webUrl}/sign-up`);
      expect(await page.locator('html').getAttribute('lang')).toBe('en');
      await page.getByLabel('Name').fill('Emily Chen');
      await page.getByLabel('Email').fill('emily@example.com');
      await page.getByLabel('Password').fill('correct horse battery');
      await page.getByRole('button', { name: 'Sign up' }).click();
      await page.waitForURL(`${webUrl}/`);
      await page.getByText('Signed in as Emily Chen').waitFor();
      await goto(page, `${webUrl}/onboarding`);
      await page.getByRole('heading', { name: 'Complete your profile' }).waitFor();
      await expectAccessible(page);
      await page.getByRole('button', { name: '中文' }).click();
      await page.getByRole('heading', { name: '完善您的资料' }).waitFor();
    } finally {
      await browser.close();
    }
  });
});
