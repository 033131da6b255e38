import {
  embedderNames,
  embedderSettings,
  searchSettings,
  type EmbeddingModel,
  type IndexName,
  type SearchDocs,
} from '@jiedui/search-config';
import {
  Meilisearch,
  MeilisearchApiError,
  MeilisearchRequestError,
  MeilisearchRequestTimeOutError,
  MeilisearchTaskTimeOutError,
  type Embedder,
  type Embedders,
  type EnqueuedTaskPromise,
  type Hit,
  type IndexSwap,
  type SearchParams,
  type SearchResponse,
  type Settings,
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
import {
  hybridParams,
  splitHybrid,
  withVectors,
  type ResolvedHybrid,
  type VectorSource,
} from './vectors.js';

export interface MeilisearchEngineOptions {
  /** Prepended to the index names (experts, problems), so several deployments or test runs share one server. */
  indexPrefix?: string;
  /** Longest wait for a request, in milliseconds. */
  timeoutMs?: number;
  /** Longest wait for an indexing task, in milliseconds. */
  taskTimeoutMs?: number;
  /**
   * Semantic vectors: with a source whose model is on, each index gets a userProvided embedder
   * sized by the model, documents carry their vectors and queries with a `vector` run hybrid.
   */
  vectors?: VectorSource;
}

/** The embedder an index was configured with: its name and the model's dimensions. */
export interface IndexEmbedder {
  name: string;
  dimensions: number;
}

/**
 * The whole settings object of an index as Meilisearch takes it: search-config's settings, the
 * extra dictionary words and, when a model is in use, the userProvided embedder sized by it.
 */
export function meilisearchSettings(
  index: IndexName,
  options: { dictionary?: readonly string[]; model?: EmbeddingModel } = {},
): Settings {
  const settings = searchSettings[index];
  return {
    searchableAttributes: settings.searchableAttributes,
    displayedAttributes: settings.displayedAttributes,
    filterableAttributes: settings.filterableAttributes,
    sortableAttributes: settings.sortableAttributes,
    rankingRules: settings.rankingRules,
    synonyms: settings.synonyms,
    stopWords: settings.stopWords,
    dictionary: [...new Set([...settings.dictionary, ...(options.dictionary ?? [])])],
    typoTolerance: settings.typoTolerance,
    localizedAttributes: settings.localizedAttributes,
    pagination: settings.pagination,
    faceting: settings.faceting,
    ...(options.model ? { embedders: embedderSettings(index, options.model) } : {}),
  };
}

/**
 * Whether the index's current embedder must be removed before the wanted one is set: a
 * userProvided embedder of another size (a new model) or of another source. Removing it drops
 * its vectors, which were computed by the old model anyway.
 */
export function embedderNeedsReset(current: Embedders | undefined, wanted: IndexEmbedder): boolean {
  const existing: Embedder | undefined = current?.[wanted.name];
  if (!existing) return false;
  return existing.source !== 'userProvided' || existing.dimensions !== wanted.dimensions;
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

type HitQuery = Pick<ResolvedQuery, 'q' | 'highlight'> & { hybrid?: unknown };

function toHit(hit: Hit, query: HitQuery): SearchHit {
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
    // A hybrid query ranks by meaning even without text: its score is Meilisearch's.
    score: query.q || query.hybrid ? (hit._rankingScore ?? 0) : 1,
    matchedTerms: [...terms],
    highlights,
    document: document as unknown as SearchDocs[IndexName],
  };
}

/** A parsed query with the hybrid part the adapter sends, if the index has an embedder. */
export type MeiliQuery = ResolvedQuery & { hybrid?: ResolvedHybrid; embedder?: IndexEmbedder };

/** The search request body of a query, hybrid when it carries a vector and the index an embedder. */
export function searchParams(query: MeiliQuery): SearchParams {
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
  if (query.hybrid && query.embedder)
    Object.assign(params, hybridParams(query.hybrid, query.embedder));
  return params;
}

function toResult(response: SearchResponse, query: MeiliQuery): SearchResult {
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

// Meilisearch's error codes about embedders, vectors and hybrid search (invalid_search_embedder,
// invalid_vector_dimensions, invalid_settings_embedders, invalid_document_vectors_field,
// vector_embedding_error, invalid_search_semantic_ratio, …). The adapter checks what it sends,
// so one of these means the engine's embedder does not match the model in use.
const embedderCode = /embedder|vector|hybrid|semantic/u;

/** A clear SEARCH_UNAVAILABLE for an embedder problem the engine reported. */
export function embedderError(code: string, detail: string, cause?: unknown): ApiError {
  return new ApiError('SEARCH_UNAVAILABLE', {
    message: {
      zh: `搜索引擎的语义检索配置与当前模型不符（${code}），请重新应用搜索设置。`,
      en: `The search engine's semantic search does not match the model in use (${code}); apply the search settings again.`,
    },
    details: { code, detail },
    cause,
  });
}

/** The error the port reports for what the Meilisearch client threw. */
export function translateError(error: unknown): unknown {
  if (error instanceof ApiError) return error;
  if (error instanceof MeilisearchApiError) {
    const code = error.cause?.code ?? '';
    if (embedderCode.test(code)) return embedderError(code, error.message, error);
  }
  if (unavailableCause(error)) return new ApiError('SEARCH_UNAVAILABLE', { cause: error });
  return error;
}

async function guard<T>(work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    throw translateError(error);
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
  // The embedder each index was configured with by this process; none while semantic is off.
  const embedders = new Map<IndexName, IndexEmbedder>();

  async function settle(task: EnqueuedTaskPromise, tolerated?: string): Promise<void> {
    const done = await task.waitTask({ timeout: taskTimeout, interval: 50 });
    if (done.status === 'failed' && done.error?.code !== tolerated) {
      const code = done.error?.code ?? '';
      const message = done.error?.message ?? 'unknown';
      if (embedderCode.test(code)) throw embedderError(code, message);
      throw new Error(`meilisearch task ${done.uid} failed: ${message}`);
    }
  }

  async function configure(target: string, index: IndexName): Promise<IndexEmbedder | undefined> {
    const model = await options.vectors?.model();
    const embedder = model && { name: embedderNames[index], dimensions: model.dimensions };
    await settle(client.createIndex(target, { primaryKey: 'id' }), 'index_already_exists');
    if (embedder && embedderNeedsReset(await client.index(target).getEmbedders(), embedder)) {
      await settle(client.index(target).updateEmbedders({ [embedder.name]: null }));
    }
    await settle(
      client
        .index(target)
        .updateSettings(
          meilisearchSettings(index, { dictionary: extraWords.get(index) ?? [], model }),
        ),
    );
    return embedder;
  }

  /** The documents as sent: with their vectors when the index has an embedder. */
  async function outgoing<I extends IndexName>(
    index: I,
    docs: SearchDocs[I][],
    embedder = embedders.get(index),
  ): Promise<SearchDocs[I][]> {
    if (!embedder || !options.vectors) return docs;
    const vectors = await options.vectors.vectorsOf(index, docs);
    return withVectors(docs, embedder, vectors);
  }

  /** Parses a query; the hybrid part is kept only where the index has an embedder. */
  function resolveQuery<Q extends { vector?: number[]; semanticRatio?: number; index: IndexName }>(
    query: Q,
    parse: (rest: Omit<Q, 'vector' | 'semanticRatio'>) => ResolvedQuery,
  ): MeiliQuery {
    const { rest, hybrid } = splitHybrid(query);
    const resolved: MeiliQuery = parse(rest);
    const embedder = embedders.get(resolved.index);
    if (hybrid && embedder) {
      resolved.hybrid = hybrid;
      resolved.embedder = embedder;
    }
    return resolved;
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
    hybrid: (index) => embedders.has(index),
    applySettings(index, applyOptions) {
      if (applyOptions?.dictionary) extraWords.set(index, applyOptions.dictionary);
      return guard(async () => {
        const embedder = await configure(uid(index), index);
        if (embedder) embedders.set(index, embedder);
        else embedders.delete(index);
      });
    },
    upsert(index, docs) {
      const parsed = parseDocs(index, docs);
      return guard(async () => {
        const body = await outgoing(index, parsed);
        await settle(client.index(uid(index)).addDocuments(body, { primaryKey: 'id' }));
      });
    },
    remove(index, ids) {
      const parsed = parseIds(ids);
      return guard(() => settle(client.index(uid(index)).deleteDocuments(parsed)));
    },
    search(query) {
      const resolved = resolveQuery(query, (rest) => parseSearchQuery(rest));
      return guard(async () => {
        const response = await client
          .index(uid(resolved.index))
          .search(null, searchParams(resolved));
        return toResult(response, resolved) as SearchResult<typeof query.index>;
      });
    },
    multiSearch(queries) {
      const resolved = queries.map((query) =>
        resolveQuery(query, (rest) => parseSearchQuery(rest)),
      );
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
      const split = queries.map((query) => splitHybrid(query));
      const parsed = parseFederatedSearch(
        split.map((query) => query.rest),
        federation,
      );
      const { limit, offset } = parsed;
      const resolved = parsed.queries.map((query, i): MeiliQuery & { weight: number } => {
        const hybrid = split[i]?.hybrid;
        const embedder = embedders.get(query.index);
        return hybrid && embedder ? { ...query, hybrid, embedder } : query;
      });
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
          const query = resolved[queryIndex] as MeiliQuery & { weight: number };
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
          const embedder = await configure(aside, index);
          for await (const batch of batches) {
            const docs = parseDocs(index, batch);
            const body = await outgoing(index, docs, embedder);
            await settle(client.index(aside).addDocuments(body, { primaryKey: 'id' }));
            indexed += docs.length;
            count++;
            onProgress?.({ index, indexed, batches: count });
          }
          // Meilisearch 1.16 (docker-compose.yml) rejects the `rename` field added in 1.18; a
          // swap without it exchanges the two indexes, as wanted here.
          await settle(client.swapIndexes([{ indexes: [target, aside] } as IndexSwap]));
          if (embedder) embedders.set(index, embedder);
          else embedders.delete(index);
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
