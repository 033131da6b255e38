import type { Env } from '../env.js';
import { createEmbeddedEngine } from './embedded.js';
import type { SearchEngine } from './engine.js';
import { createMeilisearchEngine } from './meilisearch.js';

export type { DependencyStatus, SearchEngine } from './engine.js';

export function createSearchEngine(
  env: Pick<Env, 'SEARCH_ENGINE' | 'MEILI_URL' | 'MEILI_MASTER_KEY'>,
): SearchEngine {
  if (env.SEARCH_ENGINE === 'meilisearch' && env.MEILI_URL) {
    return createMeilisearchEngine(env.MEILI_URL, env.MEILI_MASTER_KEY);
  }
  return createEmbeddedEngine();
}
