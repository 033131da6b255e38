import { Validator } from '@seriousme/openapi-schema-validator';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestContext, type TestContext } from '../helpers.js';

interface Operation {
  requestBody?: { content: Record<string, { schema: unknown }> };
  parameters?: unknown[];
  responses: Record<string, { content?: Record<string, { schema: unknown }> }>;
}

describe('the OpenAPI document', () => {
  let ctx: TestContext;
  let doc: { openapi: string; paths: Record<string, Record<string, Operation>> };
  beforeAll(async () => {
    ctx = await createTestContext();
    doc = (await (await ctx.app.request('/openapi.json')).json()) as typeof doc;
  });
  afterAll(async () => {
    await ctx.close();
  });

  it('validates as OpenAPI 3.1', async () => {
    const validator = new Validator();
    const result = await validator.validate(doc);
    expect(result.errors ?? []).toEqual([]);
    expect(result.valid).toBe(true);
    expect(validator.version).toBe('3.1');
  });

  it('documents every route with its request, its response schema and its error responses', () => {
    const operations = Object.entries(doc.paths).flatMap(([path, methods]) =>
      Object.entries(methods).map(([method, op]) => ({
        id: `${method.toUpperCase()} ${path}`,
        method,
        op,
      })),
    );
    expect(operations.length).toBeGreaterThan(30);
    for (const { id, method, op } of operations) {
      const success = Object.keys(op.responses).find((status) => status.startsWith('2'));
      expect(success, id).toBeDefined();
      // JSON for records; files (CSV, XLSX) for imports, exports and templates.
      const schemaOf = (content: Record<string, { schema: unknown }> | undefined) =>
        Object.values(content ?? {}).find((media) => media.schema !== undefined)?.schema;
      expect(schemaOf(op.responses[success ?? '']?.content), id).toBeDefined();
      if (method === 'post' || method === 'patch')
        expect(schemaOf(op.requestBody?.content), id).toBeDefined();
      if (!id.endsWith('/health')) {
        expect(op.responses['400'] ?? op.responses['503'], id).toBeDefined();
        expect(op.responses['500'] ?? op.responses['503'], id).toBeDefined();
      }
    }
  });

  it('lists the routes of every feature', () => {
    expect(Object.keys(doc.paths)).toEqual(
      expect.arrayContaining([
        '/organisations',
        '/experts/{id}',
        '/problems/{id}/publish',
        '/problems/{id}/engagements',
        '/problems/{id}/outcome',
        '/engagements/{id}/visits',
        '/programmes/{id}/pairings',
        '/pairings/{id}/conclude',
        '/events',
        '/stats/problems',
      ]),
    );
  });
});

describe('the API reference page', () => {
  it('serves its page and its script from the API itself, with no CDN', async () => {
    const ctx = await createTestContext();
    try {
      const page = await ctx.app.request('/docs');
      expect(page.status).toBe(200);
      const html = await page.text();
      expect(html).toContain('/docs/scalar.js');
      expect(html).toContain('/openapi.json');
      expect(html).not.toMatch(/https?:\/\/(cdn|unpkg|fonts)\./);
      const script = await ctx.app.request('/docs/scalar.js');
      expect(script.status).toBe(200);
      expect(script.headers.get('content-type')).toContain('javascript');
      expect((await script.arrayBuffer()).byteLength).toBeGreaterThan(100_000);
    } finally {
      await ctx.close();
    }
  });
});
