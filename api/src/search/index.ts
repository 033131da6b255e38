import type { Env } from '../env.js';
import { createEmbeddedEngine } from './embedded.js';
import type { SearchEngine } from './engine.js';
import { createMeilisearchEngine } from './meilisearch.js';
import type { VectorSource } from './vectors.js';

export type { DependencyStatus, SearchEngine } from './engine.js';

export function createSearchEngine(
  env: Pick<Env, 'SEARCH_ENGINE' | 'MEILI_URL' | 'MEILI_MASTER_KEY'>,
  options: { vectors?: VectorSource } = {},
): SearchEngine {
  if (env.SEARCH_ENGINE === 'meilisearch' && env.MEILI_URL) {
    // Meilisearch stores the semantic vectors with the documents (userProvided embedders).
    return createMeilisearchEngine(env.MEILI_URL, env.MEILI_MASTER_KEY, {
      ...(options.vectors ? { vectors: options.vectors } : {}),
    });
  }
  return createEmbeddedEngine();
}
