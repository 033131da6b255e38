import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createRepositories } from '../../src/app.js';
import type { ProblemDoc } from '../../src/features/problems/repository.js';
import { createLogger } from '../../src/lib/logger.js';
import {
  expertCandidates,
  expertEvidence,
  expertQuery,
  problemCandidates,
  problemEvidence,
  problemQuery,
  scoreExperts,
  scoreProblems,
  semanticFeature,
} from '../../src/semantic/match.js';
import {
  createSemantic,
  problemFullText,
  queryCollection,
  type Semantic,
} from '../../src/semantic/service.js';
import { createWorld, openProblem, type World } from '../domain/world.js';
import { createTestContext, type TestContext } from '../helpers.js';
import { model, modelDir, skipReason, must } from './model.js';

// The background embedder against the real local database: vectors stored with the documents'
// revs, recomputed when a text changes, loaded again by a fresh process without re-embedding.

let ctx: TestContext;
let world: World;
const services: Semantic[] = [];

function semantic(): Semantic {
  const service = createSemantic({
    db: ctx.store.db,
    repos: createRepositories(ctx.store.db),
    logger: createLogger('silent'),
    modelDir,
    intervalMs: 60_000,
  });
  services.push(service);
  return service;
}

async function patchExpert(i: number, patch: Record<string, unknown>) {
  const id = must(world.experts[i]).id;
  const current = await world.office.call('GET', `/experts/${id}`);
  const res = await world.office.call('PATCH', `/experts/${id}`, {
    rev: current.body.rev,
    ...patch,
  });
  expect(res.status).toBe(200);
}

beforeAll(async () => {
  ctx = await createTestContext();
  world = await createWorld(ctx);
  await patchExpert(0, {
    publications: [
      {
        title: '五轴数控机床热误差建模与补偿',
        abstract: '针对数控机床主轴热变形导致的加工精度下降，提出热误差建模与实时补偿方法。',
        year: 2023,
      },
    ],
  });
  await patchExpert(1, {
    publications: [
      {
        title: '数控机床导轨润滑系统的维护方法',
        abstract: '讨论机床导轨润滑油路的日常维护。',
        year: 2020,
      },
      {
        title: '注塑件缩痕形成机理与保压工艺优化',
        abstract: '研究汽车内饰注塑件保压阶段缩痕的成因，优化保压时间与模温，显著提高良品率。',
        year: 2024,
      },
    ],
  });
  await patchExpert(2, {
    publications: [
      {
        title: 'Remote sensing of crop stress with UAV multispectral imagery',
        abstract: 'We map crop water stress from drone imagery with deep learning.',
        year: 2022,
      },
    ],
  });
}, 60_000);

afterAll(async () => {
  for (const s of services) await s.stop();
  await ctx.close();
});

describe('semantic service without the model', () => {
  it('is disabled and says why', () => {
    const off = createSemantic({
      db: ctx.store.db,
      repos: createRepositories(ctx.store.db),
      logger: createLogger('silent'),
      modelDir: '/nonexistent',
    });
    expect(off.enabled).toBe(false);
    expect(off.status()).toMatchObject({ enabled: false, reason: expect.stringMatching(/not in/) });
    expect(off.experts([new Float32Array(512)], { k: 5 })).toEqual([]);
  });

  it('gives the matcher nothing to add, so it scores lexical-only', async () => {
    const off = createSemantic({
      db: ctx.store.db,
      repos: createRepositories(ctx.store.db),
      logger: createLogger('silent'),
      modelDir: '/nonexistent',
    });
    // Nothing of the problem is read when the service is off.
    const problem = { _id: 'prb_x', rev: 1 } as ProblemDoc;
    const query = await problemQuery(off, problem);
    expect(query).toBeUndefined();
    expect(expertCandidates(off, query)).toEqual([]);
    expect(scoreExperts(off, query, ['x'])).toBeUndefined();
    expect(semanticFeature(undefined, 'x')).toBe(0);
    const expert = must(
      await createRepositories(ctx.store.db).experts.get(must(world.experts[1]).id),
    );
    expect(await expertQuery(off, expert)).toBeUndefined();
    expect(scoreProblems(off, undefined, ['p'])).toBeUndefined();
  });
});

