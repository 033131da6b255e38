import { createHash } from 'node:crypto';
import type { Db } from 'mongodb';
import type { ExpertDoc } from '../features/experts/repository.js';
import type { ProblemDoc } from '../features/problems/repository.js';
import type { Repositories } from '../features/repositories.js';
import type { Logger } from '../lib/logger.js';
import { onWrites } from '../search/changes.js';
import { fieldLabels } from '../search/documents.js';
import { createEmbedder, type Embedder, type EmbedderOptions } from './embedder.js';
import { findModel } from './models.js';
import { expertProfileText, problemText, publicationText } from './texts.js';
import { createVectorIndex, type OwnerHit, type VectorIndex } from './vector-index.js';
import {
  createVectorStore,
  type StoredVectors,
  type VectorKind,
  type VectorStore,
} from './vector-store.js';

// Semantic matching as one service: the model's embedder, the vectors of every expert (profile +
// one per publication) and problem (sentence chunks of what any reader may see), kept in step with
// the store by the same rev discipline as the search indexer, and exact cosine indexes over them.
// Without the model it is a disabled service that says why; the matcher then runs lexical-only.

export interface SemanticProgress {
  done: number;
  total: number;
}

export interface SemanticStatus {
  enabled: boolean;
  model?: string;
  /** Why semantic matching is off. */
  reason?: string;
  experts: number;
  problems: number;
  /** Records whose vectors are behind their rev, as of the last pass. */
  pending: number;
  progress?: SemanticProgress;
}

export interface SemanticMatch extends OwnerHit {
  /** The rev of the record the vectors were computed from. */
  rev: number;
}

export interface Semantic {
  readonly enabled: boolean;
  status(): SemanticStatus;
  /** Loads the stored vectors into the indexes (once). */
  load(): Promise<void>;
  /** Loads, then embeds what is behind in the background until stop(). */
  start(): Promise<void>;
  stop(): Promise<void>;
  /** One pass: embeds every expert and problem whose vectors are behind its rev. */
  runOnce(onProgress?: (p: SemanticProgress) => void): Promise<{ embedded: number }>;
  /** Chunk vectors of a text (a problem as its reader sees it, an expert's profile), cached. */
  embedText(text: string): Promise<Float32Array[]>;
  /** Experts nearest to the query vectors: the best k, or exactly the named candidates. */
  experts(
    query: readonly Float32Array[],
    options: { k?: number; candidates?: readonly string[]; accept?: (id: string) => boolean },
  ): SemanticMatch[];
  /** Problems nearest to the query vectors (open, public or summary-only unless `accept` says). */
  problems(
    query: readonly Float32Array[],
    options: { k?: number; candidates?: readonly string[]; accept?: (id: string) => boolean },
  ): SemanticMatch[];
  /** The stored vectors of an expert (profile first, then publications), for a problem feed query. */
  expertVectors(
    id: string,
  ): { rev: number; items: { ref: string; vector: Float32Array }[] } | undefined;
  /**
   * The kept vectors of a problem's whole text (problemFullText) when they are of this rev: a
   * match of its experts needs no embedding then. Kept for problems still being matched.
   */
  problemQuery(id: string, rev: number): Float32Array[] | undefined;
  /** The stored vectors of a problem (one per chunk of its public text), with their rev. */
  problemVectors(
    id: string,
  ): { rev: number; items: { ref: string; vector: Float32Array }[] } | undefined;
  /** Calls the listener with the records whose vectors were just stored; returns an unsubscribe. */
  onEmbedded(listener: (index: 'experts' | 'problems', ids: string[]) => void): () => void;
}

export interface SemanticOptions {
  db: Db;
  repos: Repositories;
  logger: Logger;
  modelDir: string;
  modelName?: string;
  embedder?: EmbedderOptions;
  /** Records per embedding batch. Default 8. */
  batchSize?: number;
  /** Pause between background passes. Default 2 000 ms. */
  intervalMs?: number;
}

export function disabledSemantic(reason: string): Semantic {
  const none = () => [];
  return {
    enabled: false,
    status: () => ({ enabled: false, reason, experts: 0, problems: 0, pending: 0 }),
    load: () => Promise.resolve(),
    start: () => Promise.resolve(),
    stop: () => Promise.resolve(),
    runOnce: () => Promise.resolve({ embedded: 0 }),
    embedText: () => Promise.reject(new Error(`semantic matching is off: ${reason}`)),
    experts: none,
    problems: none,
    expertVectors: () => undefined,
    problemQuery: () => undefined,
    problemVectors: () => undefined,
    onEmbedded: () => () => undefined,
  };
}

