/**
 * The search port. The API talks to search only through this interface; each adapter
 * (embedded in-process engine, Meilisearch) translates it to its engine.
 */
export interface DependencyStatus {
  status: 'up' | 'down';
  latencyMs?: number;
  detail?: string;
}

export interface SearchEngine {
  readonly kind: 'embedded' | 'meilisearch';
  health(): Promise<DependencyStatus>;
  close(): Promise<void>;
}