describe.skipIf(!model)(`semantic service (${skipReason ?? 'model present'})`, () => {
  it('embeds every record behind its rev, finds the expert by the paper that fits, and stores the vectors', async () => {
    const problem = await openProblem(world);
    const service = semantic();
    await service.load();
    const progress: number[] = [];
    const first = await service.runOnce((p) => progress.push(p.done));
    // Three experts and one problem.
    expect(first.embedded).toBe(4);
    expect(progress.at(-1)).toBe(4);
    expect(service.status()).toMatchObject({ enabled: true, experts: 3, problems: 1, pending: 0 });

    const query = await service.embedText('汽车内饰注塑件出现缩痕，保压阶段的问题，良品率低。');
    const [top] = service.experts(query, { k: 3 });
    expect(top).toMatchObject({
      owner: must(world.experts[1]).id,
      ref: expect.stringMatching(/^pub:1:/),
    });

    const stored = await ctx.store.db
      .collection('vectors')
      .find({ kind: 'problem', docId: problem.id })
      .toArray();
    expect(stored).toHaveLength(1);
    expect(stored[0]).toMatchObject({ rev: problem.rev, modelId: 'bge-small-zh-v1.5-q@1' });

    const second = await service.runOnce();
    expect(second.embedded).toBe(0);
  });

  it('gives the matcher candidates, scores and the publication that matched by meaning', async () => {
    const service = must(services[0]);
    const repos = createRepositories(ctx.store.db);
    const moulding = must(await repos.experts.get(must(world.experts[1]).id));
    const query = await service.embedText('注塑件保压阶段出现缩痕，良品率低，想优化保压和模温。');
    expect(expertCandidates(service, query)[0]).toBe(moulding._id);
    const ids = world.experts.map((e) => e.id);
    const scored = must(scoreExperts(service, query, ids));
    expect(scored.byId.size).toBe(3);
    const own = semanticFeature(scored, moulding._id);
    expect(own).toBeGreaterThan(semanticFeature(scored, must(world.experts[0]).id));
    // An expert without vectors yet gets the median, not a zero that would sink it.
    expect(semanticFeature(scored, 'exp_not_embedded_yet')).toBe(scored.fallback);
    expect(expertEvidence(scored.byId.get(moulding._id), moulding.publications)).toMatchObject({
      kind: 'publication',
      title: '注塑件缩痕形成机理与保压工艺优化',
      year: 2024,
    });
    // A publication list edited since the vectors were computed names no other paper.
    const reordered = [...moulding.publications].reverse();
    expect(expertEvidence(scored.byId.get(moulding._id), reordered)).toBeUndefined();

    const items = must(await expertQuery(service, moulding));
    expect(items.map((i) => i.ref.replace(/:[0-9a-f]{8}$/, ''))).toEqual([
      'profile',
      'pub:0',
      'pub:1',
    ]);
    const [problemId] = problemCandidates(service, items);
    expect(problemId).toBeDefined();
    const byProblem = must(scoreProblems(service, items, [must(problemId)]));
    expect(problemEvidence(byProblem, must(problemId), moulding.publications)).toMatchObject({
      kind: 'publication',
      title: '注塑件缩痕形成机理与保压工艺优化',
    });
  });

  it("keeps a confidential problem's whole-text vectors as its query, out of the index", async () => {
    const service = must(services[0]);
    const repos = createRepositories(ctx.store.db);
    const created = await openProblem(world, {
      confidentiality: 'summary',
      summary: '注塑件表面质量问题',
      description: '保压阶段出现缩痕，模温与保压时间需要重新优化，良品率只有八成。',
    });
    expect((await service.runOnce()).embedded).toBe(1);
    const problem = must(await repos.problems.get(created.id));
    const kept = must(service.problemQuery(problem._id, problem.rev));
    // The same vectors the request would have embedded from the whole text.
    const embedded = await service.embedText(problemFullText(problem));
    expect(kept).toHaveLength(embedded.length);
    kept.forEach((vector, i) => {
      let dot = 0;
      vector.forEach((x, k) => (dot += x * (must(embedded[i])[k] ?? 0)));
      expect(dot).toBeGreaterThan(0.999);
    });
    // The matcher takes them as they are, without embedding again.
    expect(await problemQuery(service, problem)).toBe(kept);
    // Stored apart from the public chunks, which alone are searched or pushed anywhere.
    const vectors = ctx.store.db.collection('vectors');
    const queries = ctx.store.db.collection(queryCollection);
    const [record] = await vectors.find({ kind: 'problem', docId: problem._id }).toArray();
    expect(must(record).refs).not.toHaveLength(0);
    expect((must(record).refs as string[]).every((ref) => ref.startsWith('chunk:'))).toBe(true);
    expect(
      (await queries.find({ docId: problem._id }).toArray()).map((r) => [r.rev, r.refs]),
    ).toEqual([[problem.rev, kept.map((_, k) => `query:${k}`)]]);
    expect(
      must(service.problemVectors(problem._id)).items.every((i) => i.ref.startsWith('chunk:')),
    ).toBe(true);
    // Another rev (a write the embedder has not reached) has none.
    expect(service.problemQuery(problem._id, problem.rev + 1)).toBeUndefined();
    // A fresh process loads them back.
    const fresh = semantic();
    await fresh.load();
    expect(fresh.problemQuery(problem._id, problem.rev)).toHaveLength(kept.length);

    // A problem embedded before problems kept a query (public chunks only) gets one, once.
    await queries.deleteMany({ docId: problem._id });
    const older = semantic();
    await older.load();
    expect(older.problemQuery(problem._id, problem.rev)).toBeUndefined();
    expect((await older.runOnce()).embedded).toBe(1);
    expect(older.problemQuery(problem._id, problem.rev)).toHaveLength(kept.length);
    expect(await queries.countDocuments({ docId: problem._id })).toBe(1);
    expect((await older.runOnce()).embedded).toBe(0);

    // Open, it is suggested to an expert whose text is close to it.
    const chunk = [must(must(older.problemVectors(problem._id)).items[0]).vector];
    expect(older.problems(chunk, { k: 5 }).map((m) => m.owner)).toContain(problem._id);

    // Withdrawn, its experts are no longer asked for: the query goes, from memory and the store.
    const withdrawn = await world.ownerApi.call('POST', `/problems/${problem._id}/withdraw`, {
      rev: problem.rev,
    });
    expect(withdrawn.status).toBe(200);
    expect((await older.runOnce()).embedded).toBe(1);
    expect(older.problemQuery(problem._id, withdrawn.body.rev as number)).toBeUndefined();
    expect(older.problemQuery(problem._id, problem.rev)).toBeUndefined();
    expect(await queries.countDocuments({ docId: problem._id })).toBe(0);
    // Nor is it suggested any more (it leaves the index of open problems), though it is still
    // scored when named.
    expect(older.problems(chunk, { k: 5 }).map((m) => m.owner)).not.toContain(problem._id);
    expect(older.problems(chunk, { candidates: [problem._id] })[0]?.score).toBeCloseTo(1, 5);
    // The first service hears of it on its next pass too.
    expect((await service.runOnce()).embedded).toBe(1);
    expect(service.problemQuery(problem._id, problem.rev)).toBeUndefined();
  });

  it('re-embeds a changed record, drops its old vectors, and a fresh service loads instead of embedding', async () => {
    const service = must(services[0]);
    await patchExpert(2, {
      publications: [
        {
          title: '注塑模具随形冷却水路设计',
          abstract: '随形冷却缩短注塑周期，减小翘曲与缩痕。',
          year: 2025,
        },
      ],
    });
    const pass = await service.runOnce();
    expect(pass.embedded).toBe(1);
    const expertId = must(world.experts[2]).id;
    const records = await ctx.store.db.collection('vectors').find({ docId: expertId }).toArray();
    const current = await world.office.call('GET', `/experts/${expertId}`);
    expect(records.map((r) => r.rev)).toEqual([current.body.rev]);

    const fresh = semantic();
    await fresh.load();
    expect(fresh.status()).toMatchObject({ experts: 3, problems: 2 });
    expect((await fresh.runOnce()).embedded).toBe(0);
    const query = await fresh.embedText('注塑模具冷却水路');
    const scores = fresh.experts(query, { candidates: [expertId, must(world.experts[0]).id] });
    expect(scores[0]?.owner).toBe(expertId);
  });
});
