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
const bibFiles = join(repoRoot, 'api', 'test', 'experts', 'files');

async function shot(page: Page, name: string) {
  mkdirSync(screenshots, { recursive: true });
  await page.screenshot({ path: join(screenshots, `${name}.png`), fullPage: true });
}

/** Visits a page and fails on any serious accessibility violation there. */
async function visit(page: Page, path: string) {
  await goto(page, `${webUrl}${path}`);
  await expectAccessible(page);
}

/** The office's admin and a verified university, made through the API as the first office is. */
async function seedOffice() {
  const email = 'zhou@talent-office.example';
  const password = 'office password 456';
  const signUp = await fetch(`${apiUrl}/auth/sign-up/email`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email, password, name: 'Director Zhou' }),
  });
  expect(signUp.status).toBe(200);
  await setRole(email, 'admin');
  const signIn = await fetch(`${apiUrl}/auth/sign-in/email`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email, password }),
  });
  const cookie = (signIn.headers.get('set-cookie') ?? '').split(';')[0] ?? '';
  const headers = { 'content-type': 'application/json', cookie };
  const university = await fetch(`${apiUrl}/organisations`, {
    method: 'POST',
    headers,
    body: JSON.stringify({
      kind: 'university',
      name: 'Zhejiang University of Technology (EN)',
      creditCode: creditCode(117),
      town: 'Hangzhou',
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
  return { email, password };
}

/** The office approves an organisation by name through the API. */
async function approveOrganisation(office: { email: string; password: string }, name: string) {
  const signIn = await fetch(`${apiUrl}/auth/sign-in/email`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(office),
  });
  const cookie = (signIn.headers.get('set-cookie') ?? '').split(';')[0] ?? '';
  const list = await fetch(`${apiUrl}/organisations?kind=company&verification=pending&limit=100`, {
    headers: { cookie },
  });
  const orgs = ((await list.json()) as { items: { id: string; name: string; rev: number }[] })
    .items;
  const org = orgs.find((o) => o.name === name);
  if (!org) throw new Error(`${name} is not pending`);
  const res = await fetch(`${apiUrl}/organisations/${org.id}/verification`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', cookie },
    body: JSON.stringify({ rev: org.rev, decision: 'approve' }),
  });
  expect(res.status).toBe(200);
}

async function signUp(page: Page, name: string, email: string, password: string) {
  await visit(page, '/sign-up');
  await page.getByLabel('Name').fill(name);
  await page.getByLabel('Email').fill(email);
  await page.getByLabel('Password').fill(password);
  await page.getByRole('button', { name: 'Sign up' }).click();
  await page.waitForURL(`${webUrl}/`);
}

/** Reloads until the selector shows up: search indexing runs in the background. */
async function eventually(page: Page, selector: string, seconds = 30) {
  const deadline = Date.now() + seconds * 1000;
  for (;;) {
    if ((await page.locator(selector).count()) > 0) return;
    if (Date.now() > deadline) throw new Error(`${selector} never appeared`);
    await page.waitForTimeout(500);
    await reload(page);
  }
}

const statusIs = (page: Page, status: string) =>
  page.waitForFunction(
    (text) => document.querySelector('[data-testid="problem-status"]')?.textContent === text,
    status,
  );

describe('the whole journey of a problem, in English', () => {
  let browser: Browser;
  let office: { email: string; password: string };
  beforeAll(async () => {
    browser = await launch();
    office = await seedOffice();
  });
  afterAll(async () => {
    await browser.close();
  });

  it('goes from sign-up to a confirmed outcome, with a BibTeX import and a search on the way', async () => {
    const context = () =>
      browser.newContext({ locale: 'en-GB', viewport: { width: 1200, height: 900 } });
    const expert = await (await context()).newPage();
    const company = await (await context()).newPage();
    const admin = await (await context()).newPage();

    // An expert signs up, creates a profile and is told what waiting for verification means.
    await signUp(expert, 'Emily Zhang', 'emily.zhang@zjut.example', 'expert password 456');
    expect(await expert.locator('html').getAttribute('lang')).toBe('en');
    await visit(expert, '/onboarding');
    const expertForm = expert.locator('form[action="?/expert"]');
    await expertForm
      .getByLabel('University or institute')
      .selectOption({ label: 'Zhejiang University of Technology (EN)' });
    await expertForm.getByLabel('Title', { exact: true }).fill('Professor');
    await expertForm.getByLabel('Fields of expertise').selectOption(['mech.cnc']);
    await expertForm
      .getByLabel('Keywords (comma-separated)')
      .fill('CNC, thermal error, error compensation, spindle');
    await expertForm.getByRole('button', { name: 'Submit' }).click();
    await expert.waitForURL(`${webUrl}/`);
    await expert.getByTestId('pending-explained').waitFor();
    expect(await expert.getByTestId('pending-explained').textContent()).toContain(
      'import publications',
    );
    await expectAccessible(expert);

    // Publications from a real .bib file (Chinese titles, LaTeX escapes, a patent); a broken
    // file is refused line by line in English and adds nothing.
    await visit(expert, '/profile');
    await expert.getByLabel('File', { exact: true }).setInputFiles(join(bibFiles, 'broken.bib'));
    await expert.getByRole('button', { name: 'Import', exact: true }).click();
    const errors = expert.getByTestId('import-errors');
    await errors.waitFor();
    const errorText = (await errors.textContent()) ?? '';
    expect(errorText).toContain('nothing was imported');
    expect(errorText).toContain('Line 8');
    expect(errorText).toContain('noyear');
    expect(errorText).toContain('is required');
    await expectAccessible(expert);
    await expert.getByLabel('File', { exact: true }).setInputFiles(join(bibFiles, 'zhang-wei.bib'));
    await expert.getByRole('button', { name: 'Import', exact: true }).click();
    await expert
      .getByTestId('publications')
      .getByText('数控机床主轴热误差建模与补偿方法研究')
      .waitFor();
    const publications = (await expert.getByTestId('publications').textContent()) ?? '';
    expect(publications).toContain("Müller's Method and α-Compensation");
    expect(publications).toContain('Jörg Müller');
    expect(await expert.getByTestId('patents').textContent()).toContain('CN114523456A');
    // The profile editor (superforms): an inline error in the user's language, then a save.
    await expert.getByLabel('Name', { exact: true }).fill('E');
    await expert.getByRole('button', { name: 'Save profile' }).click();
    await expert.getByText('At least 2 characters').waitFor();
    await expert.getByLabel('Name', { exact: true }).fill('Emily Zhang');
    await expert.getByLabel('Most problems at a time').fill('4');
    await expert.getByRole('button', { name: 'Save profile' }).click();
    await expert.getByRole('status').filter({ hasText: 'Profile saved' }).first().waitFor();
    await shot(expert, 'expert-profile');
    await expectAccessible(expert);

    // A company signs up, registers and sees that it waits for the office.
    await signUp(company, 'Oliver Chen', 'oliver@deqing-precision.example', 'company password 456');
    await visit(company, '/onboarding');
    const companyForm = company.locator('form[action="?/company"]');
    await companyForm.getByLabel('Company name').fill('Deqing Precision Machinery Co.');
    await companyForm.getByLabel('Unified social credit code').fill(creditCode(143));
    await companyForm.getByLabel('Town').fill('Qianyuan');
    await companyForm.getByLabel('Industry').fill('Equipment manufacturing');
    await companyForm.getByRole('button', { name: 'Submit' }).click();
    await company.waitForURL(`${webUrl}/problems`);
    await company.getByText('Until the talent office verifies you').first().waitFor();
    await expectAccessible(company);

    // The problem wizard: errors inline in English before anything reaches the API.
    await company.getByRole('link', { name: 'Post a new problem' }).click();
    await company.waitForURL(`${webUrl}/problems/new`);
    await expectAccessible(company);
    await company.getByRole('button', { name: 'Save as draft' }).click();
    await company.getByText('Required').first().waitFor();
    await company.getByText('Choose 1 to 5 fields').waitFor();
    await company
      .getByLabel('Title', { exact: true })
      .fill('Thermal deformation of the CNC spindle reduces accuracy');
    await company
      .getByLabel('Summary (shown to everyone)')
      .fill('After two hours of machining, bore diameters drift by more than 0.02 mm.');
    await company
      .getByLabel('Description', { exact: true })
      .fill(
        'Our vertical machining centre heats up during long runs; spindle thermal error makes bores drift by more than 0.02 mm. We need a thermal error compensation model for the CNC spindle.',
      );
    await company.getByLabel('Fields', { exact: true }).selectOption(['mech.cnc']);
    await company
      .getByLabel('Keywords (comma-separated)')
      .fill('thermal error, error compensation, spindle, CNC');
    await company.getByLabel('Budget from (10k CNY)').fill('5');
    await company.getByLabel('Budget up to (10k CNY)').fill('20');
    await shot(company, 'problem-wizard-en');
    await company.getByRole('button', { name: 'Save as draft' }).click();
    await company.waitForURL(/\/problems\/prb_/);
    const problemUrl = company.url();
    expect(await company.getByTestId('problem-status').textContent()).toBe('Draft');

    // The office verifies both from its queue.
    await signIn(admin, webUrl, office, {
      email: 'Email',
      password: 'Password',
      submit: 'Sign in',
    });
    await visit(admin, '/office/verification');
    await admin.getByRole('button', { name: 'Approve Deqing Precision Machinery Co.' }).click();
    await admin.getByRole('button', { name: 'Approve Emily Zhang' }).click();
    await admin.getByRole('button', { name: 'Approve Emily Zhang' }).waitFor({ state: 'detached' });

    // The company's own list with its filters, and its profile, now verified.
    await visit(company, '/problems?status=draft');
    await company.getByRole('link', { name: /Thermal deformation/ }).waitFor();
    await shot(company, 'problems-list');
    await visit(company, '/problems?status=solved');
    await company.getByText('No problems yet.').waitFor();
    await visit(company, '/company');
    expect(await company.getByTestId('verification').textContent()).toBe('Verified');
    await shot(company, 'company-profile');

    // Published, the problem gets suggestions with reasons; the company invites the expert.
    await goto(company, problemUrl);
    await company.getByRole('button', { name: 'Publish' }).click();
    await statusIs(company, 'Open');
    await eventually(company, '[data-testid="suggestion"]');
    const suggestion = company.getByTestId('suggestion').filter({ hasText: 'Emily Zhang' });
    expect(await suggestion.textContent()).toContain('Matching terms');
    await expectAccessible(company);
    await suggestion.getByRole('button', { name: 'Invite Emily Zhang' }).click();
    await company.getByText('Invited').first().waitFor();

    // The expert finds the problem by search, with the matched words highlighted.
    await visit(expert, '/search/problems?q=spindle');
    await eventually(expert, '[data-testid="search-hit"] mark');
    expect(
      await expert.getByTestId('search-hit').first().locator('mark').first().textContent(),
    ).toMatch(/spindle/i);
    await expert.getByLabel('Name', { exact: true }).fill('Spindle problems');
    await expert.getByRole('button', { name: 'Save this search' }).click();
    await expert.getByTestId('saved-searches').getByText('Spindle problems').waitFor();
    await shot(expert, 'search-problems');
    await expectAccessible(expert);

    // The expert accepts the invitation and logs a visit.
    await visit(expert, '/engagements');
    await expert.getByRole('button', { name: 'Accept' }).click();
    await expert.getByTestId('engagement-status').filter({ hasText: 'Accepted' }).waitFor();
    await expert.getByText('Log a visit').click();
    await expert.getByLabel('Place').fill('Qianyuan, workshop 2');
    await expert
      .getByLabel('Notes')
      .fill('Measured the spindle temperature curve; proposed sensors and a compensation model.');
    await expert.getByRole('button', { name: 'Submit' }).click();
    await expert.getByText('Saved').first().waitFor();
    await expectAccessible(expert);
    await visit(expert, '/engagements/feed');
    await shot(expert, 'expert-feed');

    // The company starts the work, confirms it solved and records the outcome.
    await goto(company, problemUrl);
    await company.getByText('Measured the spindle temperature curve').waitFor();
    await company.getByRole('button', { name: 'Start working' }).click();
    await statusIs(company, 'In progress');
    await company.getByRole('button', { name: 'Confirm solved' }).click();
    // An accessible alert dialog asks first (a plain submit without JavaScript).
    await company.getByRole('alertdialog').waitFor();
    await expectAccessible(company);
    await company
      .getByRole('alertdialog')
      .getByRole('button', { name: 'Confirm', exact: true })
      .click();
    await statusIs(company, 'Solved');
    await company
      .getByLabel('Summary', { exact: true })
      .fill('With the compensation model, bore drift stays below 0.005 mm.');
    await company.getByLabel('Yearly economic benefit (10k CNY)').fill('120');
    await company.getByLabel('Contract amount (10k CNY)').fill('15');
    await company.getByRole('button', { name: 'Record the outcome' }).click();
    await company.getByTestId('outcome-summary').waitFor();
    expect(await company.getByTestId('outcome-summary').textContent()).toContain('0.005 mm');
    await expectAccessible(company);
    const timeline = (await company.getByTestId('timeline').textContent()) ?? '';
    for (const state of ['Draft', 'Open', 'In progress', 'Solved'])
      expect(timeline).toContain(state);
  }, 180_000);

  it('works without JavaScript: sign-up, onboarding and the problem wizard with its inline errors', async () => {
    const page = await (
      await browser.newContext({ locale: 'en-GB', javaScriptEnabled: false })
    ).newPage();
    await page.goto(`${webUrl}/sign-up`);
    await page.getByLabel('Name').fill('Grace Lin');
    await page.getByLabel('Email').fill('grace@nojs-factory.example');
    await page.getByLabel('Password').fill('no script password 1');
    await page.getByRole('button', { name: 'Sign up' }).click();
    await page.waitForURL(`${webUrl}/`);
    await page.goto(`${webUrl}/onboarding`);
    const companyForm = page.locator('form[action="?/company"]');
    await companyForm.getByLabel('Company name').fill('No Script Factory Ltd.');
    await companyForm.getByLabel('Unified social credit code').fill(creditCode(144));
    await companyForm.getByRole('button', { name: 'Submit' }).click();
    await page.waitForURL(`${webUrl}/problems`);
    await page.goto(`${webUrl}/problems/new`);
    await page.getByLabel('Title', { exact: true }).fill('Fix');
    await page.getByRole('button', { name: 'Save as draft' }).click();
    // The server answers with the form, its values kept and its errors next to the fields.
    await page.getByText('At least 4 characters').waitFor();
    expect(await page.getByLabel('Title', { exact: true }).inputValue()).toBe('Fix');
    expect(await page.getByLabel('Title', { exact: true }).getAttribute('aria-invalid')).toBe(
      'true',
    );
    await page.getByLabel('Title', { exact: true }).fill('Weld seams crack under vibration');
    await page
      .getByLabel('Description', { exact: true })
      .fill('Welded frames crack at the seams after a few weeks on vibrating conveyors.');
    await page.getByLabel('Fields', { exact: true }).selectOption(['mech.welding']);
    await page.getByRole('button', { name: 'Save as draft' }).click();
    await page.waitForURL(/\/problems\/prb_/);
    expect(await page.getByTestId('problem-status').textContent()).toBe('Draft');
    // Leave no one waiting in the office's queue for the tests that follow.
    await approveOrganisation(office, 'No Script Factory Ltd.');
  });

  it('fits a phone screen without losing accessibility', async () => {
    const page = await (
      await browser.newContext({ locale: 'zh-CN', viewport: { width: 390, height: 844 } })
    ).newPage();
    await signIn(page, webUrl, {
      email: 'oliver@deqing-precision.example',
      password: 'company password 456',
    });
    for (const path of ['/problems', '/problems/new', '/search/experts?q=CNC', '/company']) {
      await goto(page, `${webUrl}${path}`);
      await expectAccessible(page);
      // Nothing is wider than the screen: no sideways scrolling on a phone.
      expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(
        390,
      );
      if (path === '/problems/new') await shot(page, 'phone-problem-new');
    }
  });

  it('answers an unknown page with a 404 in the user’s language', async () => {
    const page = await (await browser.newContext({ locale: 'en-GB' })).newPage();
    const res = await goto(page, `${webUrl}/no-such-page`);
    expect(res?.status()).toBe(404);
    await page.getByRole('heading', { name: 'Page not found' }).waitFor();
    await expectAccessible(page);
    const zh = await (await browser.newContext({ locale: 'zh-CN' })).newPage();
    await goto(zh, `${webUrl}/no-such-page`);
    await zh.getByRole('heading', { name: '页面不存在' }).waitFor();
  });
});
