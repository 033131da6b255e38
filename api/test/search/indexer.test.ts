import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createRepositories } from '../../src/app.js';
import { ApiError } from '../../src/lib/errors.js';
import { createLogger } from '../../src/lib/logger.js';
import { announceWrites } from '../../src/search/changes.js';
import { createEmbeddedEngine } from '../../src/search/embedded.js';
import type { SearchEngine } from '../../src/search/engine.js';
import { createIndexer, type Indexer } from '../../src/search/indexer.js';
import { createLease } from '../../src/search/lease.js';
import { handOverStored } from '../../src/search/stored-docs.js';
import { createWorld, openProblem, type World } from '../domain/world.js';
import { createTestContext, type TestContext } from '../helpers.js';

/** An engine whose writes fail with SEARCH_UNAVAILABLE while `down` is set, like a dead server. */
function flaky(inner: SearchEngine) {
  const state = { down: false, failures: 0 };
  const guard = () => {
    if (state.down) {
      state.failures++;
      throw new ApiError('SEARCH_UNAVAILABLE');
    }
  };
  const engine: SearchEngine = {
    ...inner,
    kind: inner.kind,
    async upsert(index, docs) {
      guard();
      await inner.upsert(index, docs);
    },
    async remove(index, ids) {
      guard();
      await inner.remove(index, ids);
    },
    async rebuild(index, batches, onProgress) {
      guard();
      return inner.rebuild(index, batches, onProgress);
    },
  };
  return { engine, state };
}

let ctx: TestContext;
let inner: SearchEngine;
let world: World;

beforeAll(async () => {
  inner = createEmbeddedEngine();
  ctx = await createTestContext({ search: inner });
  world = await createWorld(ctx);
}, 60_000);

afterAll(async () => {
  await inner.close();
  await ctx.close();
});

