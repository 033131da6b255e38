#!/usr/bin/env node
// `node tools/ferretdb/cli.mjs build` builds the server; `… run` runs it in the foreground.
import { join } from 'node:path';
import { SetupError, ensureFerretBinary, repoRoot, startFerret } from './index.mjs';

const command = process.argv[2] ?? 'run';
try {
  if (command === 'build') {
    console.log(ensureFerretBinary());
  } else if (command === 'run') {
    const port = Number(process.env.FERRETDB_PORT ?? 27017);
    const server = await startFerret({ port, dataDir: join(repoRoot, '.data', 'ferretdb') });
    console.log(`ferretdb: ${server.url}`);
    const stop = () => void server.stop().then(() => process.exit(0));
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
  } else {
    console.error('usage: cli.mjs build|run');
    process.exit(2);
  }
} catch (error) {
  if (error instanceof SetupError) {
    console.error(`error: ${error.message}`);
    process.exit(1);
  }
  throw error;
}
