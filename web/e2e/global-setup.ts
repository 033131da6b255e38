import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { freePort, repoRoot, startFerret } from '@jiedui/ferretdb';
import type { TestProject } from 'vitest/node';

declare module 'vitest' {
  export interface ProvidedContext {
    webUrl: string;
    apiUrl: string;
    mongoUrl: string;
    mailDir: string;
    /** Write an offset (`+6d`) or an instant here to move the API's clock; empty it after. */
    clockFile: string;
  }
}

async function waitFor(url: string, child: ChildProcess, name: string) {
  const deadline = Date.now() + 60_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`${name} exited with ${child.exitCode}`);
    try {
      if ((await fetch(url)).ok) return;
    } catch {
      // not up yet
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`${name} did not answer at ${url}`);
}

export default async function setup(project: TestProject) {
  const dir = mkdtempSync(join(tmpdir(), 'jiedui-e2e-'));
  const ferret = await startFerret({ port: await freePort(), dataDir: join(dir, 'db') });
  const [apiPort, webPort] = [await freePort(), await freePort()];
  const apiUrl = `http://localhost:${apiPort}`;
  const webUrl = `http://localhost:${webPort}`;
  const mailDir = join(dir, 'mail');
  const clockFile = join(dir, 'clock');
  const output = (name: string) => (chunk: Buffer) => {
    if (process.env.E2E_VERBOSE) process.stderr.write(`[${name}] ${chunk.toString()}`);
  };

  const api = spawn(process.execPath, [resolve(repoRoot, 'api/dist/index.js')], {
    env: {
      ...process.env,
      NODE_ENV: 'production',
      MONGODB_URL: ferret.url,
      MONGODB_DB: 'e2e',
      API_PORT: String(apiPort),
      AUTH_SECRET: 'e2e-secret-e2e-secret-e2e-secret-e2e',
      PUBLIC_WEB_URL: webUrl,
      PUBLIC_API_URL: apiUrl,
      MAIL_DIR: mailDir,
      JIEDUI_CLOCK_FILE: clockFile,
      AUTH_RATE_LIMIT: 'off',
      // Lexical matching in the browser tests, on purpose: the embedding model would embed every
      // record in the background on the same two cores as Chromium. The API tests cover it.
      SEMANTIC: 'off',
      LOG_LEVEL: 'warn',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  api.stdout.on('data', output('api'));
  api.stderr.on('data', output('api'));
  await waitFor(`${apiUrl}/health`, api, 'api');

  const web = spawn(process.execPath, [resolve(repoRoot, 'web/build/index.js')], {
    env: {
      ...process.env,
      PORT: String(webPort),
      HOST: '127.0.0.1',
      ORIGIN: webUrl,
      API_URL: `http://127.0.0.1:${apiPort}`,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  web.stdout.on('data', output('web'));
  web.stderr.on('data', output('web'));
  await waitFor(`${webUrl}/`, web, 'web');

  project.provide('webUrl', webUrl);
  project.provide('apiUrl', apiUrl);
  project.provide('mongoUrl', ferret.url);
  project.provide('mailDir', mailDir);
  project.provide('clockFile', clockFile);

  return async () => {
    for (const child of [web, api]) child.kill('SIGTERM');
    await ferret.stop();
    rmSync(dir, { recursive: true, force: true });
  };
}
