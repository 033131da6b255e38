import { searchSettings, type IndexName, type SearchDocs } from '@jiedui/search-config';
import {
  Meilisearch,
  MeilisearchApiError,
  MeilisearchRequestError,
  MeilisearchRequestTimeOutError,
  MeilisearchTaskTimeOutError,
  type EnqueuedTaskPromise,
  type Hit,
  type IndexSwap,
  type SearchParams,
  type SearchResponse,
} from 'meilisearch';
import { ApiError } from '../lib/errors.js';
import type {
  FederatedHit,
  FilterValue,
  SearchEngine,
  SearchFilter,
  SearchHit,
  SearchResult,
} from './engine.js';
import {
  parseDocs,
  parseFederatedSearch,
  parseIds,
  parseSearchQuery,
  type ResolvedQuery,
} from './validate.js';

export interface MeilisearchEngineOptions {
  /** Prepended to the index names (experts, problems), so several deployments or test runs share one server. */
  indexPrefix?: string;
  /** Longest wait for a request, in milliseconds. */
  timeoutMs?: number;
  /** Longest wait for an indexing task, in milliseconds. */
  taskTimeoutMs?: number;
}

function literal(value: FilterValue): string {
  if (typeof value !== 'string') return String(value);
  return `"${value.replace(/\\/gu, '\\\\').replace(/"/gu, '\\"')}"`;
}

/** Translates a typed filter to Meilisearch's filter expression. */
export function toMeilisearchFilter(filter: SearchFilter): string {
  if ('and' in filter) return filter.and.map((f) => `(${toMeilisearchFilter(f)})`).join(' AND ');
  if ('or' in filter) return filter.or.map((f) => `(${toMeilisearchFilter(f)})`).join(' OR ');
  if ('not' in filter) return `NOT (${toMeilisearchFilter(filter.not)})`;
  switch (filter.op) {
    case 'eq':
      return `${filter.field} = ${literal(filter.value)}`;
    case 'in':
      return `${filter.field} IN [${filter.value.map(literal).join(', ')}]`;
    case 'gte':
      return `${filter.field} >= ${filter.value}`;
    case 'lte':
      return `${filter.field} <= ${filter.value}`;
    case 'exists':
      return `${filter.field} EXISTS`;
  }
}

// Every searchable attribute is highlighted with these private marks, so one response yields the
// matched terms of each hit and, after swapping the marks, the caller's highlights.
const markOpen = '\uE000';
const markClose = '\uE001';
const marked = /\uE000([^\uE001]*)\uE001/gu;

function markedTerms(value: unknown, into: Set<string>): void {
  if (typeof value === 'string') {
    for (const [, term] of value.matchAll(marked)) if (term) into.add(term.toLowerCase());
  } else if (Array.isArray(value)) {
    for (const item of value) markedTerms(item, into);
  }
}

function retag(value: unknown, preTag: string, postTag: string): string | string[] | undefined {
  const swap = (text: string) => text.replaceAll(markOpen, preTag).replaceAll(markClose, postTag);
  if (typeof value === 'string') return swap(value);
  if (Array.isArray(value))
    return value.filter((v): v is string => typeof v === 'string').map(swap);
  return undefined;
}

function toHit(hit: Hit, query: Pick<ResolvedQuery, 'q' | 'highlight'>): SearchHit {
  const document: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(hit)) if (!key.startsWith('_')) document[key] = value;
  const formatted: Record<string, unknown> = hit._formatted ?? {};
  const terms = new Set<string>();
  for (const value of Object.values(formatted)) markedTerms(value, terms);
  const highlights: Record<string, string | string[]> = {};
  if (query.highlight) {
    for (const attribute of query.highlight.attributes) {
      const value = retag(formatted[attribute], query.highlight.preTag, query.highlight.postTag);
      if (value !== undefined) highlights[attribute] = value;
    }
  }
  return {
    id: String(document.id),
    score: query.q ? (hit._rankingScore ?? 0) : 1,
    matchedTerms: [...terms],
    highlights,
    document: document as unknown as SearchDocs[IndexName],
  };
}

function searchParams(query: ResolvedQuery): SearchParams {
  const params: SearchParams = {
    q: query.q,
    limit: query.limit,
    offset: query.offset,
    matchingStrategy: query.matchingStrategy,
    showRankingScore: true,
    attributesToHighlight: searchSettings[query.index].searchableAttributes,
    highlightPreTag: markOpen,
    highlightPostTag: markClose,
  };
  if (query.filter) params.filter = toMeilisearchFilter(query.filter);
  if (query.facets.length > 0) params.facets = query.facets;
  if (query.sort.length > 0) params.sort = query.sort.map((s) => `${s.field}:${s.direction}`);
  return params;
}

function toResult(response: SearchResponse, query: ResolvedQuery): SearchResult {
  return {
    hits: response.hits.map((hit) => toHit(hit, query)),
    estimatedTotalHits: response.estimatedTotalHits ?? response.totalHits ?? response.hits.length,
    facetDistribution: Object.fromEntries(
      query.facets.map((facet) => [facet, response.facetDistribution?.[facet] ?? {}]),
    ),
  };
}

function unavailableCause(error: unknown): boolean {
  if (
    error instanceof MeilisearchRequestError ||
    error instanceof MeilisearchRequestTimeOutError ||
    error instanceof MeilisearchTaskTimeOutError
  ) {
    return true;
  }
  // A missing index means nothing was ever indexed there: search is not ready, not broken input.
  return (
    error instanceof MeilisearchApiError &&
    (error.response.status >= 500 || error.cause?.code === 'index_not_found')
  );
}

