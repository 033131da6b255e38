// `pnpm --filter @jiedui/api run reindex`: rebuilds the search indexes from MongoDB, swaps them
// in, then pushes what changed meanwhile. With Meilisearch this rebuilds the shared indexes; the
// embedded engine lives inside each API process, which rebuilds its own index when it starts
// empty, so here the run only proves the store can be indexed and shows how long it takes.
import { createRepositories, ensureIndexes } from '../app.js';
import { EnvError, loadEnv } from '../env.js';
import { createLogger } from '../lib/logger.js';
import { connectStore } from '../lib/mongo.js';
import { createSearchEngine } from './index.js';
import { createIndexer, type ReindexProgress } from './indexer.js';

function bar(progress: ReindexProgress): string {
  const width = 30;
  const share = progress.total > 0 ? Math.min(1, progress.indexed / progress.total) : 1;
  const filled = Math.round(share * width);
  return `${progress.index.padEnd(8)} [${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${progress.indexed}/${progress.total}`;
}

async function main() {
  const env = loadEnv();
  const store = await connectStore(env.MONGODB_URL, env.MONGODB_DB);
  const engine = createSearchEngine(env);
  try {
    const repos = createRepositories(store.db);
    await ensureIndexes(repos);
    const indexer = createIndexer({
      repos,
      engine,
      db: store.db,
      logger: createLogger(env.LOG_LEVEL === 'info' ? 'warn' : env.LOG_LEVEL),
    });
    const started = performance.now();
    let last = '';
    const result = await indexer.reindex((progress) => {
      if (last && last !== progress.index) process.stdout.write('\n');
      last = progress.index;
      process.stdout.write(`\r${bar(progress)}`);
    });
    process.stdout.write(
      `\nreindexed on ${engine.kind} in ${((performance.now() - started) / 1000).toFixed(1)} s; ` +
        `then pushed ${result.pushed} and removed ${result.removed} changed meanwhile\n`,
    );
    if (engine.kind === 'embedded') {
      process.stdout.write(
        'note: the embedded index lives in each API process; a running API keeps its own.\n',
      );
    }
  } finally {
    await engine.close();
    await store.close();
  }
}

main().catch((error: unknown) => {
  const message = error instanceof Error ? error.message : String(error);
  process.stderr.write(`reindex: ${error instanceof EnvError ? message : `failed: ${message}`}\n`);
  process.exit(1);
});
