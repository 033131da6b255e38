// Shared by `npm start` and `npm test`. Plain Node, no dependencies: it runs before pnpm exists.
import { spawn, spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { SetupError, repoRoot } from '../tools/ferretdb/index.mjs';
import { ensureModels, modelsDir } from '../tools/model/fetch.mjs';

export { SetupError, repoRoot };

const pinnedPnpm = JSON.parse(
  readFileSync(join(repoRoot, 'package.json'), 'utf8'),
).packageManager.split('@')[1];

export function log(message) {
  console.log(`\x1b[36m▶\x1b[0m ${message}`);
}

/** Runs a command in the repository, inheriting the terminal; throws SetupError on failure. */
export function run(command, args, options = {}) {
  const result = spawnSync(command, args, { cwd: repoRoot, stdio: 'inherit', ...options });
  if (result.error) throw new SetupError(`${command} could not run: ${result.error.message}`);
  if (result.status !== 0) {
    throw new SetupError(
      `\`${[command, ...args].join(' ')}\` failed with exit code ${result.status ?? result.signal}.`,
    );
  }
}

/** Installs the pinned pnpm with npm when it is missing or another version (corepack fails here). */
export function ensurePnpm() {
  const probe = spawnSync('pnpm', ['--version'], { encoding: 'utf8' });
  if (probe.status === 0 && probe.stdout.trim() === pinnedPnpm) return;
  log(`installing pnpm ${pinnedPnpm} with npm`);
  run('npm', ['install', '--global', '--no-fund', '--no-audit', `pnpm@${pinnedPnpm}`]);
}

/** Installs the workspace exactly as the lockfile says. */
export function installDependencies() {
  log('installing dependencies (pnpm install --frozen-lockfile)');
  run('pnpm', ['install', '--frozen-lockfile', '--reporter=append-only'], {
    env: { ...process.env, ONNXRUNTIME_NODE_INSTALL: 'skip' },
  });
}

/** Starts a long-running child whose output is prefixed with its name. */
export function startChild(name, command, args, env) {
  const child = spawn(command, args, {
    cwd: repoRoot,
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const prefix = `\x1b[35m[${name}]\x1b[0m `;
  for (const stream of [child.stdout, child.stderr]) {
    let buffered = '';
    stream.setEncoding('utf8');
    stream.on('data', (chunk) => {
      buffered += chunk;
      const lines = buffered.split('\n');
      buffered = lines.pop() ?? '';
      for (const line of lines) process.stdout.write(prefix + line + '\n');
    });
  }
  return child;
}

/** Resolves once url answers 2xx, or rejects after timeoutMs or when the child exits. */
export async function waitForHttp(url, child, timeoutMs = 60_000) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null)
      throw new SetupError(`${url} never came up: its process exited with code ${child.exitCode}.`);
    try {
      const res = await fetch(url);
      if (res.ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new SetupError(`${url} did not answer within ${timeoutMs / 1000} s.`);
}

/** Reads a port from the environment, failing with one line when it is not a port number. */
export function portFromEnv(name, fallback) {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return fallback;
  const port = Number(raw);
  if (!Number.isInteger(port) || port < 1 || port > 65535) {
    throw new SetupError(`${name}=${raw} is not a port number (1–65535).`);
  }
  return port;
}

/** Runs main and prints a SetupError as one line, without a stack trace. */
export function runMain(main) {
  main().catch((error) => {
    if (error instanceof SetupError) {
      console.error(`\x1b[31merror:\x1b[0m ${error.message}`);
      process.exit(1);
    }
    console.error(error);
    process.exit(1);
  });
}

/**
 * Fetches and verifies the embedding model for semantic matching (tools/model/fetch.mjs). Never
 * throws: without the model the platform runs lexical-only, and this says why in one line.
 */
export function ensureEmbeddingModel() {
  const { ready, failed } = ensureModels(undefined, { log });
  for (const { name, reason } of failed) {
    console.warn(`\x1b[33m!\x1b[0m semantic matching off (model ${name}): ${reason}`);
  }
  return { ready: ready.length > 0 && failed.length === 0, dir: modelsDir };
}
