import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { repoRoot } from '@jiedui/ferretdb';
import { MongoClient } from 'mongodb';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { expectAccessible, goto, launch, signIn } from './browser';
import { creditCode } from './fixtures';

const webUrl = inject('webUrl');
const apiUrl = inject('apiUrl');
const clockFile = inject('clockFile');
const mailDir = inject('mailDir');
const screenshots = join(repoRoot, 'docs', 'screenshots');
const officer = {
  email: 'qian.stuck@rencaiban.gov.cn',
  password: 'office password 789',
  name: '钱科长',
};
const expertAccount = {
  email: 'sunli.stuck@zjut.edu.cn',
  password: 'expert password 789',
  name: '孙丽',
};
const problemTitle = '光伏组件层压气泡问题久拖未决';

async function setUser(email: string, fields: Record<string, string>) {
  const client = new MongoClient(inject('mongoUrl'));
  try {
    await client.db('e2e').collection('user').updateOne({ email }, { $set: fields });
  } finally {
    await client.close().catch(() => undefined);
  }
}

async function signUpByApi(account: { email: string; password: string; name: string }) {
  const res = await fetch(`${apiUrl}/auth/sign-up/email`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(account),
  });
  expect(res.status).toBe(200);
}

/**
 * The office, a company with a problem published today and an expert invited to it who has an
 * account; nobody answers the invitation.
 */
async function seed() {
  await signUpByApi(officer);
  await setUser(officer.email, { role: 'officer' });
  const signIn = await fetch(`${apiUrl}/auth/sign-in/email`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email: officer.email, password: officer.password }),
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
  const organisation = async (kind: string, name: string, code: number) => {
    const org = await post('/organisations', { kind, name, creditCode: creditCode(code) });
    await post(`/organisations/${org.id}/verification`, { rev: org.rev, decision: 'approve' }, 200);
    return org.id;
  };
  const university = await organisation('university', '浙江工业大学', 91);
  const company = await organisation('company', '德清光能科技有限公司', 92);
  const expert = await post('/experts', {
    organisationId: university,
    name: expertAccount.name,
    email: expertAccount.email,
    title: '教授',
    fields: ['energy.pv'],
    capacity: 3,
  });
  await post(`/experts/${expert.id}/verification`, { rev: expert.rev, decision: 'approve' }, 200);
  await signUpByApi(expertAccount);
  await setUser(expertAccount.email, {
    role: 'expert',
    organisationId: university,
    expertId: expert.id,
  });
  const problem = await post('/problems', {
    companyId: company,
    title: problemTitle,
    summary: '层压后组件出现气泡，返工率高。',
    description: '层压工艺参数调整后仍有气泡，需要专家现场诊断。',
    fields: ['energy.pv'],
    keywords: ['光伏', '层压'],
    desiredOutcome: '气泡率降到 0.5% 以下',
    confidentiality: 'public',
  });
  await post(`/problems/${problem.id}/publish`, { rev: problem.rev }, 200);
  await post(`/problems/${problem.id}/engagements`, { expertId: expert.id });
}

async function shot(page: Page, name: string) {
  mkdirSync(screenshots, { recursive: true });
  await page.screenshot({ path: join(screenshots, `${name}.png`), fullPage: true });
}

