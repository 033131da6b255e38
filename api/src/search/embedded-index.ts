import type { IndexName, IndexSettings, SearchDocs } from '@jiedui/search-config';
import MiniSearch, { type Query, type SearchResult as MiniResult } from 'minisearch';
import type { SearchFilter, SearchHit, SearchResult } from './engine.js';
import {
  createRestrictedSearch,
  type Allowed,
  type RestrictedSearch,
} from './restricted-search.js';
import { isHan, type Segmenter } from './segment.js';
import { topK } from './top-k.js';
import type { ResolvedQuery } from './validate.js';

// The embedded engine's index: MiniSearch for term lookup and BM25, with Meilisearch's settings
// interpreted around it (ranking rules, matching strategy, synonyms, typo rules, facets).
// Synchronous and single-threaded; embedded-worker.ts runs it off the HTTP event loop.

type Doc = SearchDocs[IndexName];
type Stored = Doc & Record<string, unknown>;

/** A document's terms per searchable attribute (in `fields` order), each with its occurrences. */
type FieldCounts = Map<string, number>[];

/** MiniSearch scores every document that contains any query term, so long queries are cut. */
export const defaultMaxQueryWords = 12;

/**
 * Under the `frequency` strategy a word found in more than this share of the documents is left
 * out of the query once `minFrequentWords` rarer ones are kept: it would only reorder documents
 * that already hold every rarer word, and scoring it costs a pass over most of the index.
 */
export const defaultCommonWordShare = 0.25;
const minFrequentWords = 3;

interface Word {
  text: string;
  /** Any alternative matches the word; each alternative is a list of terms that must all match. */
  alternatives: string[][];
  leaves: Set<string>;
  documentFrequency: number;
}

interface WordMatch {
  score: number;
  terms: string[];
  typo: boolean;
  /** Matched as typed: not through a synonym, a typo, a prefix or the word's parts. */
  exact: boolean;
  bestAttribute: number;
}

interface Candidate {
  doc: Stored;
  seq: number;
  matchedWords: number;
  typos: number;
  exactWords: number;
  bestAttribute: number;
  bm25: number;
  terms: string[][];
}

export interface EmbeddedIndex {
  upsert(docs: readonly Doc[]): void;
  remove(ids: readonly string[]): void;
  search(query: ResolvedQuery): SearchResult;
  count(): number;
  /** Every stored document, for re-indexing under new settings. */
  documents(): IterableIterator<Doc>;
}

export interface EmbeddedIndexOptions {
  maxQueryWords?: number;
  commonWordShare?: number;
  /**
   * A filter that most heavy queries carry as a conjunct (the problems a match may suggest: open
   * and not private). Its documents get a text index of their own, kept in step with every
   * write, and a query with that conjunct searches only them: at 100k problems of which ~6 %
   * are open, a word's postings are a sixteenth as long. Ranking is the same bucket sort; BM25,
   * the last tie-break, then weighs terms over those documents only.
   */
  hotFilter?: SearchFilter;
}

function valuesOf(value: unknown): unknown[] {
  if (value === undefined || value === null) return [];
  return Array.isArray(value) ? value : [value];
}

function textOf(value: unknown): string[] {
  return valuesOf(value).filter((v): v is string => typeof v === 'string');
}

function matchesFilter(doc: Stored, filter: SearchFilter): boolean {
  if ('and' in filter) return filter.and.every((f) => matchesFilter(doc, f));
  if ('or' in filter) return filter.or.some((f) => matchesFilter(doc, f));
  if ('not' in filter) return !matchesFilter(doc, filter.not);
  const values = valuesOf(doc[filter.field]);
  switch (filter.op) {
    case 'exists':
      return doc[filter.field] !== undefined;
    case 'eq':
      return values.some((v) => v === filter.value);
    case 'in': {
      const wanted: readonly unknown[] = filter.value;
      return values.some((v) => wanted.includes(v));
    }
    case 'gte':
      return values.some((v) => typeof v === 'number' && v >= filter.value);
    case 'lte':
      return values.some((v) => typeof v === 'number' && v <= filter.value);
  }
}

// Missing values go last whatever the direction, as in Meilisearch.
function compareValues(a: unknown, b: unknown, direction: 'asc' | 'desc'): number {
  const aMissing = typeof a !== 'number' && typeof a !== 'string';
  const bMissing = typeof b !== 'number' && typeof b !== 'string';
  if (aMissing || bMissing) return Number(aMissing) - Number(bMissing);
  const order = a < b ? -1 : a > b ? 1 : 0;
  return direction === 'asc' ? order : -order;
}

