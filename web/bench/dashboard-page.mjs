// The office dashboard page in Debian's Chromium against a running `npm start` (demo data):
// signs in as the demo officer, then loads /office/dashboard N times and prints, per load, the
// time until the server-rendered tables are there and until the charts are drawn (SVG paths).
// Run: node web/bench/dashboard-page.mjs [http://localhost:3000] [rounds]
import { chromium } from 'playwright-core';

const base = process.argv[2] ?? 'http://localhost:3000';
const rounds = Number(process.argv[3] ?? 5);
const browser = await chromium.launch({
  executablePath: '/usr/bin/chromium',
  args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking'],
});
try {
  const page = await browser.newPage();
  await page.goto(`${base}/sign-in`);
  await page.fill('input[name="email"]', 'office@demo.jiedui.cn');
  await page.fill('input[name="password"]', 'jiedui-demo-2026');
  await Promise.all([
    page.waitForURL((url) => !url.pathname.startsWith('/sign-in')),
    page.press('input[name="password"]', 'Enter'),
  ]);
  const tables = [];
  const charts = [];
  for (let i = 0; i < rounds; i++) {
    const started = Date.now();
    await page.goto(`${base}/office/dashboard`, { waitUntil: 'domcontentloaded' });
    await page.locator('table').first().waitFor({ state: 'attached' });
    tables.push(Date.now() - started);
    await page.locator('figure svg path').first().waitFor({ state: 'attached' });
    charts.push(Date.now() - started);
  }
  const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
  console.log(`tables shown (ms): ${tables.join(', ')}; median ${median(tables)}`);
  console.log(`charts drawn (ms): ${charts.join(', ')}; median ${median(charts)}`);
} finally {
  await browser.close();
}
