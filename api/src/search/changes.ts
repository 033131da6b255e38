import type { IndexName } from '@jiedui/search-config';

// The cheap "dirty" signal of write→searchable. A write that bumped a record's rev announces the
// record here once it is stored, and the indexer of the same process pushes exactly those records
// at once instead of waiting for its next scan of every rev/indexedRev (a full collection scan
// on the local server, seconds at 100k records). Announcing is only a hint: nothing is recorded
// until the indexer marks the pushed rev, so a lost announcement or a crash still leaves the
// gap for the periodic scan (Invariant 2).

type Listener = (index: IndexName, ids: readonly string[]) => void;

const listeners = new Set<Listener>();

/** Tells the indexers of this process that these records changed in the store. */
export function announceWrites(index: IndexName, ids: readonly string[]): void {
  if (ids.length === 0) return;
  for (const listener of listeners) listener(index, ids);
}

const engagementListeners = new Set<(ids: readonly string[]) => void>();

/**
 * Tells the indexers of this process that these engagements changed: their experts' documents
 * (remaining capacity, declines, engagements) are derived from them.
 */
export function announceEngagementWrites(ids: readonly string[]): void {
  if (ids.length === 0) return;
  for (const listener of engagementListeners) listener(ids);
}

/** Subscribes to announced engagement writes; returns the unsubscribe function. */
export function onEngagementWrites(listener: (ids: readonly string[]) => void): () => void {
  engagementListeners.add(listener);
  return () => engagementListeners.delete(listener);
}

/** Subscribes to announced writes; returns the unsubscribe function. */
export function onWrites(listener: Listener): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}