/**
 * A publication's ref: its position and a tag of its title, so that evidence never names another
 * paper when the list changed after the vectors were computed.
 */
export function publicationRef(index: number, title: string): string {
  return `pub:${index}:${createHash('sha1').update(title).digest('hex').slice(0, 8)}`;
}

/** The texts of an expert that get a vector each, with their refs. */
export function expertTexts(expert: ExpertDoc): { ref: string; text: string }[] {
  return [
    {
      ref: 'profile',
      text: expertProfileText({ ...expert, fieldLabels: fieldLabels(expert.fields) }),
    },
    ...expert.publications.map((p, i) => ({
      ref: publicationRef(i, p.title),
      text: publicationText(p),
    })),
  ].filter((t) => t.text.trim().length > 0);
}

/** What every reader who can find the problem may read: no confidential description. */
export function problemPublicEmbedText(problem: ProblemDoc): string {
  const open = problem.confidentiality === 'public';
  return problemText({
    title: problem.title,
    summary: problem.summary,
    ...(open ? { description: problem.description, desiredOutcome: problem.desiredOutcome } : {}),
    keywords: problem.keywords,
    fieldLabels: fieldLabels(problem.fields),
  });
}

/** The whole text of a problem, as its company and the office read it: what its matches ask. */
export function problemFullText(problem: ProblemDoc): string {
  return [
    problem.title,
    problem.summary,
    problem.description,
    problem.desiredOutcome,
    ...problem.keywords,
    ...fieldLabels(problem.fields),
  ].join('\n');
}

/** Problems whose experts are still asked for: their whole text's vectors are kept as queries. */
const asked = new Set<ProblemDoc['status']>(['draft', 'open', 'in_progress']);
export const keepsQuery = (problem: Pick<ProblemDoc, 'status'>) => asked.has(problem.status);

interface Indexes {
  expert: VectorIndex;
  problem: VectorIndex;
  open: VectorIndex;
}

/** A problem a match may suggest to an expert: open and not private. */
function suggestable(facts: Record<string, string | boolean> | undefined): boolean {
  return facts?.status === 'open' && facts.confidentiality !== 'private';
}

// A problem's vectors in `vectors` are the chunks of its public text (searched: anyone who finds
// the problem may read them). For problems still being matched, those of its whole text — the
// query of its company's and the office's matches, confidential description included — are kept
// in a collection of their own, which nothing but this service reads and nothing indexes: no
// expert's search, and no code that reads `vectors` (an older version, Meilisearch's push), can
// reach them.
export const queryCollection = 'problem_queries';
const queryRef = 'query:';

