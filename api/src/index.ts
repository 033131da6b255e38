import { serve } from '@hono/node-server';
import { createApp, createRepositories, ensureIndexes } from './app.js';
import { resolve } from 'node:path';
import { EnvError, developmentAuthSecret, loadEnv } from './env.js';
import { createAuth } from './features/auth/auth.js';
import { createLockout } from './features/auth/lockout.js';
import { createFileMailer } from './lib/mailer.js';
import { createLogger } from './lib/logger.js';
import { connectStore } from './lib/mongo.js';
import { createSearchEngine } from './search/index.js';
import { createIndexer } from './search/indexer.js';

function die(message: string): never {
  process.stderr.write(`jiedui-api: ${message}\n`);
  process.exit(1);
}

async function main() {
  let env;
  try {
    env = loadEnv();
  } catch (error) {
    if (error instanceof EnvError) die(error.message);
    throw error;
  }
  const logger = createLogger(env.LOG_LEVEL);

  let store;
  try {
    store = await connectStore(env.MONGODB_URL, env.MONGODB_DB);
  } catch (error) {
    die(
      `cannot reach the database at ${env.MONGODB_URL} (${error instanceof Error ? error.message : String(error)}); start it or fix MONGODB_URL.`,
    );
  }
  const repos = createRepositories(store.db);
  await ensureIndexes(repos);

  const search = createSearchEngine(env);
  const apiURL = env.PUBLIC_API_URL ?? `http://localhost:${env.API_PORT}`;
  const mailer = createFileMailer(resolve(env.MAIL_DIR));
  const lockout = createLockout(store.db);
  const auth = createAuth({
    db: store.db,
    secret: env.AUTH_SECRET ?? developmentAuthSecret,
    baseURL: apiURL,
    webURL: env.PUBLIC_WEB_URL,
    // Secure cookies whenever the web app is served over HTTPS.
    production: env.PUBLIC_WEB_URL.startsWith('https:'),
    mailer,
    lockout,
  });
  const app = createApp({
    db: store.db,
    search,
    logger,
    bodyLimit: env.BODY_LIMIT,
    auth: { auth, lockout },
    mailer,
    webURL: env.PUBLIC_WEB_URL,
    trustedOrigins: [env.PUBLIC_WEB_URL, apiURL],
  });

  const indexer = createIndexer({ repos, engine: search, db: store.db, logger });
  indexer.start();

  const server = serve({ fetch: app.fetch, port: env.API_PORT, hostname: env.API_HOST }, (info) => {
    logger.info({ port: info.port, host: env.API_HOST, search: search.kind }, 'api listening');
  });
  server.once('error', (error: NodeJS.ErrnoException) => {
    if (error.code === 'EADDRINUSE') {
      die(`port ${env.API_PORT} is already in use; stop what listens there or set API_PORT.`);
    }
    die(`cannot listen on ${env.API_HOST}:${env.API_PORT}: ${error.message}`);
  });

  let stopping = false;
  const shutdown = (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, 'shutting down');
    const force = setTimeout(() => process.exit(1), 10_000);
    force.unref();
    server.close(() => {
      void indexer
        .stop()
        .then(() => Promise.all([search.close(), store.close()]))
        .then(() => {
          logger.info('stopped');
          process.exit(0);
        });
    });
  };
  process.once('SIGTERM', () => {
    shutdown('SIGTERM');
  });
  process.once('SIGINT', () => {
    shutdown('SIGINT');
  });
}

main().catch((error: unknown) => {
  process.stderr.write(
    `jiedui-api: failed to start: ${error instanceof Error ? error.message : String(error)}\n`,
  );
  process.exit(1);
});
