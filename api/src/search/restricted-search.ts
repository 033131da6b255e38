import type MiniSearch from 'minisearch';
import type { SearchResult as MiniResult } from 'minisearch';

// MiniSearch's search, for a known set of documents. The embedded index matches a query's rarest
// word first and scores every other word only over the documents that word found (a few dozen to
// a few hundred); MiniSearch can only skip the others one posting at a time (`boostDocument`), so
// a common word of a long expert profile cost a pass over thousands of postings to score a
// hundred documents. This computes the very same scores (BM25 per field with MiniSearch's
// parameters, its prefix and fuzzy weights, its AND/OR combination and quality factor) by
// looking each allowed document up in the term's postings, or by walking the postings when they
// are the shorter of the two. Prefix and fuzzy expansions of a term are kept until the index
// changes (`forget`): the radix-tree walk of a two-typo fuzzy lookup is what a Latin word costs.
// Relies on MiniSearch 7's internals (`_index`, `_idToShortId`, `_documentIds`, `_fieldIds`,
// `_fieldLength`, `_avgFieldLength`, `_documentCount`); `createRestrictedSearch` answers
// undefined when they are not there, and the caller searches the usual way.

/** A term's postings: field id → short document id → occurrences. */
type Leaf = Map<number, Map<number, number>>;

interface Internals {
  _index: {
    get(term: string): Leaf | undefined;
    atPrefix(prefix: string): Iterable<[string, Leaf]>;
    fuzzyGet(term: string, maxDistance: number): Map<string, [Leaf, number]>;
  };
  _idToShortId: Map<string, number>;
  _documentIds: Map<number, unknown>;
  _fieldIds: Record<string, number>;
  _fieldLength: Map<number, number[]>;
  _avgFieldLength: number[];
  _documentCount: number;
}

// MiniSearch 7's defaults (defaultSearchOptions, defaultBM25params), which the index never changes.
const fuzzyWeight = 0.45;
const prefixWeight = 0.375;
const bm25 = { k: 1.2, b: 0.7, d: 0.5 };

/** One word of a query: any alternative matches; an alternative's terms must all match. */
export interface RestrictedQuery {
  alternatives: readonly (readonly string[])[];
  /** Field → boost, in the order MiniSearch walks the fields. */
  boost: Readonly<Record<string, number>>;
  /** Maximum edit distance of a term, or false for none. */
  fuzzy(term: string): number | false;
  prefix(term: string): boolean;
}

interface Scored {
  score: number;
  terms: string[];
  match: Record<string, string[]>;
}
type Results = Map<number, Scored>;

/** MiniSearch's own numbers for documents, or every document of the index. */
export type Allowed = ReadonlySet<number> | 'all';

export interface RestrictedSearch {
  /** MiniSearch's numbers for the documents of these ids (unknown ids are left out). */
  shortIds(ids: Iterable<string>): Set<number>;
  /** What `mini.search` answers for the query, limited to the allowed documents. */
  search(query: RestrictedQuery, allowed: Allowed): MiniResult[];
  /** Drops the kept prefix and fuzzy expansions: call after every change to the index. */
  forget(): void;
}

const unique = (target: string[], term: string) => {
  if (!target.includes(term)) target.push(term);
};

function or(a: Results, b: Results): Results {
  for (const [id, next] of b) {
    const existing = a.get(id);
    if (existing === undefined) {
      a.set(id, next);
    } else {
      existing.score += next.score;
      existing.match = Object.assign(existing.match, next.match);
      for (const term of next.terms) unique(existing.terms, term);
    }
  }
  return a;
}

function and(a: Results, b: Results): Results {
  const combined: Results = new Map();
  for (const [id, next] of b) {
    const existing = a.get(id);
    if (existing === undefined) continue;
    for (const term of next.terms) unique(existing.terms, term);
    combined.set(id, {
      score: existing.score + next.score,
      terms: existing.terms,
      match: Object.assign(existing.match, next.match),
    });
  }
  return combined;
}

