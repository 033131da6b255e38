import type { SearchEngine } from './engine.js';

/** The in-process engine: it lives in this process, so it is up whenever the API is. */
export function createEmbeddedEngine(): SearchEngine {
  return {
    kind: 'embedded',
    health: () => Promise.resolve({ status: 'up', latencyMs: 0 }),
    close: () => Promise.resolve(),
  };
}
