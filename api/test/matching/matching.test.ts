import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createRepositories } from '../../src/app.js';
import { createLogger } from '../../src/lib/logger.js';
import { createCorpus } from '../../src/matching/corpus.js';
import { matchExperts } from '../../src/matching/matcher.js';
import { createEmbeddedEngine, type EmbeddedEngine } from '../../src/search/embedded.js';
import { createIndexer, type Indexer } from '../../src/search/indexer.js';
import type { SearchEngine } from '../../src/search/index.js';
import { as, createWorld, openProblem, type World } from '../domain/world.js';
import { createTestContext, type TestContext } from '../helpers.js';
import { settled } from './settle.js';

let ctx: TestContext;
let engine: EmbeddedEngine;
let indexer: Indexer;
let world: World;

async function setProfile(i: number, patch: Record<string, unknown>) {
  const expert = world.experts[i];
  if (!expert) throw new Error('no expert');
  const current = await world.office.call('GET', `/experts/${expert.id}`);
  const res = await world.office.call('PATCH', `/experts/${expert.id}`, {
    rev: current.body.rev,
    ...patch,
  });
  expect(res.status).toBe(200);
}

beforeAll(async () => {
  engine = createEmbeddedEngine();
  ctx = await createTestContext({ search: engine });
  indexer = createIndexer({
    repos: createRepositories(ctx.store.db),
    engine,
    db: ctx.store.db,
    logger: createLogger('silent'),
  });
  // As in the API process: writes announced in-process are pushed at once.
  indexer.start();
  world = await createWorld(ctx);
  await setProfile(0, {
    publications: [
      {
        title: '五轴数控机床热误差建模与补偿',
        abstract: '针对数控机床主轴热变形导致的加工精度下降，提出热误差建模与实时补偿方法。',
        year: 2023,
      },
    ],
  });
  await setProfile(1, {
    keywords: ['注塑', '缩痕', '模流分析'],
    publications: [
      {
        title: '注塑件缩痕形成机理与保压工艺优化',
        abstract:
          '研究汽车内饰注塑件保压阶段缩痕的成因，基于模流分析优化保压时间与模温，显著提高良品率。',
        year: 2024,
      },
    ],
  });
  await setProfile(2, {
    publications: [
      {
        title: 'Remote sensing of crop stress with UAV multispectral imagery',
        abstract: 'We map crop water stress from drone imagery with deep learning.',
        year: 2022,
      },
    ],
  });
  // The running indexer pushes the profiles in the background: wait for them.
  await settled(
    engine,
    createRepositories(ctx.store.db),
    world.experts.map((e) => e.id),
  );
}, 60_000);

afterAll(async () => {
  await indexer.stop();
  await engine.close();
  await ctx.close();
});

