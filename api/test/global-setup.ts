import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort, startFerret, type RunningFerret } from '@jiedui/ferretdb';
import type { TestProject } from 'vitest/node';

declare module 'vitest' {
  export interface ProvidedContext {
    mongoUrl: string;
  }
}

// One real MongoDB-compatible server for the whole run: the local FerretDB on a free port with
// its files in a temporary folder, or the server named by MONGODB_URL.
export default async function setup(project: TestProject) {
  const external = process.env.MONGODB_URL;
  if (external) {
    project.provide('mongoUrl', external);
    return;
  }
  const dataDir = mkdtempSync(join(tmpdir(), 'jiedui-test-ferretdb-'));
  let server: RunningFerret | undefined;
  try {
    server = await startFerret({ port: await freePort(), dataDir });
  } catch (error) {
    rmSync(dataDir, { recursive: true, force: true });
    throw error;
  }
  project.provide('mongoUrl', server.url);
  return async () => {
    await server.stop();
    rmSync(dataDir, { recursive: true, force: true });
  };
}
