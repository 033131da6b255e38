import { Meilisearch } from 'meilisearch';
import type { SearchEngine } from './engine.js';

export function createMeilisearchEngine(url: string, apiKey?: string): SearchEngine {
  const client = new Meilisearch({ host: url, apiKey, timeout: 3_000 });
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
    close: () => Promise.resolve(),
  };
}
