import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp, createRepositories } from '../../src/app.js';
import { createLogger } from '../../src/lib/logger.js';
import { createEmbeddedEngine } from '../../src/search/embedded.js';
import { createSemantic, type Semantic } from '../../src/semantic/service.js';
import { createTestContext, type TestContext } from '../helpers.js';
import { model, modelDir, skipReason } from './model.js';

let ctx: TestContext;
const engine = createEmbeddedEngine();

beforeAll(async () => {
  ctx = await createTestContext({ search: engine });
});
afterAll(async () => {
  await engine.close();
  await ctx.close();
});

function appWith(semantic: Semantic | undefined) {
  return createApp({
    db: ctx.store.db,
    search: engine,
    logger: createLogger('silent'),
    ...(semantic ? { semantic } : {}),
  });
}

async function ready(semantic: Semantic | undefined) {
  const res = await appWith(semantic).request('/ready');
  return { status: res.status, body: (await res.json()) as Record<string, unknown> };
}

describe('/ready and semantic matching', () => {
  it('stays ready and says lexical-only when the model is missing', async () => {
    const off = createSemantic({
      db: ctx.store.db,
      repos: createRepositories(ctx.store.db),
      logger: createLogger('silent'),
      modelDir: '/nonexistent',
    });
    const res = await ready(off);
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({
      status: 'ready',
      semantic: { status: 'off', reason: expect.stringContaining('bge-small-zh-v1.5-q') },
    });
  });

  it('says off when no semantic service is configured', async () => {
    const res = await ready(undefined);
    expect(res.body).toMatchObject({ status: 'ready', semantic: { status: 'off' } });
  });

  it.skipIf(!model)(
    `names the model when it is on (${skipReason ?? 'model present'})`,
    async () => {
      const on = createSemantic({
        db: ctx.store.db,
        repos: createRepositories(ctx.store.db),
        logger: createLogger('silent'),
        modelDir,
      });
      try {
        await on.load();
        const res = await ready(on);
        expect(res.body).toMatchObject({
          status: 'ready',
          semantic: { status: 'on', model: 'bge-small-zh-v1.5-q', experts: 0, problems: 0 },
        });
      } finally {
        await on.stop();
      }
    },
  );
});
