import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp, createRepositories } from '../../src/app.js';
import { createLogger } from '../../src/lib/logger.js';
import { createEmbeddedEngine } from '../../src/search/embedded.js';
import { createIndexer, type Indexer } from '../../src/search/indexer.js';
import { createSemantic, type Semantic } from '../../src/semantic/service.js';
import { as, createWorld, openProblem, type World } from '../domain/world.js';
import { actorHeader, createTestContext, type TestContext } from '../helpers.js';
import { model, modelDir, must, skipReason } from './model.js';

// The matcher with semantic matching on: the semantic feature, and the publication that matched by
// meaning among the reasons. Without the model the same routes run lexical-only (test/matching).

let ctx: TestContext;
let engine: ReturnType<typeof createEmbeddedEngine>;
let indexer: Indexer;
let semantic: Semantic;
let world: World;

describe.skipIf(!model)(
  `matching with semantic matching on (${skipReason ?? 'model present'})`,
  () => {
    beforeAll(async () => {
      engine = createEmbeddedEngine();
      ctx = await createTestContext({ search: engine });
      const repos = createRepositories(ctx.store.db);
      semantic = createSemantic({
        db: ctx.store.db,
        repos,
        logger: createLogger('silent'),
        modelDir,
      });
      // The same database, now with the semantic service in the app's deps.
      ctx.app = createApp({
        db: ctx.store.db,
        search: engine,
        semantic,
        logger: createLogger('silent'),
        resolveActor: (request) => {
          const raw = request.headers.get(actorHeader);
          return Promise.resolve(raw ? JSON.parse(decodeURIComponent(raw)) : null);
        },
      });
      indexer = createIndexer({ repos, engine, db: ctx.store.db, logger: createLogger('silent') });
      world = await createWorld(ctx);
      const profiles = [
        [
          {
            title: '五轴数控机床热误差建模与补偿',
            abstract: '主轴热变形导致加工精度下降的补偿方法。',
            year: 2023,
          },
        ],
        [
          { title: '机床导轨润滑系统维护', abstract: '导轨润滑油路的日常维护。', year: 2020 },
          {
            title: '塑料制品凹陷成因与成型压力控制',
            abstract: '分析汽车内饰塑料件表面凹陷的成因，通过控制成型压力与模具温度减少凹陷。',
            year: 2024,
          },
        ],
        [
          {
            title: 'Remote sensing of crop stress',
            abstract: 'Drone imagery and deep learning.',
            year: 2022,
          },
        ],
      ];
      for (const [i, publications] of profiles.entries()) {
        const id = must(world.experts[i]).id;
        const current = await world.office.call('GET', `/experts/${id}`);
        const res = await world.office.call('PATCH', `/experts/${id}`, {
          rev: current.body.rev,
          publications,
        });
        expect(res.status).toBe(200);
      }
    }, 60_000);

    afterAll(async () => {
      await indexer.stop();
      await semantic.stop();
      await engine.close();
      await ctx.close();
    });

    it('scores by meaning and names the paper that matched', async () => {
      const problem = await openProblem(world);
      await indexer.runOnce();
      await semantic.load();
      await semantic.runOnce();
      const res = await as(ctx, world.owner).call('GET', `/problems/${problem.id}/matches`);
      expect(res.status).toBe(200);
      const [top, ...rest] = res.body.items;
      expect(top.expert.id).toBe(must(world.experts[1]).id);
      expect(top.features.semantic).toBeGreaterThan(0.5);
      for (const other of rest)
        expect(top.features.semantic).toBeGreaterThan(other.features.semantic);
      expect(top.reasons.semanticMatch).toMatchObject({
        kind: 'publication',
        title: '塑料制品凹陷成因与成型压力控制',
        year: 2024,
      });

      const feed = await as(ctx, must(world.experts[1]).actor).call(
        'GET',
        `/experts/${must(world.experts[1]).id}/matches`,
      );
      expect(feed.status).toBe(200);
      const item = feed.body.items.find(
        (i: { problem: { id: string } }) => i.problem.id === problem.id,
      );
      expect(item?.features.semantic).toBeGreaterThan(0.5);
      expect(item?.reasons.semanticMatch?.title).toBe('塑料制品凹陷成因与成型压力控制');
    });
  },
);