export function createRestrictedSearch(
  mini: MiniSearch<Record<string, string>>,
): RestrictedSearch | undefined {
  const internals = mini as unknown as Partial<Internals>;
  const tree = internals._index;
  if (
    !tree ||
    typeof tree.get !== 'function' ||
    typeof tree.atPrefix !== 'function' ||
    typeof tree.fuzzyGet !== 'function' ||
    !(internals._idToShortId instanceof Map) ||
    !(internals._documentIds instanceof Map) ||
    !(internals._fieldLength instanceof Map) ||
    !Array.isArray(internals._avgFieldLength) ||
    typeof internals._fieldIds !== 'object'
  ) {
    return undefined;
  }
  const index = internals as Internals;
  const prefixes = new Map<string, [string, Leaf][]>();
  const fuzzies = new Map<string, [string, Leaf, number][]>();

  // Typed words key these (the browse search): bounded between writes as well.
  const maxKept = 5_000;

  function prefixMatches(term: string): [string, Leaf][] {
    let found = prefixes.get(term);
    if (found === undefined) {
      if (prefixes.size >= maxKept) prefixes.clear();
      found = [...index._index.atPrefix(term)];
      prefixes.set(term, found);
    }
    return found;
  }

  function fuzzyMatches(term: string, distance: number): [string, Leaf, number][] {
    const key = `${distance} ${term}`;
    let found = fuzzies.get(key);
    if (found === undefined) {
      if (fuzzies.size >= maxKept) fuzzies.clear();
      found = [...index._index.fuzzyGet(term, distance)].map(([t, [leaf, d]]) => [t, leaf, d]);
      fuzzies.set(key, found);
    }
    return found;
  }

  /** MiniSearch's termResults over the allowed documents only. */
  function termResults(
    sourceTerm: string,
    derivedTerm: string,
    weight: number,
    leaf: Leaf | undefined,
    boost: Readonly<Record<string, number>>,
    allowed: Allowed,
    results: Results,
  ): void {
    if (leaf === undefined) return;
    for (const field of Object.keys(boost)) {
      const fieldBoost = boost[field] ?? 1;
      const fieldId = index._fieldIds[field];
      if (fieldId === undefined) continue;
      const postings = leaf.get(fieldId);
      if (postings === undefined) continue;
      let matching = postings.size;
      const inverse = () =>
        Math.log(1 + (index._documentCount - matching + 0.5) / (matching + 0.5));
      let idf = inverse();
      const average = index._avgFieldLength[fieldId] ?? 1;
      const add = (shortId: number, frequency: number) => {
        const length = index._fieldLength.get(shortId)?.[fieldId] ?? 0;
        const raw =
          idf *
          (bm25.d +
            (frequency * (bm25.k + 1)) /
              (frequency + bm25.k * (1 - bm25.b + (bm25.b * length) / average)));
        const score = weight * fieldBoost * raw;
        const result = results.get(shortId);
        if (result) {
          result.score += score;
          unique(result.terms, sourceTerm);
          const fields = Object.prototype.hasOwnProperty.call(result.match, derivedTerm)
            ? result.match[derivedTerm]
            : undefined;
          if (fields) fields.push(field);
          else result.match[derivedTerm] = [field];
        } else {
          results.set(shortId, { score, terms: [sourceTerm], match: { [derivedTerm]: [field] } });
        }
      };
      if (allowed === 'all' || postings.size <= allowed.size) {
        // MiniSearch counts a discarded document's left-over posting out as it meets it.
        for (const [shortId, frequency] of postings) {
          if (!index._documentIds.has(shortId)) {
            matching -= 1;
            idf = inverse();
          } else if (allowed === 'all' || allowed.has(shortId)) add(shortId, frequency);
        }
      } else {
        // Here a discarded document's posting, until MiniSearch vacuums it, still counts in the
        // term's document frequency (MiniSearch's own pass would count it out once met).
        for (const shortId of allowed) {
          const frequency = postings.get(shortId);
          if (frequency !== undefined) add(shortId, frequency);
        }
      }
    }
  }

  /** How many postings the term has as typed, over all fields. */
  function postingsOf(term: string): number {
    let count = 0;
    for (const postings of index._index.get(term)?.values() ?? []) count += postings.size;
    return count;
  }

  /** MiniSearch's executeQuerySpec for one term: as typed, then its prefixes, then its typos. */
  function termSpec(term: string, query: RestrictedQuery, allowed: Allowed): Results {
    const results: Results = new Map();
    // MiniSearch drops an empty term before it looks anything up.
    if (term === '') return results;
    termResults(term, term, 1, index._index.get(term), query.boost, allowed, results);
    const asPrefix = new Set<string>();
    if (query.prefix(term)) {
      for (const [derived, leaf] of prefixMatches(term)) {
        const distance = derived.length - term.length;
        if (!distance) continue;
        asPrefix.add(derived);
        const weight = (prefixWeight * derived.length) / (derived.length + 0.3 * distance);
        termResults(term, derived, weight, leaf, query.boost, allowed, results);
      }
    }
    const typos = query.fuzzy(term);
    if (typos) {
      for (const [derived, leaf, distance] of fuzzyMatches(term, typos)) {
        if (!distance || asPrefix.has(derived)) continue;
        const weight = (fuzzyWeight * derived.length) / (derived.length + distance);
        termResults(term, derived, weight, leaf, query.boost, allowed, results);
      }
    }
    return results;
  }

  return {
    shortIds(ids) {
      const found = new Set<number>();
      for (const id of ids) {
        const shortId = index._idToShortId.get(id);
        if (shortId !== undefined) found.add(shortId);
      }
      return found;
    },
    search(query, allowed) {
      const perAlternative = query.alternatives.map((alternative) => {
        // All of an alternative's terms must match: each is scored only over the documents the
        // terms scored before it found, the rarest first (a compound's common part, 控制 of
        // 矢量控制, is then looked up in a few hundred documents instead of walked). A document's
        // score does not depend on the others, and and() keeps only documents found by every
        // term, so the combination, in the query's order, is what it was.
        const found = alternative.map((): Results => new Map());
        const rarestFirst = alternative
          .map((term, i) => ({ term, i, size: postingsOf(term) }))
          .sort((a, b) => a.size - b.size || a.i - b.i);
        let scope = allowed;
        for (const { term, i } of rarestFirst) {
          const results = termSpec(term, query, scope);
          found[i] = results;
          if (results.size === 0) break;
          scope = new Set(results.keys());
        }
        return found.length === 0 ? new Map<number, Scored>() : found.reduce(and);
      });
      const combined =
        perAlternative.length > 0 ? perAlternative.reduce(or) : new Map<number, Scored>();
      const results: MiniResult[] = [];
      for (const [shortId, { score, terms, match }] of combined) {
        results.push({
          id: index._documentIds.get(shortId),
          score: score * (terms.length || 1),
          terms: Object.keys(match),
          queryTerms: terms,
          match,
        });
      }
      return results;
    },
    forget() {
      prefixes.clear();
      fuzzies.clear();
    },
  };
}