describe('stuck items and reminders', () => {
  let browser: Browser;
  beforeAll(async () => {
    browser = await launch();
    await seed();
  });
  afterAll(async () => {
    // Later test files share this API: give them back the real clock.
    writeFileSync(clockFile, '');
    await browser.close();
  });

  it('shows an unanswered invitation after 5 days; the office logs a call, reminds and resolves', async () => {
    const context = () =>
      browser.newContext({ locale: 'zh-CN', viewport: { width: 1200, height: 900 } });
    const office = await (await context()).newPage();
    const expert = await (await context()).newPage();
    await signIn(office, webUrl, officer);

    // Four days on, the invitation is not stuck yet.
    writeFileSync(clockFile, '+4d');
    await goto(office, `${webUrl}/office/stuck?rule=invitation_unanswered`);
    await office.getByRole('heading', { name: /对接邀请未答复/ }).waitFor();
    expect(await office.getByRole('link', { name: problemTitle }).count()).toBe(0);

    // Six days on it is: one day past the 5-day SLA.
    writeFileSync(clockFile, '+6d');
    await goto(office, `${webUrl}/office/stuck?rule=invitation_unanswered`);
    const item = office.getByTestId('stuck-item').filter({ hasText: problemTitle });
    await item.waitFor();
    await expect.poll(() => item.getByTestId('overdue').textContent()).toBe('超期 1 天');
    expect(await item.textContent()).toContain('专家 孙丽（责任方）');

    // The officer logs a phone call.
    const logForm = item.locator('form[action="?/log"]');
    await logForm.getByLabel('联系对象').fill('孙丽教授');
    await logForm.getByLabel('联系方式').selectOption('phone');
    await logForm.getByLabel('商定事项').fill('本周五前在系统中答复邀请');
    await logForm.getByRole('button', { name: '记录协调' }).click();
    await item.getByText('协调记录已保存。').waitFor();
    await expect
      .poll(() => item.getByTestId('stuck-log').textContent())
      .toContain('孙丽教授 · 电话 · 本周五前在系统中答复邀请');

    // A reminder goes to the expert, in-app and by mail.
    const remindForm = item.locator('form[action="?/remind"]');
    await remindForm.getByLabel('附言（可选）').fill('企业急需，请尽快答复。');
    await remindForm.getByRole('button', { name: '发送催办提醒' }).click();
    await item.getByText('已提醒：孙丽（邮件 1 封）').waitFor();
    const mails = readdirSync(mailDir)
      .filter((name) => name.endsWith('-stuck_reminder.json'))
      .map(
        (name) =>
          JSON.parse(readFileSync(join(mailDir, name), 'utf8')) as { to: string; text: string },
      );
    expect(mails.map((mail) => mail.to)).toEqual([expertAccount.email]);
    expect(mails[0]?.text).toContain(`「${problemTitle}」`);
    await expectAccessible(office);
    await shot(office, 'office-stuck');

    // The expert sees it in the notification centre, with the unread badge in the navigation.
    await signIn(expert, webUrl, expertAccount);
    const badge = expert.getByTestId('nav-notifications');
    // The layout waits at most 500 ms for the count and shows no badge when it is late: reload.
    await expect
      .poll(
        async () => {
          await expert.reload();
          return badge.getAttribute('aria-label');
        },
        { timeout: 20_000, interval: 500 },
      )
      .toMatch(/通知（\d+ 条未读）/);
    await badge.click();
    await expert.waitForURL(`${webUrl}/notifications`);
    const reminder = expert
      .getByTestId('notification')
      .filter({ hasText: '人才办催办提醒' })
      .first();
    await reminder.waitFor();
    expect(await reminder.getAttribute('data-read')).toBe('false');
    expect(await reminder.textContent()).toContain('企业急需，请尽快答复。');
    const invitation = expert.getByTestId('notification').filter({ hasText: '新的对接邀请' });
    expect(await invitation.count()).toBe(1);
    await expectAccessible(expert);
    await shot(expert, 'notifications');
    await reminder.getByRole('button', { name: /^查看/ }).click();
    await expert.waitForURL(`${webUrl}/engagements`);
    await goto(expert, `${webUrl}/notifications?unread=true`);
    await expert.getByRole('heading', { name: /通知/ }).first().waitFor();
    expect(
      await expert.getByTestId('notification').filter({ hasText: '人才办催办提醒' }).count(),
    ).toBe(0);
    await expert.getByRole('button', { name: '全部标为已读' }).click();
    await expert.getByText(/已将 \d+ 条通知标为已读/).waitFor();
    await expect.poll(() => badge.getAttribute('aria-label')).toBe('通知');

    // The office resolves it, and it leaves the list.
    const resolveForm = item.locator('form[action="?/resolve"]');
    await resolveForm.getByLabel('办结说明').fill('专家已电话确认接受，周五前在系统中操作。');
    await resolveForm.getByRole('button', { name: '办结' }).click();
    await office.getByText('已办结，该事项已移出列表。').waitFor();
    expect(await office.getByRole('link', { name: problemTitle }).count()).toBe(0);
    await expectAccessible(office);
  });
});
