import { describe, expect, it } from 'vitest';
import { ApiError } from '../lib/errors.js';
import { createMeilisearchEngine, toMeilisearchFilter } from './meilisearch.js';

describe('meilisearch adapter', () => {
  it('translates typed filters to Meilisearch syntax, quoting strings', () => {
    expect(
      toMeilisearchFilter({
        and: [
          { field: 'status', op: 'in', value: ['open', 'in_progress'] },
          {
            or: [
              { field: 'budgetMax', op: 'gte', value: 1000 },
              { field: 'deadline', op: 'exists' },
            ],
          },
          { not: { field: 'town', op: 'eq', value: 'say "hi" \\ 新市' } },
          { field: 'available', op: 'eq', value: true },
        ],
      }),
    ).toBe(
      '(status IN ["open", "in_progress"]) AND ((budgetMax >= 1000) OR (deadline EXISTS)) AND ' +
        '(NOT (town = "say \\"hi\\" \\\\ 新市")) AND (available = true)',
    );
  });

  it('answers SEARCH_UNAVAILABLE when the server cannot be reached', async () => {
    const engine = createMeilisearchEngine('http://127.0.0.1:9', undefined, { timeoutMs: 500 });
    await expect(engine.search({ index: 'experts', q: '遥感' })).rejects.toSatisfy(
      (error) => error instanceof ApiError && error.code === 'SEARCH_UNAVAILABLE',
    );
    expect((await engine.health()).status).toBe('down');
  });
});