async function guard<T>(work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    if (unavailableCause(error)) throw new ApiError('SEARCH_UNAVAILABLE', { cause: error });
    throw error;
  }
}

export function createMeilisearchEngine(
  url: string,
  apiKey?: string,
  options: MeilisearchEngineOptions = {},
): SearchEngine {
  const client = new Meilisearch({ host: url, apiKey, timeout: options.timeoutMs ?? 3_000 });
  const prefix = options.indexPrefix ?? '';
  const uid = (index: IndexName) => `${prefix}${index}`;
  const extraWords = new Map<IndexName, readonly string[]>();
  const taskTimeout = options.taskTimeoutMs ?? 120_000;

  async function settle(task: EnqueuedTaskPromise, tolerated?: string): Promise<void> {
    const done = await task.waitTask({ timeout: taskTimeout, interval: 50 });
    if (done.status === 'failed' && done.error?.code !== tolerated) {
      throw new Error(`meilisearch task ${done.uid} failed: ${done.error?.message ?? 'unknown'}`);
    }
  }

  async function configure(target: string, index: IndexName): Promise<void> {
    const settings = searchSettings[index];
    await settle(client.createIndex(target, { primaryKey: 'id' }), 'index_already_exists');
    await settle(
      client.index(target).updateSettings({
        searchableAttributes: settings.searchableAttributes,
        displayedAttributes: settings.displayedAttributes,
        filterableAttributes: settings.filterableAttributes,
        sortableAttributes: settings.sortableAttributes,
        rankingRules: settings.rankingRules,
        synonyms: settings.synonyms,
        stopWords: settings.stopWords,
        dictionary: [...new Set([...settings.dictionary, ...(extraWords.get(index) ?? [])])],
        typoTolerance: settings.typoTolerance,
        localizedAttributes: settings.localizedAttributes,
        pagination: settings.pagination,
        faceting: settings.faceting,
      }),
    );
  }

  return {
    kind: 'meilisearch',
    async health() {
      const started = performance.now();
      try {
        await client.health();
        return { status: 'up', latencyMs: Math.round(performance.now() - started) };
      } catch (error) {
        return { status: 'down', detail: error instanceof Error ? error.message : String(error) };
      }
    },
    applySettings(index, applyOptions) {
      if (applyOptions?.dictionary) extraWords.set(index, applyOptions.dictionary);
      return guard(() => configure(uid(index), index));
    },
    upsert(index, docs) {
      const parsed = parseDocs(index, docs);
      return guard(() =>
        settle(client.index(uid(index)).addDocuments(parsed, { primaryKey: 'id' })),
      );
    },
    remove(index, ids) {
      const parsed = parseIds(ids);
      return guard(() => settle(client.index(uid(index)).deleteDocuments(parsed)));
    },
    search(query) {
      const resolved = parseSearchQuery(query);
      return guard(async () => {
        const response = await client
          .index(uid(resolved.index))
          .search(null, searchParams(resolved));
        return toResult(response, resolved) as SearchResult<typeof query.index>;
      });
    },
    multiSearch(queries) {
      const resolved = queries.map((query) => parseSearchQuery(query));
      return guard(async () => {
        const { results } = await client.multiSearch({
          queries: resolved.map((query) => ({
            indexUid: uid(query.index),
            ...searchParams(query),
          })),
        });
        return results.map((response, i) => {
          const query = resolved[i];
          if (!query) throw new Error('meilisearch returned more results than queries');
          return toResult(response, query);
        });
      });
    },
    federatedSearch(queries, federation) {
      const { queries: resolved, limit, offset } = parseFederatedSearch(queries, federation);
      return guard(async () => {
        const response = await client.multiSearch({
          federation: { limit, offset },
          queries: resolved.map((query) => {
            // Federation pages the merged list; per-query paging is refused by Meilisearch.
            const { limit: _limit, offset: _offset, ...params } = searchParams(query);
            return {
              indexUid: uid(query.index),
              ...params,
              federationOptions: { weight: query.weight },
            };
          }),
        });
        const hits = response.hits.map((hit): FederatedHit => {
          const queryIndex = hit._federation?.queriesPosition ?? 0;
          const query = resolved[queryIndex] as ResolvedQuery & { weight: number };
          return {
            ...toHit(hit, query),
            index: query.index,
            queryIndex,
            weightedScore: hit._federation?.weightedRankingScore ?? 0,
          } as FederatedHit;
        });
        return { hits, estimatedTotalHits: response.estimatedTotalHits ?? hits.length };
      });
    },
    rebuild(index, batches, onProgress) {
      const target = uid(index);
      const aside = `${target}__rebuild_${Date.now()}`;
      return guard(async () => {
        let indexed = 0;
        let count = 0;
        try {
          await configure(target, index);
          await configure(aside, index);
          for await (const batch of batches) {
            const docs = parseDocs(index, batch);
            await settle(client.index(aside).addDocuments(docs, { primaryKey: 'id' }));
            indexed += docs.length;
            count++;
            onProgress?.({ index, indexed, batches: count });
          }
          // Meilisearch 1.16 (docker-compose.yml) rejects the `rename` field added in 1.18; a
          // swap without it exchanges the two indexes, as wanted here.
          await settle(client.swapIndexes([{ indexes: [target, aside] } as IndexSwap]));
        } finally {
          await client.deleteIndexIfExists(aside);
        }
        return { indexed };
      });
    },
    count(index) {
      return guard(async () => {
        try {
          return (await client.index(uid(index)).getStats()).numberOfDocuments;
        } catch (error) {
          if (error instanceof MeilisearchApiError && error.cause?.code === 'index_not_found')
            return 0;
          throw error;
        }
      });
    },
    close: () => Promise.resolve(),
  };
}
