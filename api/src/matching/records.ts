import type { ExpertDoc } from '../features/experts/repository.js';
import type { ProblemDoc } from '../features/problems/repository.js';
import type { Repositories } from '../features/repositories.js';
import { onWrites } from '../search/changes.js';

// The experts and problems a match reads by `_id` (the one asked about, the few problems an
// expert reads in full), kept in memory: one read by `_id` of a large collection cost the local
// server 100–400 ms before its `_id` patch (tools/ferretdb/patches.json), 1–2 ms since, and a
// MongoDB round trip elsewhere; the copy in memory costs nothing. Every write that bumps a
// record's rev announces it in-process (search/changes.ts, from versionedUpdate and the
// repositories), and the announcement drops the record here before the write returns to its
// caller, so the next match reads it again. A read that overlaps an announced write is not kept, so a read started before
// the write cannot put the old record back. Writes no announcement reaches (another API instance,
// the demo seed) are caught by the matcher, which re-reads a record whose indexed rev is newer
// than the cached one (once this instance's indexer has pushed it), and bounded by `maxAgeMs`.

const maxEntries = 5_000;
const maxAgeMs = 5 * 60_000;

type Name = 'experts' | 'problems';

interface Entry {
  /** The collection the record came from: a cache per store, with one eviction order. */
  owner: object;
  doc: ExpertDoc | ProblemDoc;
  at: number;
}

const entries: Record<Name, Map<string, Entry>> = { experts: new Map(), problems: new Map() };
// Counts announced writes: a read that saw it change may have read an older record.
let writes = 0;

onWrites((index, ids) => {
  writes++;
  for (const id of ids) entries[index].delete(id);
});

async function cached<D extends ExpertDoc | ProblemDoc>(
  name: Name,
  repository: { collection: object; get(id: string): Promise<D | null> },
  id: string,
): Promise<D | null> {
  const map = entries[name];
  const hit = map.get(id);
  const now = performance.now();
  if (hit?.owner === repository.collection && now - hit.at < maxAgeMs) {
    // Most recently used last: eviction drops the oldest first.
    map.delete(id);
    map.set(id, hit);
    return hit.doc as D;
  }
  const seen = writes;
  const doc = await repository.get(id);
  if (doc && seen === writes) {
    map.delete(id);
    map.set(id, { owner: repository.collection, doc, at: now });
    if (map.size > maxEntries) {
      const oldest = map.keys().next();
      if (!oldest.done) map.delete(oldest.value);
    }
  } else if (!doc) map.delete(id);
  return doc;
}

/** The problem by `_id`, from memory when no write to it was announced since it was read. */
export function cachedProblem(repos: Repositories, id: string): Promise<ProblemDoc | null> {
  return cached('problems', repos.problems, id);
}

/** The expert by `_id`, from memory when no write to it was announced since it was read. */
export function cachedExpert(repos: Repositories, id: string): Promise<ExpertDoc | null> {
  return cached('experts', repos.experts, id);
}

/** Drops a record known to be older than the engine's copy (a write from another instance). */
export function forgetRecord(name: Name, id: string): void {
  entries[name].delete(id);
}