describe('matching', () => {
  it('ranks the injection-moulding expert first for a shrinkage problem and says why', async () => {
    const problem = await openProblem(world);
    await indexer.runOnce();
    const res = await world.ownerApi.call('GET', `/problems/${problem.id}/matches`);
    expect(res.status).toBe(200);
    const [top] = res.body.items;
    expect(top.expert.id).toBe(world.experts[1]?.id);
    expect(top.reasons.matchedFields).toContain('mat.polymer');
    expect(top.reasons.matchedTerms).toContain('注塑');
    expect(top.reasons.publications[0].title).toBe('注塑件缩痕形成机理与保压工艺优化');
    expect(top.reasons.remainingCapacity).toBe(3);
    expect(top.score).toBeGreaterThan(0);
  });

  it('scores alike when the engine keeps no terms and the matcher segments the hits itself', async () => {
    const problem = await openProblem(world);
    await indexer.runOnce();
    const repos = createRepositories(ctx.store.db);
    // The worker counts the new problem's terms in the background: both paths must see the
    // same document frequencies, so wait until it has.
    await settled(
      engine,
      repos,
      world.experts.map((e) => e.id),
    );
    const doc = await repos.problems.get(problem.id);
    if (!doc) throw new Error('no problem');
    const inWorker = await matchExperts({ repos, engine, corpus: createCorpus(repos) }, doc, 5);
    // As with Meilisearch: no textScorer, so the text evidence is computed from the hits here.
    const bare: SearchEngine = { ...engine, kind: engine.kind, textScorer: undefined };
    const local = await matchExperts({ repos, engine: bare, corpus: createCorpus(repos) }, doc, 5);
    expect(local.map((m) => m.expert._id)).toEqual(inWorker.map((m) => m.expert._id));
    expect(local[0]?.reasons.publications).toEqual(inWorker[0]?.reasons.publications);
    expect(local[0]?.reasons.matchedTerms).toEqual(inWorker[0]?.reasons.matchedTerms);
    expect(local[0]?.expert._id).toBe(world.experts[1]?.id);
  });

  it('lets only the company and the office ask for experts for a problem', async () => {
    const problem = await openProblem(world, { confidentiality: 'public' });
    await indexer.runOnce();
    const path = `/problems/${problem.id}/matches`;
    expect((await world.office.call('GET', path)).status).toBe(200);
    expect((await world.otherOwnerApi.call('GET', path)).status).toBe(403);
    expect((await world.experts[0]?.api.call('GET', path))?.status).toBe(403);
    expect((await as(ctx, null).call('GET', path)).status).toBe(401);
  });

  it('never suggests a pair again once the expert declined it', async () => {
    const problem = await openProblem(world);
    await indexer.runOnce();
    const expert = world.experts[1];
    if (!expert) throw new Error('no expert');
    const invited = await world.ownerApi.call('POST', `/problems/${problem.id}/engagements`, {
      expertId: expert.id,
    });
    expect(invited.status).toBe(201);
    const declined = await expert.api.call('POST', `/engagements/${invited.body.id}/decline`, {
      rev: invited.body.rev,
      reasonCode: 'no_capacity',
    });
    expect(declined.status).toBe(200);
    // The decline reaches the expert's indexed document through the running indexer, within
    // the write→searchable lag: the matcher reads declines from there, not from a store scan.
    const suggested = async () => {
      const res = await world.ownerApi.call('GET', `/problems/${problem.id}/matches`);
      expect(res.status).toBe(200);
      return res.body.items.map((i: { expert: { id: string } }) => i.expert.id) as string[];
    };
    const until = Date.now() + 5_000;
    while ((await suggested()).includes(expert.id) && Date.now() < until) {
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    expect(await suggested()).not.toContain(expert.id);
    // Recorded in the store as a rev gap, so a later scan or a rebuild keeps it out too.
    await indexer.runOnce();
    expect(await suggested()).not.toContain(expert.id);
    const feed = await expert.api.call('GET', `/experts/${expert.id}/matches`);
    expect(feed.body.items.map((i: { problem: { id: string } }) => i.problem.id)).not.toContain(
      problem.id,
    );
  });

  it('leaves out experts who are unavailable', async () => {
    await setProfile(1, { available: false });
    const problem = await openProblem(world);
    await indexer.runOnce();
    const res = await world.ownerApi.call('GET', `/problems/${problem.id}/matches`);
    expect(res.body.items.map((i: { expert: { id: string } }) => i.expert.id)).not.toContain(
      world.experts[1]?.id,
    );
    await setProfile(1, { available: true });
  });

  it('ranks problems for an expert from what the expert may read, and hides private ones', async () => {
    const secret = '独家配方聚碳酸酯阻燃';
    const summaryOnly = await openProblem(world, {
      title: '注塑件缩痕与保压工艺改进',
      description: `涉及${secret}体系，注塑缩痕严重。`,
      confidentiality: 'summary',
    });
    const hidden = await openProblem(world, {
      title: '注塑模具保压缩痕机密项目',
      confidentiality: 'private',
    });
    await indexer.runOnce();
    const expert = world.experts[1];
    if (!expert) throw new Error('no expert');
    const res = await expert.api.call('GET', `/experts/${expert.id}/matches`);
    expect(res.status).toBe(200);
    const ids = res.body.items.map((i: { problem: { id: string } }) => i.problem.id);
    expect(ids).toContain(summaryOnly.id);
    expect(ids).not.toContain(hidden.id);
    expect(JSON.stringify(res.body)).not.toContain('独家配方');
    const asked = await expert.api.call(
      'GET',
      `/experts/${expert.id}/matches?problemIds=${hidden.id},${summaryOnly.id}`,
    );
    expect(asked.body.items.map((i: { problem: { id: string } }) => i.problem.id)).toEqual([
      summaryOnly.id,
    ]);
    expect(asked.body.items[0].problem.visibility).toBe('summary');
    expect((await world.experts[0]?.api.call('GET', `/experts/${expert.id}/matches`))?.status).toBe(
      403,
    );
  });
});
