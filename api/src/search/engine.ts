/**
 * The search port. The API talks to search only through this interface; each adapter
 * (embedded in-process engine, Meilisearch) translates it to its engine. Filters, sorts and
 * facets are typed data checked against the index settings in search-config, never engine syntax.
 */
import type { IndexName, SearchDocs } from '@jiedui/search-config';
import type { TextScorer } from '../matching/text-evidence.js';

export type {
  ExpertSearchDoc,
  IndexName,
  ProblemSearchDoc,
  SearchDocs,
} from '@jiedui/search-config';

export interface DependencyStatus {
  status: 'up' | 'down';
  latencyMs?: number;
  detail?: string;
}

export type FilterValue = string | number | boolean;

/**
 * A filter on filterable attributes. On array attributes `eq` and `in` match when any element
 * does; `exists` is true when the attribute is present.
 */
export type SearchFilter =
  | { field: string; op: 'eq'; value: FilterValue }
  | { field: string; op: 'in'; value: FilterValue[] }
  | { field: string; op: 'gte' | 'lte'; value: number }
  | { field: string; op: 'exists' }
  | { and: SearchFilter[] }
  | { or: SearchFilter[] }
  | { not: SearchFilter };

/**
 * How many query words a document must contain. `last` (the default) wants all words and, when
 * too few documents have them all, drops words from the end of the query; `frequency` drops
 * the most common words first; `all` wants every word.
 */
export type MatchingStrategy = 'last' | 'all' | 'frequency';

export interface SearchQuery<I extends IndexName = IndexName> {
  index: I;
  /** Free text; empty or absent lists the documents that pass the filter. */
  q?: string;
  filter?: SearchFilter;
  /** Filterable attributes whose value counts over every matching document are wanted. */
  facets?: string[];
  /** Sortable attributes, applied where the index's ranking rules put `sort`. */
  sort?: { field: string; direction: 'asc' | 'desc' }[];
  /** 1–1000, default 20. */
  limit?: number;
  offset?: number;
  /** Marks the matched words in these attributes with the tags (default `<em>` / `</em>`). */
  highlight?: { attributes: string[]; preTag?: string; postTag?: string };
  matchingStrategy?: MatchingStrategy;
  /**
   * Hybrid search: the query's embedding from the semantic model (the same model as the
   * documents' vectors). Meilisearch ranks by it through the index's userProvided embedder; an
   * engine without vectors for the index answers by the text alone (`SearchEngine.hybrid`).
   */
  vector?: number[];
  /** Weight of the vector ranking against keyword relevance, 0–1 (default 0.5); needs `vector`. */
  semanticRatio?: number;
}

export interface SearchHit<I extends IndexName = IndexName> {
  id: string;
  /** Relevance in [0, 1], comparable between hits of one engine; 1 for a query without text. */
  score: number;
  /** The document's words that matched the query (after synonyms and typos), lowercase. */
  matchedTerms: string[];
  /** The requested attributes with the matched words between the tags. */
  highlights: Record<string, string | string[]>;
  document: SearchDocs[I];
}

export interface SearchResult<I extends IndexName = IndexName> {
  hits: SearchHit<I>[];
  /** Documents that match the text and the filter (not only this page). */
  estimatedTotalHits: number;
  /** Per requested facet, value → number of matching documents. */
  facetDistribution: Record<string, Record<string, number>>;
}

/** A query inside a federated search; `weight` (default 1) multiplies its hits' scores. */
export type FederatedQuery = Omit<SearchQuery, 'limit' | 'offset' | 'facets'> & { weight?: number };

export type FederatedHit = {
  [I in IndexName]: SearchHit<I> & {
    index: I;
    /** Position of the query that produced the hit in the request. */
    queryIndex: number;
    weightedScore: number;
  };
}[IndexName];

export interface FederatedResult {
  /** Hits of all queries merged by weighted score; a document found twice appears once. */
  hits: FederatedHit[];
  estimatedTotalHits: number;
}

export interface RebuildProgress {
  index: IndexName;
  indexed: number;
  batches: number;
}

export interface ApplySettingsOptions {
  /** Extra words to keep whole when segmenting, e.g. taxonomy labels; merged with the settings. */
  dictionary?: readonly string[];
}

export interface SearchEngine {
  readonly kind: 'embedded' | 'meilisearch';
  /**
   * The matcher's text similarity over the indexed documents, when the engine keeps their terms
   * (the embedded engine, in its worker). Without it the matcher segments the hits itself.
   */
  readonly textScorer?: TextScorer;
  /**
   * Whether the engine ranks by a query's `vector` on this index now (an embedder is configured
   * for the model in use). Absent or false: send no `vector`; the text alone ranks.
   */
  hybrid?(index: IndexName): boolean;
  health(): Promise<DependencyStatus>;
  /**
   * Applies search-config's settings to the index, creating it if needed, and resolves when the
   * engine uses them. Changing the dictionary re-segments documents already indexed.
   */
  applySettings(index: IndexName, options?: ApplySettingsOptions): Promise<void>;
  /** Adds or replaces documents by id; resolves when they are searchable. */
  upsert<I extends IndexName>(index: I, docs: readonly SearchDocs[I][]): Promise<void>;
  /** Removes documents by id; unknown ids are ignored. */
  remove(index: IndexName, ids: readonly string[]): Promise<void>;
  search<I extends IndexName>(query: SearchQuery<I>): Promise<SearchResult<I>>;
  /** Runs several queries at once; the results come back in the order of the queries. */
  multiSearch(queries: readonly SearchQuery[]): Promise<SearchResult[]>;
  /** Runs several queries and merges their hits into one ranked list. */
  federatedSearch(
    queries: readonly FederatedQuery[],
    options?: { limit?: number; offset?: number },
  ): Promise<FederatedResult>;
  /**
   * Replaces the whole index with the documents of `batches`, built aside and swapped in at
   * once: searches during the rebuild see the old index. Writes made through `upsert`/`remove`
   * while it runs are lost with the old index, so the indexer re-runs its pass afterwards.
   */
  rebuild<I extends IndexName>(
    index: I,
    batches: AsyncIterable<readonly SearchDocs[I][]> | Iterable<readonly SearchDocs[I][]>,
    onProgress?: (progress: RebuildProgress) => void,
  ): Promise<{ indexed: number }>;
  count(index: IndexName): Promise<number>;
  close(): Promise<void>;
}
