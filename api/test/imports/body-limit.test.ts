import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../src/app.js';
import { createLogger } from '../../src/lib/logger.js';
import { createEmbeddedEngine } from '../../src/search/embedded.js';
import type { SearchEngine } from '../../src/search/engine.js';
import { officer } from '../domain/world.js';
import { createTestContext, type TestContext } from '../helpers.js';

// Import files get their own body limit; every other route keeps the global one.

let ctx: TestContext;
let engine: SearchEngine;

beforeAll(async () => {
  engine = createEmbeddedEngine();
  ctx = await createTestContext({ search: engine });
});

afterAll(async () => {
  await engine.close();
  await ctx.close();
});

const appWith = (limits: { bodyLimit?: number; importBodyLimit?: number }) =>
  createApp({
    db: ctx.store.db,
    search: engine,
    logger: createLogger('silent'),
    resolveActor: () => Promise.resolve(officer),
    ...limits,
  });

// A CSV of ~2 MiB whose rows all fail validation (no such university), so nothing is written.
const bigFile = () => {
  const row = `x@example.com,专家,91330000000000000X,教授,mech.cnc,,${'论'.repeat(600)}\r\n`;
  return `email,name,organisationCreditCode,title,fields,keywords,bio\r\n${row.repeat(1_200)}`;
};

describe('body limits', () => {
  it('accepts an import file larger than the global limit, and nothing else that large', async () => {
    const app = appWith({ bodyLimit: 1_048_576 });
    const file = bigFile();
    expect(new TextEncoder().encode(file).length).toBeGreaterThan(2 * 1_048_576);
    const imported = await app.request('/imports/experts?dryRun=true', {
      method: 'POST',
      headers: { 'content-type': 'text/csv' },
      body: file,
    });
    expect(imported.status).toBe(400);
    expect(((await imported.json()) as { error: { code: string } }).error.code).toBe(
      'VALIDATION_FAILED',
    );
    const other = await app.request('/problems', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ title: 'x'.repeat(2 * 1_048_576) }),
    });
    expect(other.status).toBe(413);
  });

  it('refuses an import file above its own limit', async () => {
    const app = appWith({ importBodyLimit: 1_048_576 });
    const res = await app.request('/imports/experts?dryRun=true', {
      method: 'POST',
      headers: { 'content-type': 'text/csv' },
      body: bigFile(),
    });
    expect(res.status).toBe(413);
    expect(((await res.json()) as { error: { code: string } }).error.code).toBe(
      'PAYLOAD_TOO_LARGE',
    );
  });
});
