import type { ExpertDoc } from '../features/experts/repository.js';
import type { ProblemDoc } from '../features/problems/repository.js';

// Records a bulk writer (an import) has just stored, handed with their content to the indexer of
// this process: it pushes them without reading them back from the store, which on the local
// server means reading the whole collection for every batch. Like announceWrites (changes.ts)
// this is only a hint: the indexer records the rev of the document it was handed, so a record
// changed meanwhile still shows a gap, and a plain announcement of the same record afterwards
// makes the indexer read it instead.

export type StoredDocs =
  | { index: 'experts'; docs: readonly ExpertDoc[] }
  | { index: 'problems'; docs: readonly ProblemDoc[] };

type Listener = (stored: StoredDocs) => void;

const listeners = new Set<Listener>();

/** Hands records just written (as stored, rev included) to the indexers of this process. */
export function handOverStored(stored: StoredDocs): void {
  if (stored.docs.length === 0) return;
  for (const listener of listeners) listener(stored);
}

/** Subscribes to handed-over records; returns the unsubscribe function. */
export function onStored(listener: Listener): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}