export function createSemantic(options: SemanticOptions): Semantic {
  const found = findModel(options.modelDir, options.modelName);
  if (!found.model) return disabledSemantic(found.reason);
  const model = found.model;
  const { db, repos, logger } = options;
  const batchSize = options.batchSize ?? 8;
  const intervalMs = options.intervalMs ?? 2_000;
  const store: VectorStore = createVectorStore(db, model.spec.id);
  const queryStore: VectorStore = createVectorStore(db, model.spec.id, queryCollection);
  let embedder: Embedder | undefined;
  // `open` holds the problems a match may suggest to an expert (open, not private: about 6 % of a
  // large store), so a search for them scans those alone; `problem` holds every problem.
  let indexes: Indexes | undefined;
  const revs: Record<VectorKind, Map<string, number>> = { expert: new Map(), problem: new Map() };
  const meta: Record<VectorKind, Map<string, Record<string, string | boolean>>> = {
    expert: new Map(),
    problem: new Map(),
  };
  const dirty: Record<VectorKind, Set<string>> = { expert: new Set(), problem: new Set() };
  const queries = new Map<string, { rev: number; vectors: Float32Array[] }>();
  const cache = new Map<string, Float32Array[]>();
  const embeddedListeners = new Set<(index: 'experts' | 'problems', ids: string[]) => void>();
  let pending = 0;
  let progress: SemanticProgress | undefined;
  let failure: string | undefined;
  let loop: Promise<void> | undefined;
  let unsubscribe: (() => void) | undefined;
  const stopping = new AbortController();
  let queue: Promise<unknown> = Promise.resolve();

  function serial<T>(work: () => Promise<T>): Promise<T> {
    const run = queue.then(work, work);
    queue = run.catch(() => undefined);
    return run;
  }

  let broken: string | undefined;
  async function ready() {
    embedder ??= createEmbedder(model, options.embedder);
    const dims = await embedder.ready().catch((error: unknown) => {
      broken = error instanceof Error ? error.message : String(error);
      throw error;
    });
    indexes ??= {
      expert: createVectorIndex(dims),
      problem: createVectorIndex(dims),
      open: createVectorIndex(dims),
    };
    return { embedder, indexes };
  }

  function apply(entry: StoredVectors, into: Indexes) {
    into[entry.kind].upsert(entry.docId, entry.items);
    if (entry.kind === 'problem') {
      if (suggestable(entry.meta)) into.open.upsert(entry.docId, entry.items);
      else into.open.remove(entry.docId);
    }
    revs[entry.kind].set(entry.docId, entry.rev);
    meta[entry.kind].set(entry.docId, entry.meta);
  }

  const keepQuery = (entry: StoredVectors) => {
    queries.set(entry.docId, { rev: entry.rev, vectors: entry.items.map((item) => item.vector) });
  };

  async function embedBatch(kind: VectorKind, docs: readonly (ExpertDoc | ProblemDoc)[]) {
    const { embedder: e, indexes: into } = await ready();
    const entries: StoredVectors[] = [];
    const queryEntries: StoredVectors[] = [];
    if (kind === 'expert') {
      const experts = docs as ExpertDoc[];
      const texts = experts.map(expertTexts);
      const vectors = await e.embed(
        texts.flat().map((t) => t.text),
        'passage',
      );
      let at = 0;
      experts.forEach((expert, i) => {
        const own = texts[i] ?? [];
        entries.push({
          kind,
          docId: expert._id,
          rev: expert.rev,
          items: own.flatMap((t, k) => {
            const vector = vectors[at + k];
            return vector ? [{ ref: t.ref, vector }] : [];
          }),
          meta: { verified: expert.verification === 'verified', available: expert.available },
        });
        at += own.length;
      });
    } else {
      const problems = docs as ProblemDoc[];
      const matched = problems.filter(keepsQuery);
      const chunks = await e.embedChunked(
        [...problems.map(problemPublicEmbedText), ...matched.map(problemFullText)],
        'passage',
      );
      let next = problems.length;
      problems.forEach((problem, i) => {
        entries.push({
          kind,
          docId: problem._id,
          rev: problem.rev,
          items: (chunks[i] ?? []).map((vector, k) => ({ ref: `chunk:${k}`, vector })),
          meta: { status: problem.status, confidentiality: problem.confidentiality },
        });
        if (!keepsQuery(problem)) return;
        queryEntries.push({
          kind,
          docId: problem._id,
          rev: problem.rev,
          items: (chunks[next++] ?? []).map((vector, k) => ({ ref: `${queryRef}${k}`, vector })),
          meta: {},
        });
      });
    }
    const dims = into.expert.dims;
    // The query first: a problem never has public vectors of a rev whose query is not stored.
    await queryStore.save(queryEntries, dims);
    await store.save(entries, dims);
    const superseded = entries.flatMap((entry) => {
      const old = revs[entry.kind].get(entry.docId);
      return old !== undefined && old !== entry.rev
        ? [store.recordId(entry.kind, entry.docId, old)]
        : [];
    });
    // A problem's earlier query goes when it has a new one or leaves the statuses that keep one.
    const queried = new Set(queryEntries.map((entry) => entry.docId));
    const oldQueries = entries.flatMap((entry) => {
      const old = entry.kind === 'problem' ? queries.get(entry.docId) : undefined;
      if (!old || (queried.has(entry.docId) && old.rev === entry.rev)) return [];
      queries.delete(entry.docId);
      return [queryStore.recordId('problem', entry.docId, old.rev)];
    });
    for (const entry of entries) apply(entry, into);
    for (const entry of queryEntries) keepQuery(entry);
    await store.drop(superseded);
    await queryStore.drop(oldQueries);
    const ids = entries.map((entry) => entry.docId);
    for (const listener of embeddedListeners) {
      listener(kind === 'expert' ? 'experts' : 'problems', ids);
    }
    return entries.length;
  }

  /** Whether a record's vectors are behind it: an older rev, or a matched problem's query missing. */
  function isBehind(kind: VectorKind, row: { _id: string; rev: number; status?: unknown }) {
    const rev = revs[kind].get(row._id) ?? -1;
    if (rev < row.rev) return true;
    return (
      kind === 'problem' &&
      rev === row.rev &&
      keepsQuery(row as Pick<ProblemDoc, 'status'>) &&
      queries.get(row._id)?.rev !== row.rev
    );
  }

  async function behind(kind: VectorKind): Promise<string[]> {
    const rows = await (kind === 'expert' ? repos.experts : repos.problems).collection
      .find({}, { projection: kind === 'expert' ? { rev: 1 } : { rev: 1, status: 1 } })
      .toArray();
    const known = new Set<string>();
    const gaps: string[] = [];
    for (const row of rows) {
      known.add(row._id);
      if (isBehind(kind, row)) gaps.push(row._id);
    }
    // A record gone from the store leaves the index too, and its stored vectors.
    const gone: string[] = [];
    const goneQueries: string[] = [];
    for (const [id, rev] of [...revs[kind]]) {
      if (known.has(id)) continue;
      indexes?.[kind].remove(id);
      if (kind === 'problem') indexes?.open.remove(id);
      gone.push(store.recordId(kind, id, rev));
      const query = kind === 'problem' ? queries.get(id) : undefined;
      if (query) goneQueries.push(queryStore.recordId(kind, id, query.rev));
      queries.delete(id);
      revs[kind].delete(id);
      meta[kind].delete(id);
    }
    await store.drop(gone);
    await queryStore.drop(goneQueries);
    return gaps;
  }

  async function embedIds(kind: VectorKind, ids: readonly string[], tick: () => void) {
    const wanted = new Set(ids);
    const collection = (kind === 'expert' ? repos.experts : repos.problems).collection;
    let batch: (ExpertDoc | ProblemDoc)[] = [];
    let embedded = 0;
    const flush = async () => {
      if (batch.length === 0) return;
      embedded += await embedBatch(kind, batch);
      batch.forEach(() => {
        tick();
      });
      batch = [];
    };
    // A few ids are read by `_id`; more are picked out of one scan of the collection.
    const docs: AsyncIterable<ExpertDoc | ProblemDoc> =
      wanted.size <= 16
        ? (async function* () {
            for (const id of wanted) {
              const doc: ExpertDoc | ProblemDoc | null = await collection.findOne({ _id: id });
              if (doc) yield doc;
            }
          })()
        : collection.find({});
    for await (const doc of docs) {
      if (stopping.signal.aborted) break;
      if (!wanted.has(doc._id) || !isBehind(kind, doc)) continue;
      batch.push(doc);
      if (batch.length >= batchSize) await flush();
    }
    await flush();
    return embedded;
  }

  let loaded: Promise<void> | undefined;
  function load() {
    loaded ??= serial(async () => {
      const { indexes: into } = await ready();
      const stale = await store.load((entry) => {
        apply(entry, into);
      });
      await store.drop(stale);
      const staleQueries = await queryStore.load(keepQuery);
      // A query older than the problem's public vectors was left by a status change (its
      // record is dropped with them) or an interrupted pass (the problem is behind anyway).
      for (const [id, query] of queries) {
        const rev = revs.problem.get(id);
        if (rev !== undefined && query.rev < rev) {
          staleQueries.push(queryStore.recordId('problem', id, query.rev));
          queries.delete(id);
        }
      }
      await queryStore.drop(staleQueries);
      logger.info(
        { model: model.spec.name, experts: into.expert.owners, problems: into.problem.owners },
        'semantic vectors loaded',
      );
    });
    return loaded;
  }

  function runOnce(onProgress?: (p: SemanticProgress) => void) {
    return serial(async () => {
      await ready();
      dirty.expert.clear();
      dirty.problem.clear();
      const [experts, problems] = [await behind('expert'), await behind('problem')];
      pending = experts.length + problems.length;
      progress = { done: 0, total: pending };
      const tick = () => {
        if (!progress) return;
        progress = { done: progress.done + 1, total: progress.total };
        pending = Math.max(0, pending - 1);
        onProgress?.(progress);
      };
      const embedded =
        (await embedIds('expert', experts, tick)) + (await embedIds('problem', problems, tick));
      progress = undefined;
      return { embedded };
    });
  }

  async function background() {
    let wait = intervalMs;
    while (!stopping.signal.aborted) {
      try {
        const hinted = dirty.expert.size + dirty.problem.size;
        if (hinted > 0) {
          const ids = { expert: [...dirty.expert], problem: [...dirty.problem] };
          dirty.expert.clear();
          dirty.problem.clear();
          await serial(async () => {
            await embedIds('expert', ids.expert, () => undefined);
            await embedIds('problem', ids.problem, () => undefined);
          });
        } else {
          await runOnce();
        }
        failure = undefined;
        wait = intervalMs;
      } catch (error) {
        failure = error instanceof Error ? error.message : String(error);
        logger.warn({ err: error }, 'semantic embedding pass failed; retrying');
        wait = Math.min(wait * 2, 60_000);
      }
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, dirty.expert.size + dirty.problem.size > 0 ? 50 : wait);
        stopping.signal.addEventListener(
          'abort',
          () => {
            clearTimeout(timer);
            resolve();
          },
          { once: true },
        );
      });
    }
  }

  function search(
    kind: VectorKind,
    query: readonly Float32Array[],
    options: { k?: number; candidates?: readonly string[]; accept?: (id: string) => boolean },
  ): SemanticMatch[] {
    const all = indexes?.[kind];
    if (!all || query.length === 0) return [];
    // Problems a match may suggest: searched in the index of those alone.
    const index = kind === 'problem' && !options.accept ? (indexes?.open ?? all) : all;
    const hits = options.candidates
      ? [...all.scoreOwners(query, options.candidates).values()]
      : index.search(query, options.k ?? 100, options.accept ?? defaultAccept(kind));
    return hits.map((hit) => ({ ...hit, rev: revs[kind].get(hit.owner) ?? 0 }));
  }

  function defaultAccept(kind: VectorKind) {
    const facts = meta[kind];
    return kind === 'expert'
      ? (id: string) => facts.get(id)?.verified === true && facts.get(id)?.available === true
      : (id: string) => suggestable(facts.get(id));
  }

  return {
    // A model that fails to load turns the service off, as if it were absent.
    get enabled() {
      return broken === undefined;
    },
    status: () => ({
      enabled: broken === undefined,
      model: model.spec.name,
      ...(broken || failure ? { reason: broken ?? failure } : {}),
      experts: indexes?.expert.owners ?? 0,
      problems: indexes?.problem.owners ?? 0,
      pending,
      ...(progress ? { progress } : {}),
    }),
    load,
    async start() {
      await load();
      unsubscribe = onWrites((index, ids) => {
        for (const id of ids) dirty[index === 'experts' ? 'expert' : 'problem'].add(id);
      });
      loop = background();
    },
    async stop() {
      stopping.abort();
      unsubscribe?.();
      await loop;
      await embedder?.close();
    },
    runOnce,
    async embedText(text) {
      const key = createHash('sha1').update(text).digest('hex');
      const hit = cache.get(key);
      if (hit) return hit;
      const { embedder: e } = await ready();
      const [vectors = []] = await e.embedChunked([text], 'passage');
      if (cache.size >= 512) cache.delete(cache.keys().next().value ?? '');
      cache.set(key, vectors);
      return vectors;
    },
    experts: (query, o) => search('expert', query, o),
    problems: (query, o) => search('problem', query, o),
    expertVectors(id) {
      const rev = revs.expert.get(id);
      if (rev === undefined || !indexes) return undefined;
      return { rev, items: indexes.expert.itemsOf(id) };
    },
    problemQuery(id, rev) {
      const kept = queries.get(id);
      return kept?.rev === rev ? kept.vectors : undefined;
    },
    problemVectors(id) {
      const rev = revs.problem.get(id);
      if (rev === undefined || !indexes) return undefined;
      return { rev, items: indexes.problem.itemsOf(id) };
    },
    onEmbedded(listener) {
      embeddedListeners.add(listener);
      return () => {
        embeddedListeners.delete(listener);
      };
    },
  };
}
