import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createRepositories } from '../../src/app.js';
import type { ProblemDoc } from '../../src/features/problems/repository.js';
import { createLogger } from '../../src/lib/logger.js';
import { createEmbeddedEngine } from '../../src/search/embedded.js';
import type { SearchEngine } from '../../src/search/engine.js';
import { createIndexer } from '../../src/search/indexer.js';
import { createTestContext, type TestContext } from '../helpers.js';

let ctx: TestContext;
let engine: SearchEngine;

beforeAll(async () => {
  engine = createEmbeddedEngine();
  ctx = await createTestContext({ search: engine });
}, 60_000);

afterAll(async () => {
  await engine.close();
  await ctx.close();
});

function problem(i: number, rev: number): ProblemDoc {
  const at = new Date('2026-05-01T00:00:00Z');
  return {
    _id: `prb_bulk${String(i).padStart(6, '0')}`,
    companyId: 'org_bulkcompany',
    companyName: '批量公司',
    title: `陶瓷窑炉批量问题${String(i)}`,
    summary: '窑炉温控',
    description: '窑炉温度波动',
    desiredOutcome: '',
    fields: [],
    keywords: [],
    confidentiality: 'public',
    status: 'open',
    rev,
    indexedRev: 0,
    createdAt: at,
    updatedAt: at,
    openedAt: at,
  };
}

describe('what the indexer pushed', () => {
  it('keeps the highest pushed rev per record and folds piled-up marks', async () => {
    const repos = createRepositories(ctx.store.db);
    await repos.problems.collection.insertMany([problem(900_001, 5), problem(900_002, 3)]);
    const [a, b] = ['prb_bulk900001', 'prb_bulk900002'];
    await repos.problems.markIndexed([{ id: a, rev: 4 }]);
    await repos.problems.markIndexed([{ id: a, rev: 2 }]);
    for (let i = 0; i < 70; i++) await repos.problems.markIndexed([{ id: b, rev: 1 + (i % 3) }]);
    const marks = ctx.store.db.collection('search_marks');
    const before = await marks.countDocuments({ collection: 'problems' });
    const rows = new Map((await repos.problems.revisions()).map((r) => [r._id, r]));
    expect(rows.get(a)).toEqual({ _id: a, rev: 5, indexedRev: 4 });
    expect(rows.get(b)).toEqual({ _id: b, rev: 3, indexedRev: 3 });
    const after = await marks.countDocuments({ collection: 'problems' });
    expect(before).toBeGreaterThan(64);
    expect(after).toBeLessThan(before);
    // Folded marks still say the same.
    const again = new Map((await repos.problems.revisions()).map((r) => [r._id, r]));
    expect(again.get(a)?.indexedRev).toBe(4);
    expect(again.get(b)?.indexedRev).toBe(3);
    await repos.problems.collection.deleteMany({ _id: { $in: [a, b] } });
  });

  it('pushes a large gap by one read of the collection and records every rev', async () => {
    const repos = createRepositories(ctx.store.db);
    const docs = Array.from({ length: 300 }, (_, i) => problem(i, 1 + (i % 2)));
    await repos.problems.collection.insertMany(docs);
    const indexer = createIndexer({
      repos,
      engine,
      db: ctx.store.db,
      logger: createLogger('silent'),
      bulkAbove: 100,
    });
    const result = await indexer.runOnce();
    expect(result.pushed).toBeGreaterThanOrEqual(300);
    const rows = await repos.problems.revisions();
    for (const doc of docs) {
      expect(rows.find((r) => r._id === doc._id)?.indexedRev).toBe(doc.rev);
    }
    const found = await engine.search({ index: 'problems', q: '陶瓷窑炉批量问题299', limit: 5 });
    expect(found.hits[0]?.id).toBe('prb_bulk000299');
    expect(await indexer.runOnce()).toEqual({ pushed: 0, removed: 0 });
    await indexer.stop();
  });

  it('pushes many announced records (an import) by one read, inside the push queue', async () => {
    const repos = createRepositories(ctx.store.db);
    const docs = Array.from({ length: 250 }, (_, i) => problem(500_000 + i, 1));
    await repos.problems.collection.insertMany(docs);
    const indexer = createIndexer({
      repos,
      engine,
      db: ctx.store.db,
      logger: createLogger('silent'),
      intervalMs: 600_000,
    });
    // Not started: only the notification can bring them in.
    await indexer.notify(
      'problems',
      docs.map((d) => d._id),
    );
    const rows = new Map((await repos.problems.revisions()).map((r) => [r._id, r]));
    for (const doc of docs) expect(rows.get(doc._id)?.indexedRev).toBe(1);
    const found = await engine.search({ index: 'problems', q: '陶瓷窑炉批量问题500249', limit: 5 });
    expect(found.hits[0]?.id).toBe('prb_bulk500249');
    await indexer.stop();
  });
});
