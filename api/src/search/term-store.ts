import type {
  ExpertSearchDoc,
  IndexName,
  ProblemSearchDoc,
  SearchDocs,
} from '@jiedui/search-config';
import {
  expertPieces,
  expertQueryTerms,
  problemPiece,
  type ExpertTerms,
  type PairText,
} from '../matching/text-evidence.js';
import { textTerms } from '../matching/text.js';
import { tfidf, topTerms, type Idf } from '../matching/vectors.js';
import {
  compactPairText,
  createScratch,
  sideOfCompact,
  sideOfMap,
  withProblem,
  type Compact,
} from './compact-text.js';

// The matcher's terms of every indexed document, kept in the embedded engine's worker beside the
// indexes, with their document frequencies: a match then segments only its own query text, and
// the IDF covers the whole index instead of a sample of the store. Terms are computed in the
// background after a write, in slices of a few milliseconds so that searches interleave, and on
// demand for a document a match needs before its turn. Each document's terms are kept as ids
// into one dictionary (Uint32Array), about 4 bytes a term.

type Doc = SearchDocs[IndexName];

/** An expert's vectors: the profile (base and patents) and each publication. */
interface ExpertCompact {
  profile: Compact;
  publications: Compact[];
}

interface Entry {
  index: IndexName;
  doc: Doc;
  /** Term ids, group after group; undefined until computed. */
  ids?: Uint32Array;
  /** End offset of each group in `ids`: experts base, publications…, patents…; problems one. */
  ends?: Uint32Array;
  /** The entry's TF-IDF vectors, valid while the document frequencies are those of `version`. */
  vectors?: {
    version: number;
    expert?: ExpertCompact;
    problem?: Compact;
  };
}

export interface TermStore {
  /** The live documents of an index changed: these were written. */
  put(index: IndexName, docs: readonly Doc[]): void;
  remove(index: IndexName, ids: readonly string[]): void;
  /** The live index was replaced by these documents (a rebuild). */
  replace(index: IndexName, docs: Iterable<Doc>): void;
  /**
   * Computes pending terms for up to `budgetMs`; true when some remain. While a bulk load is
   * arriving (many documents queued, the last put under five seconds ago) it sleeps instead.
   */
  work(budgetMs: number): boolean;
  pending(): number;
  topTerms(text: string, count: number): string[];
  expertDoc(expertId: string): ExpertSearchDoc | undefined;
  expertQueries(
    expertId: string,
    counts: { profile: number; publications: number; perPublication: number },
  ): { profile: string[]; publications: string[][] } | undefined;
  forProblem(text: string, expertIds: readonly string[]): Record<string, PairText>;
  forExpert(
    expertId: string,
    problems: readonly { id: string; text?: string }[],
  ): Record<string, PairText>;
}

/** A bulk load: this many documents queued, the last of them put less than `bulkQuietMs` ago. */
const bulkQueued = 500;
const bulkQuietMs = 5_000;

// Sleeps without spinning: the worker calls work() again at once while terms remain.
const sleeper = new Int32Array(new SharedArrayBuffer(4));
const sleep = (ms: number) => Atomics.wait(sleeper, 0, 0, ms);

