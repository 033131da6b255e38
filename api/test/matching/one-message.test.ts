import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createRepositories } from '../../src/app.js';
import { createLogger } from '../../src/lib/logger.js';
import { createCorpus } from '../../src/matching/corpus.js';
import { matchExperts, matchProblems } from '../../src/matching/matcher.js';
import { cachedProblem } from '../../src/matching/records.js';
import { createEmbeddedEngine, type EmbeddedEngine } from '../../src/search/embedded.js';
import { createIndexer, type Indexer } from '../../src/search/indexer.js';
import type { SearchEngine } from '../../src/search/index.js';
import { createWorld, openProblem, type World } from '../domain/world.js';
import { createTestContext, type TestContext } from '../helpers.js';
import { settled } from './settle.js';

// The match path's fast side: the embedded worker answers a whole match in one message, and the
// records a match reads by `_id` come from memory until a write to them is announced.

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
  indexer.start();
  world = await createWorld(ctx);
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
    keywords: ['遥感', '无人机'],
    publications: [
      {
        title: 'Remote sensing of crop stress with UAV multispectral imagery',
        abstract: 'We map crop water stress from drone imagery with deep learning.',
        year: 2022,
      },
    ],
  });
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

/** Waits until the engine holds these problems (the running indexer pushes them). */
async function indexed(problemIds: readonly string[]) {
  await indexer.runOnce();
  const until = Date.now() + 5_000;
  for (;;) {
    const { hits } = await engine.search({ index: 'problems', limit: 1000 });
    const held = new Set(hits.map((h) => h.id));
    if (problemIds.every((id) => held.has(id)) || Date.now() > until) break;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  // And their terms counted, so that the paths compared read the same document frequencies.
  await settled(
    engine,
    createRepositories(ctx.store.db),
    world.experts.map((e) => e.id),
  );
}

const ids = (items: { expert: { id: string } }[]) => items.map((i) => i.expert.id);

describe('matching in one worker message', () => {
  it('ranks an expert’s problems as the main-thread path does, with the same reasons', async () => {
    const summaryOnly = await openProblem(world, { title: '注塑件缩痕与保压工艺改进' });
    const publicOne = await openProblem(world, {
      title: '注塑模具保压缩痕分析',
      confidentiality: 'public',
    });
    await indexed([summaryOnly.id, publicOne.id]);
    const repos = createRepositories(ctx.store.db);
    const expert = await repos.experts.get(world.experts[1]?.id ?? '');
    if (!expert) throw new Error('no expert');
    const corpus = createCorpus(repos);
    const inWorker = await matchProblems({ repos, engine, corpus }, expert, { limit: 10 });
    // The engine without its own matcher (as Meilisearch): the candidate side runs here.
    const bare: SearchEngine = {
      ...engine,
      kind: engine.kind,
      textScorer: { ...engine.textScorer, problemsForExpert: undefined },
    };
    const here = await matchProblems({ repos, engine: bare, corpus }, expert, { limit: 10 });
    const found = inWorker.map((m) => m.problem._id);
    expect(found).toContain(summaryOnly.id);
    expect(found).toContain(publicOne.id);
    expect(here.map((m) => m.problem._id)).toEqual(found);
    expect(here.map((m) => m.score)).toEqual(inWorker.map((m) => m.score));
    expect(here.map((m) => m.reasons)).toEqual(inWorker.map((m) => m.reasons));
    expect(inWorker.find((m) => m.problem._id === summaryOnly.id)?.view).toBe('summary');
  });

  it('ranks a problem’s experts as the main-thread path does, with the same scores', async () => {
    const problem = await openProblem(world);
    await indexer.runOnce();
    const repos = createRepositories(ctx.store.db);
    // Both paths must read the same document frequencies: the worker counts the new problem's
    // terms in the background.
    await settled(
      engine,
      repos,
      world.experts.map((e) => e.id),
    );
    const doc = await repos.problems.get(problem.id);
    if (!doc) throw new Error('no problem');
    const corpus = createCorpus(repos);
    const inWorker = await matchExperts({ repos, engine, corpus }, doc, 10);
    const bare: SearchEngine = {
      ...engine,
      kind: engine.kind,
      textScorer: { ...engine.textScorer, expertsForProblem: undefined },
    };
    const here = await matchExperts({ repos, engine: bare, corpus }, doc, 10);
    expect(inWorker[0]?.expert._id).toBe(world.experts[1]?.id);
    expect(here.map((m) => m.expert._id)).toEqual(inWorker.map((m) => m.expert._id));
    expect(here.map((m) => m.score)).toEqual(inWorker.map((m) => m.score));
    expect(here.map((m) => m.reasons)).toEqual(inWorker.map((m) => m.reasons));
  });

  it('answers in two halves (the vector list computed meanwhile) exactly as in one message', async () => {
    // Two experts' fields, so that the queries find more than one.
    const problem = await openProblem(world, {
      confidentiality: 'public',
      fields: ['mat.polymer', 'geo.rs'],
    });
    await indexed([problem.id]);
    const repos = createRepositories(ctx.store.db);
    const doc = await repos.problems.get(problem.id);
    if (!doc) throw new Error('no problem');
    const request = {
      problemId: doc._id,
      text: [doc.title, doc.summary, doc.description].join('\n'),
      fields: [...doc.fields],
      keywords: [...doc.keywords],
    };
    // A vector list that changes the fusion: the expert the text ranks last comes first in it.
    const lexical = await engine.textScorer.expertsForProblem({ ...request, semantic: [] });
    expect(lexical.candidates.length).toBeGreaterThan(1);
    const last = lexical.candidates.at(-1)?.doc.id;
    const semantic = [String(last), 'exp_not_in_any_list'];
    const once = await engine.textScorer.expertsForProblem({ ...request, semantic });
    expect(once).not.toEqual(lexical);
    let computedWhile = false;
    const halves = await engine.textScorer.expertsForProblem({ ...request, semantic: [] }, () => {
      computedWhile = true;
      return semantic;
    });
    expect(computedWhile).toBe(true);
    expect(halves).toEqual(once);
    // A caller whose list fails still lets the worker go, and the next match is answered.
    await expect(
      engine.textScorer.expertsForProblem({ ...request, semantic: [] }, () => {
        throw new Error('vector index gone');
      }),
    ).rejects.toThrow('vector index gone');
    expect(await engine.textScorer.expertsForProblem({ ...request, semantic })).toEqual(once);
  });

  it('answers an expert’s match in two halves exactly as in one message', async () => {
    const repos = createRepositories(ctx.store.db);
    const expert = await repos.experts.get(world.experts[1]?.id ?? '');
    if (!expert) throw new Error('no expert');
    const request = { expertId: expert._id, rev: expert.rev, fields: [...expert.fields] };
    const lexical = await engine.textScorer.problemsForExpert({ ...request, semantic: [] });
    if (!lexical.fresh) throw new Error('the engine does not hold the expert');
    expect(lexical.candidates.length).toBeGreaterThan(1);
    const semantic = [String(lexical.candidates.at(-1)?.id)];
    const once = await engine.textScorer.problemsForExpert({ ...request, semantic });
    expect(once).not.toEqual(lexical);
    const halves = await engine.textScorer.problemsForExpert(
      { ...request, semantic: [] },
      () => semantic,
    );
    expect(halves).toEqual(once);
    // An expert the engine holds at another rev is answered as such in two halves too.
    const stale = { ...request, rev: expert.rev + 1, semantic: [] };
    expect(await engine.textScorer.problemsForExpert(stale, () => semantic)).toEqual(
      await engine.textScorer.problemsForExpert(stale),
    );
  });

  it('reads a problem again once a write to it is announced', async () => {
    const problem = await openProblem(world, { confidentiality: 'public' });
    const repos = createRepositories(ctx.store.db);
    const first = await cachedProblem(repos, problem.id);
    expect(await cachedProblem(repos, problem.id)).toBe(first);
    const edited = await world.ownerApi.call('PATCH', `/problems/${problem.id}`, {
      rev: problem.rev,
      title: '无人机遥感作物胁迫监测',
    });
    expect(edited.status).toBe(200);
    const again = await cachedProblem(repos, problem.id);
    expect(again).not.toBe(first);
    expect(again?.rev).toBe(edited.body.rev);
    expect(again?.title).toBe('无人机遥感作物胁迫监测');
  });

  it('matches a problem by its latest text right after an edit', async () => {
    const problem = await openProblem(world, { confidentiality: 'public' });
    await indexer.runOnce();
    const path = `/problems/${problem.id}/matches`;
    const before = await world.ownerApi.call('GET', path);
    expect(before.status).toBe(200);
    expect(ids(before.body.items)[0]).toBe(world.experts[1]?.id);
    const edited = await world.ownerApi.call('PATCH', `/problems/${problem.id}`, {
      rev: problem.rev,
      title: 'UAV remote sensing of crop water stress',
      summary: 'Drone multispectral imagery to map crop stress in orchards.',
      description: 'We need remote sensing of crop water stress from UAV multispectral imagery.',
      keywords: ['遥感', '无人机'],
      fields: ['geo.rs'],
    });
    expect(edited.status).toBe(200);
    // No wait for the indexer: the problem's text is the one just written.
    const after = await world.ownerApi.call('GET', path);
    expect(after.status).toBe(200);
    expect(ids(after.body.items)[0]).toBe(world.experts[2]?.id);
  });

  it('reads a problem again when the engine holds a later rev than the cached one', async () => {
    const problem = await openProblem(world, { confidentiality: 'public' });
    await indexed([problem.id]);
    const path = `/problems/${problem.id}/matches`;
    const before = await world.ownerApi.call('GET', path);
    expect(ids(before.body.items)[0]).toBe(world.experts[1]?.id);
    // As another API instance writes: straight to the store, announced to no one here.
    const repos = createRepositories(ctx.store.db);
    await repos.problems.collection.updateOne(
      { _id: problem.id },
      {
        $set: {
          title: 'UAV remote sensing of crop water stress',
          summary: 'Drone multispectral imagery to map crop stress in orchards.',
          description: 'We need remote sensing of crop water stress from UAV imagery.',
          keywords: ['遥感', '无人机'],
          fields: ['geo.rs'],
        },
        $inc: { rev: 1 },
      },
    );
    await indexer.runOnce();
    const after = await world.ownerApi.call('GET', path);
    expect(after.status).toBe(200);
    expect(ids(after.body.items)[0]).toBe(world.experts[2]?.id);
  });
});
