import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createRepositories } from '../../src/app.js';
import { seedDemo } from '../../src/features/demo/load.js';
import { createLogger } from '../../src/lib/logger.js';
import { createEmbeddedEngine, type EmbeddedEngine } from '../../src/search/embedded.js';
import { createIndexer } from '../../src/search/indexer.js';
import {
  actorHeaders,
  createTestContext,
  testApiURL,
  testWebURL,
  type TestContext,
} from '../helpers.js';

// The three examples of the README's "Demo data" section, asked of the API on the demo data set
// as `npm start` loads it (seed `deqing`, scale 1), by the talent office. The README shows what
// this returns; the test holds the matcher to it.

const until = new Date('2026-11-27T00:00:00+08:00');
const officer = { userId: 'demo-office', role: 'officer', name: '人才办' } as const;

let ctx: TestContext;
let engine: EmbeddedEngine;

beforeAll(async () => {
  engine = createEmbeddedEngine();
  ctx = await createTestContext({ search: engine });
  await seedDemo(ctx.store.db, {
    seed: 'deqing',
    scale: 1,
    until,
    auth: {
      secret: 'test-secret-test-secret-test-secret-0',
      baseURL: testApiURL,
      webURL: testWebURL,
    },
  });
  const indexer = createIndexer({
    repos: createRepositories(ctx.store.db),
    engine,
    db: ctx.store.db,
    logger: createLogger('silent'),
  });
  await indexer.reindex();
  while ((await engine.pendingTerms()) > 0) await new Promise((r) => setTimeout(r, 100));
}, 240_000);

afterAll(async () => {
  await ctx.close();
  await engine.close();
});

interface Match {
  expert: { id: string; name: string; universityName: string; fields: string[] };
  score: number;
  reasons: { matchedTerms: string[]; matchedFields: string[]; publications: { title: string }[] };
}

// Problem → the three experts the README names, best first.
const examples: [string, string[]][] = [
  [
    'prb_ejvp570a0r6a7a79',
    ['exp_kmvzvrt8990074xy', 'exp_8p7jj5qe02ad1r2b', 'exp_qd5mjcm3zaj21p58'],
  ],
  [
    'prb_jrsjjhn62hmvd8hf',
    ['exp_byzmnyj71hvmmcpr', 'exp_0qg600x8kg1a9kxk', 'exp_5w1q88257s9bcsvg'],
  ],
  [
    'prb_6tmgjt4wz0swrbr0',
    ['exp_fbh9dreryknvxngw', 'exp_bvm73zds7c6p11f2', 'exp_4h3aynjskm7br2e8'],
  ],
];

describe('the demo data set, matched', () => {
  it.each(examples)('suggests for %s the experts the README names', async (id, named) => {
    const headers = actorHeaders(officer);
    const problem = (await (await ctx.app.request(`/problems/${id}`, { headers })).json()) as {
      status: string;
      fields: string[];
      keywords: string[];
    };
    expect(problem.status).toBe('open');
    const res = await ctx.app.request(`/problems/${id}/matches?limit=5`, { headers });
    expect(res.status).toBe(200);
    const { items } = (await res.json()) as { items: Match[] };
    expect(items).toHaveLength(5);
    // Best first, and the README's three are the top three.
    expect(items.map((m) => m.score)).toEqual(items.map((m) => m.score).sort((a, b) => b - a));
    expect(items[0]?.expert.id).toBe(named[0]);
    expect(new Set(items.slice(0, 3).map((m) => m.expert.id))).toEqual(new Set(named));
    for (const match of items) {
      // Each suggestion is in the problem's field and says which of its words it shares, with a
      // paper that supports it.
      expect(match.reasons.matchedFields).toEqual(expect.arrayContaining(problem.fields));
      expect(match.reasons.matchedTerms.length).toBeGreaterThan(0);
      expect(match.reasons.publications.length).toBeGreaterThan(0);
    }
    // The company's own keywords are among the shared terms of the best suggestions.
    const terms = new Set(items.slice(0, 3).flatMap((m) => m.reasons.matchedTerms));
    expect(problem.keywords.some((keyword) => terms.has(keyword))).toBe(true);
  });
});