export function createTermStore(options: { now?: () => number } = {}): TermStore {
  const now = options.now ?? (() => performance.now());
  let lastPut = -Infinity;
  const dictionary = new Map<string, number>();
  const words: string[] = [];
  const entries: Record<IndexName, Map<string, Entry>> = {
    experts: new Map(),
    problems: new Map(),
  };
  const df: number[] = [];
  let computed = 0;
  const queue = new Set<Entry>();

  const idOf = (term: string) => {
    let id = dictionary.get(term);
    if (id === undefined) {
      id = words.length;
      words.push(term);
      dictionary.set(term, id);
      df.push(0);
    }
    return id;
  };

  // Counts changes of the document frequencies: TF-IDF vectors computed under another count are
  // computed again (a match weighs a hundred candidates' profiles and papers, the same ones
  // over and over while nothing is written).
  let dfVersion = 0;

  function count(entry: Entry, delta: number) {
    if (!entry.ids) return;
    for (const id of new Set(entry.ids)) df[id] = (df[id] ?? 0) + delta;
    computed += delta;
    dfVersion++;
  }

  function vectorsOf(entry: Entry): NonNullable<Entry['vectors']> {
    if (entry.vectors?.version !== dfVersion) entry.vectors = { version: dfVersion };
    return entry.vectors;
  }

  function compute(entry: Entry) {
    queue.delete(entry);
    if (entry.ids) return;
    const groups =
      entry.index === 'experts'
        ? (() => {
            const pieces = expertPieces(entry.doc as ExpertSearchDoc);
            return [pieces.base, ...pieces.publications, ...pieces.patents];
          })()
        : [problemPiece(entry.doc as ProblemSearchDoc)];
    const all: number[] = [];
    const ends: number[] = [];
    for (const text of groups) {
      for (const term of textTerms(text)) all.push(idOf(term));
      ends.push(all.length);
    }
    entry.ids = Uint32Array.from(all);
    entry.ends = Uint32Array.from(ends);
    count(entry, 1);
  }

  function drop(index: IndexName, id: string) {
    const old = entries[index].get(id);
    if (!old) return;
    count(old, -1);
    queue.delete(old);
    entries[index].delete(id);
  }

  function put(index: IndexName, docs: readonly Doc[]) {
    for (const doc of docs) {
      const old = entries[index].get(doc.id);
      // The same rev has the same texts: its terms (computed or queued) still hold, and it is no
      // sign of a bulk load arriving (the embedder pushes every record again with its vectors).
      if (old?.doc.rev === doc.rev) {
        old.doc = doc;
        continue;
      }
      lastPut = now();
      drop(index, doc.id);
      const entry: Entry = { index, doc };
      entries[index].set(doc.id, entry);
      queue.add(entry);
    }
  }

  /** Inverse document frequency by term id (a term no document has: df 0). */
  const idfOf = (id: number | undefined) =>
    Math.log((computed + 1) / ((id === undefined ? 0 : (df[id] ?? 0)) + 1)) + 1;
  const idf: Idf = (term) => idfOf(dictionary.get(term));

  // Occurrences per term id, for vectors computed from ids; zero again after each use.
  let scratch = new Uint32Array(1024);

  /**
   * tfidf() of the terms of an entry's groups in the ranges ([from, to) each), computed from
   * their ids and kept compact (compact-text.ts): the same weights in the same order, bit for
   * bit, without turning ids into strings and hashing them back.
   */
  function vectorOf(entry: Entry, ranges: readonly (readonly [number, number])[]): Compact {
    const { ids, ends } = entry;
    if (!ids || !ends) return { ids: new Uint32Array(0), weights: new Float64Array(0) };
    if (scratch.length < words.length) scratch = new Uint32Array(words.length * 2);
    const order: number[] = [];
    for (const [from, to] of ranges) {
      const start = from === 0 ? 0 : (ends[from - 1] ?? 0);
      const end = ends[to - 1] ?? start;
      for (let k = start; k < end; k++) {
        const id = ids[k] ?? 0;
        const seen = scratch[id] ?? 0;
        scratch[id] = seen + 1;
        if (seen === 0) order.push(id);
      }
    }
    const weights = new Float64Array(order.length);
    let norm = 0;
    order.forEach((id, k) => {
      const weight = (1 + Math.log(scratch[id] ?? 1)) * idfOf(id);
      scratch[id] = 0;
      weights[k] = weight;
      norm += weight * weight;
    });
    if (norm !== 0) {
      const length = Math.sqrt(norm);
      for (let k = 0; k < weights.length; k++) weights[k] = (weights[k] ?? 0) / length;
    }
    return { ids: Uint32Array.from(order), weights };
  }

  const dense = createScratch();

  /** The problem side of a text the caller gives (not an indexed document). */
  const sideOfText = (text: string) =>
    sideOfMap(tfidf(textTerms(text), idf), (term) => dictionary.get(term));

  function group(entry: Entry, i: number): string[] {
    const { ids, ends } = entry;
    if (!ids || !ends) return [];
    const start = i === 0 ? 0 : (ends[i - 1] ?? 0);
    const out: string[] = [];
    for (let k = start; k < (ends[i] ?? 0); k++) out.push(words[ids[k] ?? 0] ?? '');
    return out;
  }

  function expertTerms(id: string):
    | {
        doc: ExpertSearchDoc;
        terms: () => ExpertTerms;
        patents: () => string[][];
        vectors: () => ExpertCompact;
      }
    | undefined {
    const entry = entries.experts.get(id);
    if (!entry) return undefined;
    compute(entry);
    const doc = entry.doc as ExpertSearchDoc;
    const publications = doc.publicationTitles.length;
    const patents = doc.patentTitles.length;
    const patentTerms = () =>
      Array.from({ length: patents }, (_, i) => group(entry, 1 + publications + i));
    return {
      doc,
      terms: () => ({
        base: group(entry, 0),
        publications: Array.from({ length: publications }, (_, i) => group(entry, 1 + i)),
        patents: patentTerms(),
      }),
      patents: patentTerms,
      // expertVectors(terms, idf), from the ids: the profile is the base and the patents.
      vectors: () => {
        const kept = vectorsOf(entry);
        kept.expert ??= {
          profile: vectorOf(entry, [
            [0, 1],
            [1 + publications, 1 + publications + patents],
          ]),
          publications: Array.from({ length: publications }, (_, i) =>
            vectorOf(entry, [[1 + i, 2 + i]]),
          ),
        };
        return kept.expert;
      },
    };
  }

  function problemVector(id: string): Compact | undefined {
    const entry = entries.problems.get(id);
    if (!entry) return undefined;
    // Computed first: counting its terms changes the frequencies the vector is kept under.
    compute(entry);
    const kept = vectorsOf(entry);
    kept.problem ??= vectorOf(entry, [[0, 1]]);
    return kept.problem;
  }

  return {
    put,
    remove(index, ids) {
      for (const id of ids) drop(index, id);
    },
    replace(index, docs) {
      const keep = new Set<string>();
      const fresh: Doc[] = [];
      for (const doc of docs) {
        keep.add(doc.id);
        fresh.push(doc);
      }
      for (const id of [...entries[index].keys()]) if (!keep.has(id)) drop(index, id);
      put(index, fresh);
    },
    work(budgetMs) {
      // An import's documents are arriving: computing their terms now (about twice the CPU of
      // indexing them) would take the machine's time from the import and the index, and a
      // match computes the terms it needs on demand anyway. The slice is slept instead, so a
      // message waits no longer than it does behind a slice of work.
      if (queue.size >= bulkQueued && now() - lastPut < bulkQuietMs) {
        sleep(budgetMs);
        return true;
      }
      const until = performance.now() + budgetMs;
      for (const entry of queue) {
        compute(entry);
        if (performance.now() >= until) break;
      }
      return queue.size > 0;
    },
    pending: () => queue.size,
    expertDoc: (expertId) => entries.experts.get(expertId)?.doc as ExpertSearchDoc | undefined,
    topTerms: (text, n) => topTerms(tfidf(textTerms(text), idf), n),
    expertQueries(expertId, counts) {
      const found = expertTerms(expertId);
      return found ? expertQueryTerms(found.doc, found.terms(), idf, counts) : undefined;
    },
    forProblem(text, expertIds) {
      // The experts' terms are counted first (a candidate not yet computed changes the
      // frequencies, and the dictionary), then everything is weighed under the same ones.
      const found = expertIds.map((id) => [id, expertTerms(id)] as const);
      const problem = sideOfText(text);
      const out: Record<string, PairText> = {};
      withProblem(problem, dense, words.length, () => {
        for (const [id, expert] of found) {
          if (!expert) continue;
          out[id] = compactPairText(
            problem,
            expert.patents(),
            expert.vectors(),
            dense,
            words.length,
          );
        }
      });
      return out;
    },
    forExpert(expertId, problems) {
      for (const p of problems) {
        const entry = p.text === undefined ? entries.problems.get(p.id) : undefined;
        if (entry) compute(entry);
      }
      const found = expertTerms(expertId);
      const out: Record<string, PairText> = {};
      if (!found) return out;
      const vectors = found.vectors();
      const patents = found.patents();
      for (const p of problems) {
        const kept = p.text === undefined ? problemVector(p.id) : undefined;
        const side = p.text !== undefined ? sideOfText(p.text) : kept && sideOfCompact(kept, words);
        if (!side) continue;
        out[p.id] = withProblem(side, dense, words.length, () =>
          compactPairText(side, patents, vectors, dense, words.length),
        );
      }
      return out;
    },
  };
}
