// `npm start`: the whole platform on the local default — FerretDB, the API and the web app.
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { isListening, startFerret } from '../tools/ferretdb/index.mjs';
import {
  SetupError,
  ensureEmbeddingModel,
  ensurePnpm,
  installDependencies,
  log,
  portFromEnv,
  repoRoot,
  run,
  runMain,
  startChild,
  waitForHttp,
} from './lib.mjs';

/** A random session-signing secret kept in .data/, so local sessions survive restarts. */
function localAuthSecret() {
  const file = join(repoRoot, '.data', 'auth-secret');
  if (!existsSync(file)) {
    mkdirSync(dirname(file), { recursive: true });
    writeFileSync(file, randomBytes(32).toString('base64url'), { mode: 0o600 });
  }
  return readFileSync(file, 'utf8').trim();
}

runMain(async () => {
  const started = Date.now();
  const apiPort = portFromEnv('API_PORT', 8787);
  const webPort = portFromEnv('WEB_PORT', 3000);
  const ferretPort = portFromEnv('FERRETDB_PORT', 27017);

  const ports = [
    ['API_PORT', apiPort],
    ['WEB_PORT', webPort],
  ];
  if (!process.env.MONGODB_URL) ports.push(['FERRETDB_PORT', ferretPort]);
  for (const [name, port] of ports) {
    if (await isListening(port)) {
      throw new SetupError(
        `port ${port} is already in use; stop what listens there or set ${name} to a free port.`,
      );
    }
  }

  ensurePnpm();
  installDependencies();
  log('fetching the embedding model for semantic matching (Maven, pinned sha256)');
  const model = ensureEmbeddingModel();
  log('building the API and the web app');
  run('pnpm', ['--filter', '@jiedui/api', '--filter', '@jiedui/web', 'run', 'build']);

  const stops = [];
  let stopping = false;
  const stopAll = async () => {
    stopping = true;
    for (const stop of stops.reverse()) await stop();
  };

  let mongoUrl = process.env.MONGODB_URL;
  if (mongoUrl) {
    log(`using the MongoDB at MONGODB_URL`);
  } else {
    log(
      `starting the local database (FerretDB on SQLite, port ${ferretPort}, data in .data/ferretdb)`,
    );
    const ferret = await startFerret({
      port: ferretPort,
      dataDir: join(repoRoot, '.data', 'ferretdb'),
    });
    stops.push(() => ferret.stop());
    mongoUrl = ferret.url;
  }

  // Demo data: on the local default, and elsewhere only when asked (SEED_DEMO=1). The seed
  // itself loads only into an empty database, so later starts keep whatever is there.
  const explicitSeed = process.env.SEED_DEMO === '1';
  if (!process.env.MONGODB_URL || explicitSeed) {
    log('loading the demo data set into the database if it is empty');
    try {
      run(
        'pnpm',
        [
          '--silent',
          '--filter',
          '@jiedui/api',
          'run',
          'seed',
          '--',
          '--if-empty',
          ...(explicitSeed ? ['--allow-production'] : []),
        ],
        {
          env: {
            ...process.env,
            MONGODB_URL: mongoUrl,
            // The same secret and URLs as the API, for the demo accounts.
            AUTH_SECRET: process.env.AUTH_SECRET ?? localAuthSecret(),
            PUBLIC_API_URL: process.env.PUBLIC_API_URL ?? `http://localhost:${apiPort}`,
            PUBLIC_WEB_URL: process.env.PUBLIC_WEB_URL ?? `http://localhost:${webPort}`,
            // The local database is never a production one, whatever the API runs as.
            NODE_ENV: process.env.MONGODB_URL
              ? (process.env.NODE_ENV ?? 'production')
              : 'development',
          },
        },
      );
    } catch (error) {
      await stopAll();
      throw error;
    }
  }

  const stopChild = (child) => () =>
    new Promise((done) => {
      if (child.exitCode !== null) return done();
      child.once('exit', () => done());
      child.kill('SIGTERM');
    });

  try {
    const api = startChild('api', process.execPath, ['api/dist/index.js'], {
      MONGODB_URL: mongoUrl,
      API_PORT: String(apiPort),
      MODEL_DIR: process.env.MODEL_DIR ?? model.dir,
      AUTH_SECRET: process.env.AUTH_SECRET ?? localAuthSecret(),
      PUBLIC_API_URL: process.env.PUBLIC_API_URL ?? `http://localhost:${apiPort}`,
      PUBLIC_WEB_URL: process.env.PUBLIC_WEB_URL ?? `http://localhost:${webPort}`,
      NODE_ENV: process.env.NODE_ENV ?? 'production',
    });
    stops.push(stopChild(api));
    await waitForHttp(`http://127.0.0.1:${apiPort}/health`, api);

    const web = startChild('web', process.execPath, ['web/build/index.js'], {
      PORT: String(webPort),
      HOST: process.env.WEB_HOST ?? '127.0.0.1',
      // adapter-node assumes https without ORIGIN, which would refuse every form post on http.
      ORIGIN: process.env.PUBLIC_WEB_URL ?? `http://localhost:${webPort}`,
      API_URL: `http://127.0.0.1:${apiPort}`,
    });
    stops.push(stopChild(web));
    await waitForHttp(`http://127.0.0.1:${webPort}/`, web);

    for (const child of [api, web]) {
      child.once('exit', (code) => {
        if (stopping) return;
        console.error(`a process exited unexpectedly (code ${code}); stopping.`);
        void stopAll().then(() => process.exit(1));
      });
    }
  } catch (error) {
    await stopAll();
    throw error;
  }

  console.log(`
  结对 Jiedui is running (ready in ${Math.round((Date.now() - started) / 1000)} s)
    web   http://localhost:${webPort}/
    api   http://localhost:${apiPort}/   (readiness: /ready, OpenAPI: /openapi.json)
  Press Ctrl+C to stop.
`);

  const onSignal = () => {
    if (stopping) return;
    log('stopping');
    void stopAll().then(() => process.exit(0));
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
});
