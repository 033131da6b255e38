import { serve } from '@hono/node-server';
import { createApp, createRepositories, ensureIndexes } from './app.js';
import { resolve } from 'node:path';
import { EnvError, developmentAuthSecret, loadEnv } from './env.js';
import { createAuth } from './features/auth/auth.js';
import { createLockout } from './features/auth/lockout.js';
import { createFileClock } from './lib/clock-file.js';
import { createFileMailer, createSmtpMailer } from './lib/mailer.js';
import { statsFactsOf } from './features/stats/facts-cache.js';
import { notifierOf } from './features/notifications/service.js';
import { createLogger } from './lib/logger.js';
import { connectStore } from './lib/mongo.js';
import { createSearchEngine } from './search/index.js';
import { semanticVectorSource } from './search/vectors.js';
import { createIndexer } from './search/indexer.js';
import { createSemantic, disabledSemantic } from './semantic/service.js';

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

  const apiURL = env.PUBLIC_API_URL ?? `http://localhost:${env.API_PORT}`;
  const mailer = env.SMTP_URL
    ? createSmtpMailer(env.SMTP_URL, env.MAIL_FROM)
    : createFileMailer(resolve(env.MAIL_DIR));
  const clock = env.JIEDUI_CLOCK_FILE ? createFileClock(resolve(env.JIEDUI_CLOCK_FILE)) : undefined;
  if (clock) logger.warn({ file: env.JIEDUI_CLOCK_FILE }, 'clock moved by a file (tests only)');
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
    rateLimit: env.AUTH_RATE_LIMIT === 'on',
  });
  // Semantic matching needs the embedding model that `npm start` fetches; without it the API
  // runs lexical-only and /ready says why.
  const semantic =
    env.SEMANTIC === 'off'
      ? disabledSemantic('turned off (SEMANTIC=off)')
      : createSemantic({
          db: store.db,
          repos,
          logger,
          modelDir: resolve(env.MODEL_DIR),
          modelName: env.MODEL_NAME,
        });
  if (!semantic.enabled) {
    logger.warn({ reason: semantic.status().reason }, 'semantic matching off: lexical-only');
  }
  const search = createSearchEngine(env, { vectors: semanticVectorSource(semantic) });
  const app = createApp({
    db: store.db,
    search,
    semantic,
    logger,
    bodyLimit: env.BODY_LIMIT,
    importBodyLimit: env.IMPORT_BODY_LIMIT,
    auth: { auth, lockout },
    mailer,
    ...(clock ? { clock } : {}),
    webURL: env.PUBLIC_WEB_URL,
    trustedOrigins: [env.PUBLIC_WEB_URL, apiURL],
  });

  // Notifications of events a crash left unannounced; in the background, never blocking start.
  notifierOf(store.db)
    ?.catchUp((clock ?? (() => new Date()))())
    .then((count) => {
      if (count > 0) logger.info({ count }, 'notifications caught up');
    })
    .catch((error: unknown) => {
      logger.warn({ err: error }, 'notification catch-up failed');
    });

  const indexer = createIndexer({ repos, engine: search, db: store.db, logger });
  indexer.start();
  // Meilisearch keeps the vectors inside its documents: a record whose vectors were computed
  // after it was pushed is pushed again, now with them (the adapter reads them at push time).
  if (search.hybrid) {
    semantic.onEmbedded((index, ids) => {
      void indexer.notify(index, ids);
    });
  }
  // The dashboard's facts, read once now so that the office's first view is not the slow one.
  statsFactsOf(store.db, repos)
    .read()
    .catch((error: unknown) => {
      logger.warn({ err: error }, 'statistics warm-up failed');
    });
  semantic.start().catch((error: unknown) => {
    logger.error({ err: error }, 'semantic matching failed to start; lexical-only');
  });

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
      void Promise.all([indexer.stop(), semantic.stop()])
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