async function waitFor(check: () => Promise<boolean>, ms: number) {
  const until = Date.now() + ms;
  while (Date.now() < until) {
    if (await check()) return true;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  return false;
}

describe('indexer', () => {
  it('converges to the latest rev of every document after the engine comes back', async () => {
    const { engine, state } = flaky(inner);
    const repos = createRepositories(ctx.store.db);
    const indexer: Indexer = createIndexer({
      repos,
      engine,
      db: ctx.store.db,
      logger: createLogger('silent'),
      intervalMs: 20,
      backoffMs: 20,
      maxBackoffMs: 100,
    });
    indexer.start();
    state.down = true;
    const problems = [];
    for (let i = 0; i < 4; i++) {
      problems.push(
        await openProblem(world, { title: `热处理变形问题第${i}号`, confidentiality: 'public' }),
      );
    }
    const first = problems[0];
    const edited = await world.ownerApi.call('PATCH', `/problems/${first.id}`, {
      rev: first.rev,
      summary: '淬火后零件变形超差',
    });
    expect(edited.status).toBe(200);
    const withdrawn = await world.ownerApi.call('POST', `/problems/${problems[1].id}/withdraw`, {
      rev: problems[1].rev,
    });
    expect(withdrawn.status).toBe(200);
    // The first push comes after the engine applies its settings, which takes a while on a
    // loaded machine: wait for the failures instead of a fixed time.
    expect(await waitFor(() => Promise.resolve(state.failures > 0), 10_000)).toBe(true);

    state.down = false;
    const converged = await waitFor(async () => {
      const [experts, stored] = await Promise.all([
        repos.experts.revisions(),
        repos.problems.revisions(),
      ]);
      return [...experts, ...stored].every((row) => row.indexedRev >= row.rev);
    }, 10_000);
    await indexer.stop();
    expect(converged).toBe(true);

    const indexed = await inner.search({ index: 'problems', limit: 100 });
    const byId = new Map(indexed.hits.map((hit) => [hit.id, hit.document]));
    for (const row of await repos.problems.revisions()) {
      const doc = await repos.problems.get(row._id);
      if (doc?.status === 'withdrawn') expect(byId.has(row._id)).toBe(false);
      else expect(byId.get(row._id)?.rev).toBe(row.rev);
    }
    expect(byId.get(first.id)?.summary).toBe('淬火后零件变形超差');
    const experts = await inner.search({ index: 'experts', limit: 100 });
    for (const row of await repos.experts.revisions()) {
      expect(experts.hits.find((hit) => hit.id === row._id)?.document.rev).toBe(row.rev);
    }
  });

  it('pushes a notified write by id, without a scan, and listens to announcements once started', async () => {
    const repos = createRepositories(ctx.store.db);
    const engine = createEmbeddedEngine();
    const indexer = createIndexer({
      repos,
      engine,
      db: ctx.store.db,
      logger: createLogger('silent'),
      intervalMs: 600_000,
    });
    await indexer.reindex();
    const found = async (q: string, id: string) =>
      (await engine.search({ index: 'problems', q })).hits.some((hit) => hit.id === id);
    const problem = await openProblem(world, {
      title: '陶瓷釉面龟裂问题',
      confidentiality: 'public',
    });
    // Not started: nothing scans, so only the notification can bring the write in.
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(await found('釉面龟裂', problem.id)).toBe(false);
    await indexer.notify('problems', [problem.id]);
    expect(await found('釉面龟裂', problem.id)).toBe(true);
    const stored = (await repos.problems.revisions()).find((row) => row._id === problem.id);
    expect(stored?.indexedRev).toBe(stored?.rev);

    indexer.start();
    const later = await openProblem(world, { title: '窑炉温控问题', confidentiality: 'public' });
    announceWrites('problems', [later.id]);
    expect(await waitFor(() => found('窑炉温控', later.id), 5_000)).toBe(true);
    await indexer.stop();
    await engine.close();
  });

  it('pushes records handed over as written without reading them, and reads them once announced', async () => {
    const repos = createRepositories(ctx.store.db);
    const engine = createEmbeddedEngine();
    const indexer = createIndexer({
      repos,
      engine,
      db: ctx.store.db,
      logger: createLogger('silent'),
      intervalMs: 600_000,
    });
    await indexer.reindex();
    const expertId = world.experts[0]?.id ?? '';
    const stored = await repos.experts.get(expertId);
    if (!stored) throw new Error('no expert');
    const found = async (q: string) =>
      (await engine.search({ index: 'experts', q })).hits.some((hit) => hit.id === expertId);
    // A text the store does not hold: only the handed document can bring it into the index.
    await indexer.notifyStored({
      index: 'experts',
      docs: [{ ...stored, bio: '擅长石墨烯导热膜的连续化制备' }],
    });
    expect(await found('石墨烯导热膜')).toBe(true);
    const marked = (await repos.experts.revisions()).find((row) => row._id === expertId);
    expect(marked?.indexedRev).toBe(stored.rev);

    // Announced by id afterwards (another write): the store is read again.
    await indexer.notify('experts', [expertId]);
    expect(await found('石墨烯导热膜')).toBe(false);

    // Once started, the indexer hears what an import hands over in this process.
    indexer.start();
    handOverStored({ index: 'experts', docs: [{ ...stored, bio: '研究氮化镓功率器件封装' }] });
    expect(await waitFor(() => found('氮化镓功率器件'), 5_000)).toBe(true);
    await indexer.stop();
    await engine.close();
  });

  it('rebuilds the index from the store and keeps only published problems', async () => {
    const repos = createRepositories(ctx.store.db);
    const fresh = createEmbeddedEngine();
    const indexer = createIndexer({
      repos,
      engine: fresh,
      db: ctx.store.db,
      logger: createLogger('silent'),
    });
    const seen: number[] = [];
    await indexer.reindex((progress) => seen.push(progress.indexed));
    const published = (await repos.problems.sample(1000)).filter(
      (p) => p.status !== 'withdrawn' && p.status !== 'draft',
    );
    expect(await fresh.count('problems')).toBe(published.length);
    expect(await fresh.count('experts')).toBe(world.experts.length);
    expect(seen.length).toBeGreaterThan(0);
    await fresh.close();
  });
});

describe('indexer lease', () => {
  it('lets one holder push at a time and passes to another once the holder stops renewing', async () => {
    let clock = 1_000_000;
    const now = () => clock;
    const a = createLease(ctx.store.db, { name: 'test-lease', holder: 'a', periodMs: 1_000, now });
    const b = createLease(ctx.store.db, { name: 'test-lease', holder: 'b', periodMs: 1_000, now });
    expect(await a.hold()).toBe(true);
    expect(await b.hold()).toBe(false);
    clock += 800; // a renews ahead in the last quarter of its epoch
    expect(await a.hold()).toBe(true);
    clock += 300; // next epoch: a still holds it, b cannot take it
    expect(await b.hold()).toBe(false);
    expect(await a.hold()).toBe(true);
    clock += 1_000; // a died without renewing: the next epoch goes to whoever claims it first
    expect(await b.hold()).toBe(true);
    expect(await a.hold()).toBe(false);
  });
});
