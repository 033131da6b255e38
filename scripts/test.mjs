// `npm test`: installs what it needs, runs the quality gates, then every test suite.
import { existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import { join, relative } from 'node:path';
import { ensureFerretBinary } from '../tools/ferretdb/index.mjs';
import {
  SetupError,
  ensureEmbeddingModel,
  ensurePnpm,
  installDependencies,
  log,
  repoRoot,
  run,
  runMain,
} from './lib.mjs';

const suites = [
  { name: 'api', filter: '@jiedui/api', args: [] },
  { name: 'web', filter: '@jiedui/web', args: [] },
  { name: 'search-config', filter: '@jiedui/search-config', args: [] },
  // End-to-end: the built platform in Debian's Chromium.
  { name: 'e2e', filter: '@jiedui/web', args: ['--config', 'e2e/vitest.config.ts'], e2e: true },
];

/**
 * Debian's Chromium for the browser tests (never a browser download by a test tool), and Noto
 * CJK so that Chinese renders in the screenshots instead of empty boxes.
 */
function ensureChromium() {
  const hasChromium = existsSync(process.env.CHROMIUM_PATH ?? '/usr/bin/chromium');
  const hasCjkFont = existsSync('/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc');
  if (hasChromium && hasCjkFont) return;
  log('installing Debian chromium and fonts-noto-cjk for the end-to-end tests (apt-get)');
  const aptGet = (args, options) =>
    process.getuid?.() === 0
      ? run('apt-get', args, options)
      : run('sudo', ['apt-get', ...args], options);
  aptGet(['update', '-qq']);
  aptGet(['install', '-y', '-qq', 'chromium', 'fonts-noto-cjk'], {
    env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' },
  });
}

runMain(async () => {
  const started = Date.now();
  ensurePnpm();
  installDependencies();
  log('building the local database server if needed');
  ensureFerretBinary();
  log('fetching the embedding model for the semantic tests (Maven, pinned sha256)');
  ensureEmbeddingModel();

  log('quality gates: prettier, eslint, tsc, svelte-check (pnpm check)');
  run('pnpm', ['run', 'check']);

  const reports = join(repoRoot, '.cache', 'test-reports');
  rmSync(reports, { recursive: true, force: true });
  mkdirSync(reports, { recursive: true });

  const totals = { passed: 0, failed: 0, skipped: 0 };
  const failedTests = [];
  let failure;
  for (const suite of suites) {
    if (suite.e2e) {
      ensureChromium();
      log('building the API and the web app for the end-to-end tests');
      run('pnpm', ['--filter', '@jiedui/api', '--filter', '@jiedui/web', 'run', 'build']);
    }
    log(`tests: ${suite.name}`);
    const report = join(reports, `${suite.name}.json`);
    try {
      run('pnpm', [
        '--filter',
        suite.filter,
        'exec',
        'vitest',
        'run',
        ...suite.args,
        '--reporter=default',
        '--reporter=json',
        `--outputFile.json=${report}`,
      ]);
    } catch (error) {
      failure ??= error;
    }
    try {
      const result = JSON.parse(readFileSync(report, 'utf8'));
      totals.passed += result.numPassedTests;
      totals.failed += result.numFailedTests;
      totals.skipped += result.numPendingTests + result.numTodoTests;
      failedTests.push(...failuresOf(suite.name, result));
    } catch {
      failure ??= new SetupError(`the ${suite.name} suite wrote no report`);
    }
  }

  console.log(`\nall suites in ${Math.round((Date.now() - started) / 1000)} s`);
  console.log(`${totals.passed} passed, ${totals.failed} failed, ${totals.skipped} skipped`);
  // Repeated at the very end so that a log cut to its last lines still names what failed.
  for (const line of failedTests) console.log(line);
  if (failure || totals.failed > 0) throw failure ?? new SetupError('some tests failed');
  if (totals.passed === 0) throw new SetupError('no test ran');
});

/** One line per failed test (or file that failed to run), with the first lines of its error. */
function failuresOf(suiteName, result) {
  const lines = [];
  for (const file of result.testResults ?? []) {
    const where = relative(repoRoot, file.name);
    const failed = (file.assertionResults ?? []).filter((test) => test.status === 'failed');
    if (failed.length === 0 && file.status === 'failed') {
      lines.push(`✗ ${suiteName} ${where}: ${firstLines(file.message)}`);
    }
    for (const test of failed) {
      lines.push(
        `✗ ${suiteName} ${where} › ${test.fullName}: ${firstLines(test.failureMessages?.[0])}`,
      );
    }
  }
  return lines;
}

function firstLines(text = '') {
  return text.split('\n').slice(0, 4).join(' ⏎ ').slice(0, 600);
}