/** Drops terms contained in another term of the list (li inside li-ion, 互联 inside 互联网). */
export function outermostTerms(terms: Iterable<string>): string[] {
  const list = [...new Set(terms)];
  return list.filter((term) => !list.some((other) => other !== term && other.includes(term)));
}

const boundary = /[\p{L}\p{N}]/u;

/** Wraps each occurrence of the terms in the text with the tags; Latin terms match whole words. */
export function highlightText(
  text: string,
  terms: readonly string[],
  preTag: string,
  postTag: string,
): string {
  const lower = text.toLowerCase();
  // Case folding changed the length (rare letters such as İ): positions would not line up.
  if (lower.length !== text.length || terms.length === 0) return text;
  const spans: [number, number][] = [];
  for (const term of terms) {
    const whole = !isHan(term);
    for (let at = lower.indexOf(term); at !== -1; at = lower.indexOf(term, at + 1)) {
      const end = at + term.length;
      if (whole && (boundary.test(lower[at - 1] ?? '') || boundary.test(lower[end] ?? '')))
        continue;
      spans.push([at, end]);
    }
  }
  if (spans.length === 0) return text;
  spans.sort((a, b) => a[0] - b[0] || b[1] - a[1]);
  let out = '';
  let cursor = 0;
  let open: [number, number] | undefined;
  for (const span of [...spans, [Infinity, Infinity] as [number, number]]) {
    if (open && span[0] <= open[1]) {
      open[1] = Math.max(open[1], span[1]);
      continue;
    }
    if (open) {
      out += text.slice(cursor, open[0]) + preTag + text.slice(open[0], open[1]) + postTag;
      cursor = open[1];
    }
    open = [span[0], span[1]];
  }
  return out + text.slice(cursor);
}

type Leaf = Map<number, Map<number, number>>;

/**
 * MiniSearch adds every occurrence of every term through its radix tree, whose root holds one
 * edge per distinct first character and is searched edge by edge: with thousands of Chinese
 * characters that walk was most of the indexing time (a CPU profile of 1,000 experts: 4.4 s of
 * 5.7 s in `add`). This keeps each term's leaf (its field → document → count map) in a hash map,
 * so a term already in the tree is counted without walking it. The tree itself is unchanged, and
 * searches read it as before. A leaf leaves the tree only once empty (removal, vacuuming), so an
 * empty cached leaf is fetched afresh. Each call also adds all the occurrences `occurrences`
 * reports, so a document's distinct terms are added once each. Relies on MiniSearch 7's
 * `addTerm` and `_index`; false (and nothing changed) when they are not there.
 */
function withLeafCache(
  mini: MiniSearch<Record<string, string>>,
  occurrences: (fieldId: number, term: string) => number,
): boolean {
  const internals = mini as unknown as {
    _index?: { fetch?(term: string, initial: () => Leaf): Leaf };
    addTerm?: unknown;
  };
  const tree = internals._index;
  // Another MiniSearch inside: its own addTerm stays, slower but right.
  if (typeof internals.addTerm !== 'function' || !tree?.fetch) return false;
  const fetch = tree.fetch.bind(tree);
  const leaves = new Map<string, Leaf>();
  const createLeaf = (): Leaf => new Map();
  internals.addTerm = (fieldId: number, documentId: number, term: string) => {
    let leaf = leaves.get(term);
    if (leaf === undefined || leaf.size === 0) {
      leaf = fetch(term, createLeaf);
      leaves.set(term, leaf);
    }
    const count = occurrences(fieldId, term);
    const fieldIndex = leaf.get(fieldId);
    if (fieldIndex === undefined) leaf.set(fieldId, new Map([[documentId, count]]));
    else fieldIndex.set(documentId, (fieldIndex.get(documentId) ?? 0) + count);
  };
  return true;
}

