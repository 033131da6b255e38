import AxeBuilder from '@axe-core/playwright';
import { chromium, type Browser, type Page } from 'playwright-core';
import { expect } from 'vitest';

/**
 * Debian's Chromium, headless, with nothing that would reach the network; Playwright gives
 * each launch a fresh temporary profile.
 */
export function launch(): Promise<Browser> {
  return chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
}

/** Fails on any serious or critical accessibility violation on the current page. */
export async function expectAccessible(page: Page) {
  // Judge the page at rest: a toast sliding in or out is half transparent for a moment.
  await page
    .waitForFunction(
      () => document.getAnimations().every((animation) => animation.playState !== 'running'),
      undefined,
      { timeout: 3000 },
    )
    .catch(() => undefined);
  const results = await new AxeBuilder({ page }).analyze();
  const bad = results.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
  expect(
    bad.map((v) => `${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(' ')).join(', ')})`),
  ).toEqual([]);
}

/**
 * Opens a URL and waits until the app has hydrated, so that typing cannot race hydration (a
 * field filled before it would be reset). Client-side navigations after that need no waiting.
 */
export async function goto(page: Page, url: string) {
  const res = await page.goto(url);
  await page.waitForFunction(() => document.documentElement.dataset.hydrated === 'true');
  return res;
}

/** The sign-in page's labels, Chinese by default. */
const signInLabels = { email: '邮箱', password: '密码', submit: '登录' };

/**
 * Signs in through the sign-in page, opened with goto (fields filled before hydration would be
 * reset and the form sent empty), and waits for the home page. When it is not reached, says where
 * the browser stayed and what the page showed, not only that the wait ran out.
 */
export async function signIn(
  page: Page,
  webUrl: string,
  account: { email: string; password: string },
  labels = signInLabels,
) {
  await goto(page, `${webUrl}/sign-in`);
  await page.getByLabel(labels.email).fill(account.email);
  await page.getByLabel(labels.password).fill(account.password);
  await page.getByRole('button', { name: labels.submit }).click();
  await page.waitForURL(`${webUrl}/`).catch(async (error: unknown) => {
    const shown = await page
      .locator('main')
      .innerText()
      .catch(() => '');
    throw new Error(
      `sign-in of ${account.email} stayed at ${page.url()}: ${shown || 'nothing shown'}`,
      { cause: error },
    );
  });
}

/** Reloads and waits for hydration again. */
export async function reload(page: Page) {
  await page.reload();
  await page.waitForFunction(() => document.documentElement.dataset.hydrated === 'true');
}
