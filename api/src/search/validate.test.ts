import { describe, expect, it } from 'vitest';
import { ApiError } from '../lib/errors.js';
import type { SearchFilter, SearchQuery } from './engine.js';
import { parseFederatedSearch, parseSearchQuery, unfilterableFields } from './validate.js';

const filterable = ['status', 'town', 'budgetMax'];

describe('search query validation', () => {
  it('names every attribute of a nested filter that cannot be filtered', () => {
    const filter: SearchFilter = {
      and: [
        { field: 'status', op: 'eq', value: 'open' },
        {
          or: [
            { field: 'description', op: 'exists' },
            { not: { field: 'secret', op: 'in', value: ['x'] } },
          ],
        },
      ],
    };
    expect(unfilterableFields(filter, filterable)).toEqual(['description', 'secret']);
  });

  it('fills in the defaults', () => {
    expect(parseSearchQuery({ index: 'problems', q: '  数控 ' })).toEqual({
      index: 'problems',
      q: '数控',
      facets: [],
      sort: [],
      limit: 20,
      offset: 0,
      matchingStrategy: 'last',
    });
  });

  it('rejects engine syntax smuggled in place of a typed filter', () => {
    const raw = { index: 'problems', filter: 'status = open' } as unknown as Parameters<
      typeof parseSearchQuery
    >[0];
    expect(() => parseSearchQuery(raw)).toThrow(ApiError);
  });

  it('rejects a range on a string and unknown operators', () => {
    const bad = [
      { field: 'status', op: 'gte', value: 'open' },
      { field: 'status', op: 'regex', value: '.*' },
    ] as unknown as SearchFilter[];
    for (const filter of bad) {
      expect(() => parseSearchQuery({ index: 'problems', filter })).toThrow(ApiError);
    }
  });

  it('rejects facets, sorts and highlights outside the settings', () => {
    const attempts: SearchQuery[] = [
      { index: 'problems', facets: ['title'] },
      { index: 'problems', sort: [{ field: 'title', direction: 'asc' }] },
      { index: 'experts', highlight: { attributes: ['remainingCapacity'] } },
    ];
    for (const query of attempts) {
      expect(() => parseSearchQuery(query)).toThrow(
        expect.objectContaining({ code: 'VALIDATION_FAILED' }) as Error,
      );
    }
  });

  it('refuses pages beyond the reachable hits', () => {
    expect(() => parseSearchQuery({ index: 'experts', offset: 990, limit: 20 })).toThrow(ApiError);
  });

  it('gives federated queries a weight of one unless told otherwise', () => {
    const { queries, limit } = parseFederatedSearch(
      [
        { index: 'experts', q: 'a' },
        { index: 'problems', q: 'b', weight: 2 },
      ],
      undefined,
    );
    expect(queries.map((q) => q.weight)).toEqual([1, 2]);
    expect(limit).toBe(20);
  });
});