export function createEmbeddedIndex(
  settings: IndexSettings,
  segmenter: Segmenter,
  options: EmbeddedIndexOptions = {},
): EmbeddedIndex {
  const maxQueryWords = options.maxQueryWords ?? defaultMaxQueryWords;
  const commonWordShare = options.commonWordShare ?? defaultCommonWordShare;
  const fields: string[] = settings.searchableAttributes;
  // Attribute order becomes a boost for BM25, so an earlier attribute also weighs more when the
  // discrete `attribute` rule ties.
  const boost = Object.fromEntries(fields.map((f, i) => [f, 1 + (fields.length - 1 - i) * 0.5]));
  const fieldRank = new Map(fields.map((field, rank) => [field, rank]));
  const typo = settings.typoTolerance;
  const typoOffWords = new Set(typo.disableOnWords);
  const typoOffFields = new Set(typo.disableOnAttributes);
  // Documents reach MiniSearch analysed: each attribute's value is a placeholder, and its terms
  // come from `adding`, each distinct term once and counted with its occurrences (one radix-tree
  // step per distinct term instead of one per occurrence). MiniSearch's field length is the
  // number of distinct terms either way; an attribute without terms is the one empty token it
  // always was.
  let adding: FieldCounts | undefined;
  function newMini(): MiniSearch<Record<string, string>> {
    let counted = false;
    const created = new MiniSearch<Record<string, string>>({
      idField: 'id',
      // Documents leave with their postings (dropFrom): there is never anything to vacuum.
      autoVacuum: false,
      fields,
      tokenize: (_text, field) => {
        const counts = field === undefined ? undefined : adding?.[fieldRank.get(field) ?? -1];
        if (!counts || counts.size === 0) return [''];
        if (counted) return [...counts.keys()];
        return [...counts].flatMap(([term, n]) => Array.from({ length: n }, () => term));
      },
      processTerm: (term) => term || null,
    });
    // Without the leaf cache (another MiniSearch inside) every occurrence goes through MiniSearch.
    counted = withLeafCache(created, (fieldId, term) => adding?.[fieldId]?.get(term) ?? 1);
    return created;
  }
  interface Source {
    mini: MiniSearch<Record<string, string>>;
    /** Scores words over a known set of documents (undefined: MiniSearch's way only). */
    restricted: RestrictedSearch | undefined;
  }
  const source = (created: MiniSearch<Record<string, string>>): Source => ({
    mini: created,
    restricted: createRestrictedSearch(created),
  });
  const all = source(newMini());
  const mini = all.mini;
  const hot = options.hotFilter
    ? {
        filter: options.hotFilter,
        key: JSON.stringify(options.hotFilter),
        ...source(newMini()),
        ids: new Set<string>(),
      }
    : undefined;
  const docs = new Map<string, Stored>();
  const sequence = new Map<string, number>();
  let nextSeq = 0;
  const documentFrequency = new Map<string, number>();
  // The documents that pass a filter conjunct, kept until the next write once the conjunct is
  // asked a second time: a match sends every query with the same eligibility filter (verified,
  // available experts; open, visible problems), so one scan serves all of them, and every match
  // after it until the index changes. A conjunct asked once (an expert's own fields) is checked
  // document by document, as before. A filter-only query walks the smallest kept set.
  const passingSets = new Map<string, ReadonlySet<string>>();
  const conjunctUses = new Map<string, number>();
  const maxPassingSets = 32;
  const maxConjunctUses = 1_000;
  // Per attribute (and scope), the documents holding each value: built by one scan at the first
  // `eq` or `in` conjunct on the attribute since the last write, it answers every value after it
  // (the fields of each problem or expert a match asks about).
  const valueIndexes = new Map<string, Map<unknown, Set<string>>>();
  const none: ReadonlySet<string> = new Set();
  // The documents a whole filter admits, as MiniSearch's numbers, per scope and filter.
  const allowedSets = new Map<string, ReadonlySet<number>>();

  // Synonym keys are segmented like queries, so 'remote sensing' is found as two query words.
  const synonyms = new Map<string, string[][]>();
  let longestSynonym = 1;
  for (const [key, values] of Object.entries(settings.synonyms)) {
    const keyWords = segmenter.queryWords(key).map((w) => w.word);
    if (keyWords.length === 0) continue;
    longestSynonym = Math.max(longestSynonym, keyWords.length);
    const alternatives = values
      .map((value) => segmenter.queryWords(value).map((w) => w.word))
      .filter((alt) => alt.length > 0);
    synonyms.set(keyWords.join(' '), alternatives);
  }

  function analyse(doc: Stored): { counts: FieldCounts; terms: Set<string> } {
    const terms = new Set<string>();
    const counts = fields.map((field) => {
      const fieldCounts = new Map<string, number>();
      for (const text of textOf(doc[field])) {
        for (const term of segmenter.indexTerms(text)) {
          fieldCounts.set(term, (fieldCounts.get(term) ?? 0) + 1);
          terms.add(term);
        }
      }
      return fieldCounts;
    });
    return { counts, terms };
  }

  /** Every attribute a placeholder: MiniSearch reads the terms from `adding` (see tokenize). */
  const placeholders: Record<string, string> = Object.fromEntries(fields.map((f) => [f, '']));

  function addTo(target: MiniSearch<Record<string, string>>, id: string, counts: FieldCounts) {
    adding = counts;
    try {
      target.add({ ...placeholders, id });
    } finally {
      adding = undefined;
    }
  }

  /**
   * Takes a document out of a MiniSearch index with its postings. MiniSearch's `discard` leaves
   * them until a vacuum (by default once a tenth of the index is discarded), and meanwhile they
   * count in each term's document frequency: the restricted search, which looks documents up
   * instead of walking postings, would weigh a term by its live and left-over postings together
   * (a negative IDF once the left-over outnumber the live). `counts` are the document's terms as
   * they were added, so exactly its postings go. Relies on MiniSearch 7's `_idToShortId` and
   * `_index`; without them it discards only.
   */
  function dropFrom(target: MiniSearch<Record<string, string>>, id: string, counts: FieldCounts) {
    const internals = target as unknown as {
      _idToShortId?: Map<string, number>;
      _index?: { get?(term: string): Leaf | undefined; delete?(term: string): void };
    };
    const shortId = internals._idToShortId?.get(id);
    const tree = internals._index;
    if (shortId !== undefined && tree?.get && tree.delete) {
      counts.forEach((fieldCounts, fieldId) => {
        for (const term of fieldCounts.keys()) {
          const leaf = tree.get?.(term);
          const postings = leaf?.get(fieldId);
          if (!leaf || !postings) continue;
          postings.delete(shortId);
          if (postings.size === 0) leaf.delete(fieldId);
          if (leaf.size === 0) tree.delete?.(term);
        }
      });
    }
    target.discard(id);
  }

  /** Puts a document in the hot index or takes it out, as it passes the hot filter or not. */
  function syncHot(doc: Stored, counts?: FieldCounts): void {
    if (!hot) return;
    const belongs = matchesFilter(doc, hot.filter);
    if (belongs === hot.ids.has(doc.id)) return;
    if (belongs) {
      addTo(hot.mini, doc.id, counts ?? analyse(doc).counts);
      hot.ids.add(doc.id);
    } else {
      dropFrom(hot.mini, doc.id, counts ?? analyse(doc).counts);
      hot.ids.delete(doc.id);
    }
  }

  function sameText(a: Stored, b: Stored): boolean {
    return fields.every((field) => {
      const x = textOf(a[field]);
      const y = textOf(b[field]);
      return x.length === y.length && x.every((text, i) => text === y[i]);
    });
  }

  function countTerms(terms: Iterable<string>, delta: number): void {
    for (const term of terms) {
      const next = (documentFrequency.get(term) ?? 0) + delta;
      if (next > 0) documentFrequency.set(term, next);
      else documentFrequency.delete(term);
    }
  }

  function discard(id: string): void {
    const old = docs.get(id);
    if (!old) return;
    const { counts, terms } = analyse(old);
    countTerms(terms, -1);
    dropFrom(mini, id, counts);
    if (hot?.ids.delete(id)) dropFrom(hot.mini, id, counts);
    docs.delete(id);
  }

  function upsert(batch: readonly Doc[]): void {
    if (batch.length > 0) forgetFilters();
    for (const doc of batch) {
      const stored = doc as Stored;
      const old = docs.get(stored.id);
      // Only the searchable attributes reach MiniSearch: a document whose texts did not change
      // (a re-push, a new capacity or rev) keeps its terms and only its stored copy is replaced.
      if (old && sameText(old, stored)) {
        docs.set(stored.id, stored);
        syncHot(stored);
        continue;
      }
      discard(stored.id);
      const { counts, terms } = analyse(stored);
      addTo(mini, stored.id, counts);
      countTerms(terms, 1);
      docs.set(stored.id, stored);
      syncHot(stored, counts);
      if (!sequence.has(stored.id)) sequence.set(stored.id, nextSeq++);
    }
  }

  function remove(ids: readonly string[]): void {
    if (ids.length > 0) forgetFilters();
    for (const id of ids) {
      discard(id);
      sequence.delete(id);
    }
  }

  function forgetFilters(): void {
    passingSets.clear();
    conjunctUses.clear();
    valueIndexes.clear();
    allowedSets.clear();
    all.restricted?.forget();
    hot?.restricted?.forget();
  }

  /** The stored documents of the ids, skipping any no longer stored. */
  function* storedOf(ids: Iterable<string>): Generator<Stored> {
    for (const id of ids) {
      const doc = docs.get(id);
      if (doc) yield doc;
    }
  }

  /**
   * Where a filter's documents are: only among the hot ones when the hot filter is the filter or
   * one of its conjuncts (then only the other conjuncts remain to check), else anywhere.
   */
  function scoped(filter: SearchFilter | undefined): { inHot: boolean; parts: SearchFilter[] } {
    if (!filter) return { inHot: false, parts: [] };
    const parts = 'and' in filter ? filter.and : [filter];
    const flat = (kept: SearchFilter[]) => kept.flatMap(conjuncts);
    if (hot) {
      if (JSON.stringify(filter) === hot.key) return { inHot: true, parts: [] };
      const rest = parts.filter((part) => JSON.stringify(part) !== hot.key);
      if (rest.length < parts.length) return { inHot: true, parts: flat(rest) };
    }
    return { inHot: false, parts: flat(parts) };
  }

  /** A cache key within a scope: the hot documents' sets and all documents' sets differ. */
  const inScope = (inHot: boolean, key: string) => `${inHot ? 'hot' : 'all'} ${key}`;

  function scopeDocs(inHot: boolean): Iterable<Stored> {
    return inHot && hot ? storedOf(hot.ids) : docs.values();
  }

  function keep(key: string, found: ReadonlySet<string>): ReadonlySet<string> {
    if (passingSets.size >= maxPassingSets) {
      const oldest = passingSets.keys().next();
      if (!oldest.done) passingSets.delete(oldest.value);
    }
    passingSets.set(key, found);
    return found;
  }

  /** The ids of the documents of the scope that pass a conjunct, by one scan of the scope. */
  function passing(key: string, filter: SearchFilter, inHot: boolean): ReadonlySet<string> {
    const found = new Set<string>();
    for (const doc of scopeDocs(inHot)) if (matchesFilter(doc, filter)) found.add(doc.id);
    return keep(key, found);
  }

  function valueIndex(field: string, inHot: boolean): Map<unknown, Set<string>> {
    const key = inScope(inHot, field);
    let found = valueIndexes.get(key);
    if (found === undefined) {
      found = new Map();
      for (const doc of scopeDocs(inHot)) {
        for (const value of new Set(valuesOf(doc[field]))) {
          let ids = found.get(value);
          if (ids === undefined) found.set(value, (ids = new Set()));
          ids.add(doc.id);
        }
      }
      valueIndexes.set(key, found);
    }
    return found;
  }

  /** A conjunct's conjuncts, nested `and`s flattened. */
  function conjuncts(filter: SearchFilter): SearchFilter[] {
    return 'and' in filter ? filter.and.flatMap(conjuncts) : [filter];
  }

  /**
   * A scope's conjuncts as kept sets of passing ids (conjuncts asked before since the last
   * write), smallest first, and the conjuncts still to check document by document. The sets are
   * kept least recently used last out: a match's eligibility filter, asked by every match, stays
   * while the fields of one problem or expert come and go.
   */
  function plan(
    parts: readonly SearchFilter[],
    inHot: boolean,
  ): { sets: ReadonlySet<string>[]; rest: SearchFilter[] } {
    const sets: ReadonlySet<string>[] = [];
    const rest: SearchFilter[] = [];
    for (const part of parts) {
      const key = inScope(inHot, JSON.stringify(part));
      if ('op' in part && part.op === 'eq') {
        sets.push(valueIndex(part.field, inHot).get(part.value) ?? none);
        continue;
      }
      if ('op' in part && part.op === 'in' && part.value.length <= 1) {
        const [only] = part.value;
        sets.push(only === undefined ? none : (valueIndex(part.field, inHot).get(only) ?? none));
        continue;
      }
      const kept = passingSets.get(key);
      if (kept) {
        passingSets.delete(key);
        passingSets.set(key, kept);
        sets.push(kept);
        continue;
      }
      if ('op' in part && part.op === 'in') {
        // The union of the values' sets, kept like a scanned set.
        const index = valueIndex(part.field, inHot);
        const union = new Set<string>();
        for (const value of part.value) for (const id of index.get(value) ?? none) union.add(id);
        sets.push(keep(key, union));
        continue;
      }
      const uses = (conjunctUses.get(key) ?? 0) + 1;
      if (conjunctUses.size >= maxConjunctUses) conjunctUses.clear();
      conjunctUses.set(key, uses);
      if (uses >= 2) sets.push(passing(key, part, inHot));
      else rest.push(part);
    }
    return { sets: sets.sort((a, b) => a.size - b.size), rest };
  }

  /** The documents that pass `filter`. */
  function* filtered(filter: SearchFilter): Generator<Stored> {
    const { inHot, parts } = scoped(filter);
    const { sets, rest } = plan(parts, inHot);
    const [smallest, ...others] = sets;
    const pool = smallest ? storedOf(smallest) : inHot && hot ? storedOf(hot.ids) : docs.values();
    for (const doc of pool) {
      if (others.every((set) => set.has(doc.id)) && rest.every((f) => matchesFilter(doc, f))) {
        yield doc;
      }
    }
  }

  function frequencyOf(alternatives: string[][]): number {
    return Math.max(
      0,
      ...alternatives.map((alt) => Math.min(...alt.map((t) => documentFrequency.get(t) ?? 0))),
    );
  }

  function makeWord(text: string, alternatives: string[][]): Word {
    const unique = [...new Map(alternatives.map((a) => [a.join(' '), a])).values()];
    return {
      text,
      alternatives: unique,
      leaves: new Set(unique.flat()),
      documentFrequency: frequencyOf(unique),
    };
  }

  function queryWords(q: string): Word[] {
    const segmented = segmenter.queryWords(q);
    const words: Word[] = [];
    for (let i = 0; i < segmented.length;) {
      let taken = 0;
      for (let length = Math.min(longestSynonym, segmented.length - i); length > 1; length--) {
        const phrase = segmented.slice(i, i + length).map((w) => w.word);
        const alternatives = synonyms.get(phrase.join(' '));
        if (alternatives) {
          words.push(makeWord(phrase.join(' '), [phrase, ...alternatives]));
          taken = length;
          break;
        }
      }
      const single = segmented[i];
      if (taken === 0 && single) {
        const { word, parts } = single;
        const own = parts.length > 0 ? [[word], parts] : [[word]];
        words.push(makeWord(word, [...own, ...(synonyms.get(word) ?? [])]));
      }
      i += Math.max(1, taken);
    }
    if (words.length <= maxQueryWords) return words;
    // The rarest words say the most about the text; the kept ones stay in query order for `last`.
    const kept = new Set(
      [...words].sort((a, b) => a.documentFrequency - b.documentFrequency).slice(0, maxQueryWords),
    );
    return words.filter((w) => kept.has(w));
  }

  function withoutCommonWords(q: ResolvedQuery, words: Word[]): Word[] {
    if (q.matchingStrategy !== 'frequency') return words;
    const common = commonWordShare * docs.size;
    const kept = new Set(
      [...words]
        .sort((a, b) => a.documentFrequency - b.documentFrequency)
        .filter((w, rank) => rank < minFrequentWords || w.documentFrequency <= common),
    );
    return words.filter((w) => kept.has(w));
  }

  function typoBudget(term: string): number | false {
    if (!typo.enabled || isHan(term) || typoOffWords.has(term)) return false;
    if (typo.disableOnNumbers && /\p{N}/u.test(term)) return false;
    if (term.length >= typo.minWordSizeForTypos.twoTypos) return 2;
    if (term.length >= typo.minWordSizeForTypos.oneTypo) return 1;
    return false;
  }

  /**
   * The documents matching a word, scored. Only those `admit` passes are scored (MiniSearch skips
   * the others before BM25), or only the `allowed` ones, or those of `among`: then the restricted
   * search scores them, looking each up in the word's postings when they are fewer.
   */
  function matchWord(
    source: Source,
    word: Word,
    prefix: boolean,
    limit: {
      admit?: (id: string) => boolean;
      allowed?: Allowed;
      among?: ReadonlySet<string>;
    } = {},
  ): Map<string, WordMatch> {
    const { admit, among } = limit;
    let results: MiniResult[];
    if ((among || limit.allowed) && source.restricted) {
      results = source.restricted.search(
        {
          alternatives: word.alternatives,
          boost,
          fuzzy: typoBudget,
          prefix: (term) => prefix && !isHan(term),
        },
        limit.allowed ?? source.restricted.shortIds(among ?? []),
      );
    } else {
      const query: Query = {
        combineWith: 'OR',
        queries: word.alternatives.map((alt) =>
          alt.length === 1 ? (alt[0] ?? '') : { combineWith: 'AND', queries: alt },
        ),
      };
      const allowed = among ? (id: string) => among.has(id) : admit;
      results = source.mini.search(query, {
        boost,
        fuzzy: (term) => typoBudget(term),
        prefix: prefix ? (term) => !isHan(term) : false,
        ...(allowed ? { boostDocument: (id: unknown) => Number(allowed(String(id))) } : {}),
        tokenize: (text) => [text],
        processTerm: (term) => term,
      });
    }
    const leaves = [...word.leaves];
    const asTyped = word.alternatives[0] ?? [];
    // Results share a handful of distinct terms: classify each once, not once per document.
    const exactCache = new Map<string, boolean>();
    const exact = (term: string) => {
      let known = exactCache.get(term);
      if (known === undefined) {
        known = word.leaves.has(term) || (prefix && leaves.some((leaf) => term.startsWith(leaf)));
        exactCache.set(term, known);
      }
      return known;
    };
    const matches = new Map<string, WordMatch>();
    for (const result of results) {
      const terms: string[] = [];
      let typoOnly = true;
      let bestAttribute = fields.length;
      for (const term of result.terms) {
        const termFields = result.match[term] ?? [];
        const isExact = exact(term);
        if (!isExact && termFields.every((field) => typoOffFields.has(field))) continue;
        terms.push(term);
        typoOnly &&= !isExact;
        for (const field of termFields) {
          bestAttribute = Math.min(bestAttribute, fieldRank.get(field) ?? fields.length);
        }
      }
      if (terms.length === 0) continue;
      matches.set(String(result.id), {
        score: result.score,
        terms,
        typo: typoOnly,
        exact: asTyped.every((term) => terms.includes(term)),
        bestAttribute,
      });
    }
    return matches;
  }

  function candidatesFor(q: ResolvedQuery, words: Word[]): Candidate[] {
    const prefixLast = !/\s$/u.test(q.q);
    // The order in which words are dropped when too few documents have them all.
    const keepOrder =
      q.matchingStrategy === 'frequency'
        ? words
            .map((_, i) => i)
            .sort(
              (a, b) =>
                frequencyOf(words[a]?.alternatives ?? []) -
                frequencyOf(words[b]?.alternatives ?? []),
            )
        : words.map((_, i) => i);
    // Every strategy keeps the first word of keepOrder last, so a document without it never
    // ranks: that word is matched first, among the documents that pass the filter, and the
    // other words are scored only over the documents it found. MiniSearch would otherwise score
    // every document containing a common word (most of a 100k index) to keep a few hundred.
    const { inHot, parts } = scoped(q.filter);
    const { sets, rest } = plan(parts, inHot);
    const passes = new Map<string, boolean>();
    const admitted = (id: string) => {
      let known = passes.get(id);
      if (known === undefined) {
        const doc = docs.get(id);
        known =
          doc !== undefined &&
          sets.every((set) => set.has(id)) &&
          rest.every((f) => matchesFilter(doc, f));
        passes.set(id, known);
      }
      return known;
    };
    // Every document the filter admits is in the hot index when the filter has its conjunct.
    const source = inHot && hot ? hot : all;
    const first = keepOrder[0] ?? 0;
    const matchAt = (i: number, limit: Parameters<typeof matchWord>[3]) => {
      const word = words[i];
      return word
        ? matchWord(source, word, prefixLast && i === words.length - 1, limit)
        : new Map<string, WordMatch>();
    };
    // With every conjunct kept as a set, the documents the filter admits are known as MiniSearch
    // numbers (kept until the next write) and the rarest word is scored over them alone.
    let allowed: Allowed | undefined;
    if (rest.length === 0 && source.restricted) {
      if (sets.length === 0) {
        allowed = 'all';
      } else {
        const key = inScope(inHot, JSON.stringify(parts));
        allowed = allowedSets.get(key);
        if (allowed === undefined) {
          // plan() gives the sets smallest first.
          const [smallest = none, ...others] = sets;
          const ids: string[] = [];
          for (const id of smallest) if (others.every((set) => set.has(id))) ids.push(id);
          allowed = source.restricted.shortIds(ids);
          if (allowedSets.size >= maxPassingSets) allowedSets.clear();
          allowedSets.set(key, allowed);
        }
      }
    }
    const primary = matchAt(first, allowed ? { allowed } : { admit: admitted });
    const among = new Set(primary.keys());
    const perWord = words.map((_, i) => (i === first ? primary : matchAt(i, { among })));
    const candidates: Candidate[] = [];
    for (const id of primary.keys()) {
      const doc = docs.get(id);
      if (!doc) continue;
      let matchedWords = 0;
      while (matchedWords < keepOrder.length && perWord[keepOrder[matchedWords] ?? -1]?.has(id)) {
        matchedWords++;
      }
      if (q.matchingStrategy === 'all' && matchedWords < words.length) continue;
      const candidate: Candidate = {
        doc,
        seq: sequence.get(id) ?? 0,
        matchedWords,
        typos: 0,
        exactWords: 0,
        bestAttribute: fields.length,
        bm25: 0,
        terms: [],
      };
      for (const matches of perWord) {
        const match = matches.get(id);
        if (!match) continue;
        candidate.bm25 += match.score;
        candidate.typos += Number(match.typo);
        candidate.exactWords += Number(match.exact);
        candidate.bestAttribute = Math.min(candidate.bestAttribute, match.bestAttribute);
        candidate.terms.push(match.terms);
      }
      candidates.push(candidate);
    }
    return candidates;
  }

  function compareFor(q: ResolvedQuery): (a: Candidate, b: Candidate) => number {
    const steps: ((a: Candidate, b: Candidate) => number)[] = [];
    for (const rule of settings.rankingRules) {
      if (rule === 'words') steps.push((a, b) => b.matchedWords - a.matchedWords);
      else if (rule === 'typo') steps.push((a, b) => a.typos - b.typos);
      else if (rule === 'attribute') steps.push((a, b) => a.bestAttribute - b.bestAttribute);
      else if (rule === 'exactness') steps.push((a, b) => b.exactWords - a.exactWords);
      else if (rule === 'sort') {
        for (const { field, direction } of q.sort) {
          steps.push((a, b) => compareValues(a.doc[field], b.doc[field], direction));
        }
      } else if (rule !== 'proximity') {
        // A custom rule such as publishedAt:desc; proximity folds into BM25 below.
        const [field = '', direction] = rule.split(':');
        const dir = direction === 'asc' ? 'asc' : 'desc';
        steps.push((a, b) => compareValues(a.doc[field], b.doc[field], dir));
      }
    }
    return (a, b) => {
      for (const step of steps) {
        const order = step(a, b);
        if (order !== 0) return order;
      }
      return b.bm25 - a.bm25 || a.seq - b.seq;
    };
  }

  function facetsOf(q: ResolvedQuery, candidates: Candidate[]) {
    const distribution: Record<string, Record<string, number>> = {};
    for (const facet of q.facets) {
      const counts = new Map<string, number>();
      for (const { doc } of candidates) {
        for (const value of new Set(valuesOf(doc[facet]))) {
          const key = String(value);
          counts.set(key, (counts.get(key) ?? 0) + 1);
        }
      }
      const keys = [...counts.keys()].sort().slice(0, settings.faceting.maxValuesPerFacet);
      distribution[facet] = Object.fromEntries(keys.map((k) => [k, counts.get(k) ?? 0]));
    }
    return distribution;
  }

  function search(q: ResolvedQuery): SearchResult {
    const words = q.q ? withoutCommonWords(q, queryWords(q.q)) : [];
    let candidates: Candidate[];
    if (words.length === 0) {
      candidates = [];
      for (const doc of q.filter ? filtered(q.filter) : docs.values()) {
        candidates.push({
          doc,
          seq: sequence.get(doc.id) ?? 0,
          matchedWords: 0,
          typos: 0,
          exactWords: 0,
          bestAttribute: 0,
          bm25: 0,
          terms: [],
        });
      }
    } else {
      candidates = candidatesFor(q, words);
    }
    let maxBm25 = 0;
    for (const c of candidates) maxBm25 = Math.max(maxBm25, c.bm25);
    const n = Math.max(1, words.length);
    const page = topK(candidates, q.offset + q.limit, compareFor(q)).slice(q.offset);
    const hits: SearchHit[] = page.map((c) => {
      const matchedTerms = outermostTerms(c.terms.flat());
      // Meilisearch's ranking score is a weighted walk down the ranking rules; this mirrors its
      // shape: words weigh most, then typos, attribute, and BM25 inside the bucket.
      const score =
        words.length === 0
          ? 1
          : 0.5 * (c.matchedWords / n) +
            0.2 * (1 - c.typos / n) +
            0.15 * (1 - c.bestAttribute / fields.length) +
            0.15 * (maxBm25 > 0 ? c.bm25 / maxBm25 : 0);
      const highlights: Record<string, string | string[]> = {};
      if (q.highlight) {
        const { preTag, postTag } = q.highlight;
        for (const attribute of q.highlight.attributes) {
          const value = c.doc[attribute];
          if (typeof value === 'string') {
            highlights[attribute] = highlightText(value, matchedTerms, preTag, postTag);
          } else if (Array.isArray(value)) {
            highlights[attribute] = textOf(value).map((v) =>
              highlightText(v, matchedTerms, preTag, postTag),
            );
          }
        }
      }
      return {
        id: c.doc.id,
        score: Math.round(Math.min(1, Math.max(0, score)) * 10_000) / 10_000,
        matchedTerms,
        highlights,
        document: c.doc,
      };
    });
    return {
      hits,
      estimatedTotalHits: candidates.length,
      facetDistribution: facetsOf(q, candidates),
    };
  }

  return {
    upsert,
    remove,
    search,
    count: () => docs.size,
    documents: () => docs.values(),
  };
}
