import { Jieba } from '@node-rs/jieba';
import { dict } from '@node-rs/jieba/dict.js';

/** One word of a query, with the smaller words it contains (数控机床 → 数控, 机床). */
export interface QueryWord {
  word: string;
  parts: string[];
}

export interface Segmenter {
  /** Every term a text is indexed under: words, the dictionary words inside them, compound parts. */
  indexTerms(text: string): string[];
  /** The words of a query in order, stop words removed. */
  queryWords(text: string): QueryWord[];
  /** Adds words to keep whole; only texts segmented afterwards see them. */
  addWords(words: readonly string[]): void;
}

const han = /\p{Script=Han}/u;
// Han runs go to jieba; everything else is Latin-like text split here.
const runs = /(\p{Script=Han}+)|([^\p{Script=Han}]+)/gu;
// Letters and digits joined by - _ . ' / & stay one compound (li-ion, 6061-t6, r&d, i/o) and are
// also indexed by their parts, so "li ion" and "li-ion" find each other.
const latinWord = /[\p{L}\p{N}]+(?:[-_.'/&][\p{L}\p{N}]+)*/gu;
const compoundSeparator = /[-_.'/&]/u;
const wordChar = /[\p{L}\p{N}]/u;

// jieba picks the most probable path through its dictionary; a frequency this high makes a
// user word win against the general dictionary's split (机器|视觉) without swallowing neighbours.
const userWordFrequency = 200_000;

/** Lowercases and folds full-width forms (ＣＮＣ → cnc, ，→ ,) the same way at index and query time. */
export function normalise(text: string): string {
  return text.normalize('NFKC').toLowerCase();
}

/** True when the term contains a Chinese character (no typo tolerance applies to it). */
export function isHan(term: string): boolean {
  return han.test(term);
}

// cutForSearch lists overlapping n-grams (互联, 联网, 互联网); a query needs only the largest.
// Parts that leave characters out would widen the word (物联网 → 联网 matches 互联网): none then.
function outermostParts(word: string, parts: string[]): string[] {
  const kept = parts.filter(
    (part) => !parts.some((other) => other !== part && other.includes(part)),
  );
  const covered = new Array<boolean>(word.length).fill(false);
  for (const part of kept) {
    const at = word.indexOf(part);
    if (at >= 0) covered.fill(true, at, at + part.length);
  }
  return covered.every(Boolean) ? kept : [];
}

export function createSegmenter(
  options: { stopWords?: readonly string[]; words?: readonly string[] } = {},
): Segmenter {
  const jieba = Jieba.withDict(dict);
  const stop = new Set(options.stopWords?.map(normalise));
  const known = new Set<string>();

  const keep = (term: string) => term.length > 0 && wordChar.test(term) && !stop.has(term);

  // Texts repeat their Han runs (研究, 本文提出, a field's stock phrases): jieba's answer for a
  // run is kept, so that each distinct run is cut once. The dictionary decides the cut, so a
  // change of it empties the memo; a full memo is emptied too, which bounds its memory.
  const memoLimit = 100_000;
  const searchCuts = new Map<string, string[]>();
  const queryCuts = new Map<string, QueryWord[]>();
  function memo<T>(cache: Map<string, T>, run: string, cut: (run: string) => T): T {
    let found = cache.get(run);
    if (found === undefined) {
      if (cache.size >= memoLimit) cache.clear();
      found = cut(run);
      cache.set(run, found);
    }
    return found;
  }

  function addWords(words: readonly string[]): void {
    const fresh = words.map(normalise).filter((w) => isHan(w) && !/\s/u.test(w) && !known.has(w));
    if (fresh.length === 0) return;
    for (const w of fresh) known.add(w);
    searchCuts.clear();
    queryCuts.clear();
    jieba.loadDict(Buffer.from(fresh.map((w) => `${w} ${userWordFrequency} n\n`).join('')));
  }

  function latinTerms(run: string, out: string[]): void {
    for (const [word] of run.matchAll(latinWord)) {
      out.push(word);
      if (compoundSeparator.test(word)) out.push(...word.split(compoundSeparator));
    }
  }

  const searchCut = (run: string) => jieba.cutForSearch(run, false).filter(keep);

  function queryCut(run: string): QueryWord[] {
    const out: QueryWord[] = [];
    for (const word of jieba.cut(run, false)) {
      if (!keep(word)) continue;
      const parts = word.length > 2 ? jieba.cutForSearch(word, false) : [];
      out.push({
        word,
        parts: outermostParts(
          word,
          parts.filter((p) => p !== word && keep(p)),
        ),
      });
    }
    return out;
  }

  function indexTerms(text: string): string[] {
    const out: string[] = [];
    for (const [, hanRun, other] of normalise(text).matchAll(runs)) {
      if (hanRun) {
        for (const term of memo(searchCuts, hanRun, searchCut)) out.push(term);
      } else if (other) {
        // Latin terms are filtered here; the memo holds Han terms already filtered.
        const latin: string[] = [];
        latinTerms(other, latin);
        for (const term of latin) if (keep(term)) out.push(term);
      }
    }
    return out;
  }

  function queryWords(text: string): QueryWord[] {
    const out: QueryWord[] = [];
    for (const [, hanRun, other] of normalise(text).matchAll(runs)) {
      if (hanRun) {
        // Copies: a caller may change the words it gets, never the memo's.
        for (const { word, parts } of memo(queryCuts, hanRun, queryCut)) {
          out.push({ word, parts: [...parts] });
        }
      } else if (other) {
        for (const [word] of other.matchAll(latinWord)) {
          if (!keep(word)) continue;
          const parts = compoundSeparator.test(word) ? word.split(compoundSeparator) : [];
          out.push({ word, parts: parts.filter(keep) });
        }
      }
    }
    return out;
  }

  addWords(options.words ?? []);
  return { indexTerms, queryWords, addWords };
}
