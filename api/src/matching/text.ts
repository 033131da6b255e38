import { dictionary, stopWords, synonymGroups } from '@jiedui/search-config';
import { taxonomy, taxonomyWords } from '../features/taxonomy/index.js';
import { createSegmenter, isHan, normalise, type Segmenter } from '../search/segment.js';

// Text as the matcher compares it: the same jieba segmentation as the search engines, then every
// known term folded onto one canonical form so that a Chinese problem and an English paper meet
// (遥感 = remote sensing, 数控 = cnc). The vocabulary is the search synonyms plus the field
// taxonomy's [Chinese, English] keyword pairs.

const maxPhraseWords = 6;

interface Vocabulary {
  segmenter: Segmenter;
  /** Segmented phrase (words joined by a space) → canonical term. */
  canonical: Map<string, string>;
}

let vocabulary: Vocabulary | undefined;

function build(): Vocabulary {
  const segmenter = createSegmenter({
    stopWords,
    words: [...dictionary, ...taxonomyWords('zh')],
  });
  const canonical = new Map<string, string>();
  const add = (canon: string, term: string) => {
    const key = segmenter
      .queryWords(term)
      .map((w) => w.word)
      .join(' ');
    if (key && !canonical.has(key)) canonical.set(key, normalise(canon));
  };
  for (const group of synonymGroups) {
    const [first] = group;
    if (first) for (const term of group) add(first, term);
  }
  for (const group of taxonomy) {
    for (const leaf of group.leaves) {
      add(leaf.zh, leaf.en);
      for (const [zh, en] of leaf.keywords) add(zh, en);
    }
  }
  return { segmenter, canonical };
}

function vocab(): Vocabulary {
  vocabulary ??= build();
  return vocabulary;
}

// Plural folding for English words only: sensors → sensor, batteries → battery.
function stem(word: string): string {
  if (isHan(word) || word.length <= 4 || /\d/u.test(word)) return word;
  if (word.endsWith('ies')) return `${word.slice(0, -3)}y`;
  if (word.endsWith('s') && !word.endsWith('ss') && !word.endsWith('us')) return word.slice(0, -1);
  return word;
}

// A single Han character or Latin letter says almost nothing about a topic.
const meaningful = (term: string) => (isHan(term) ? term.length >= 2 : term.length >= 2);

/** The terms of a text, in order, with known phrases folded to one canonical term. */
export function textTerms(text: string): string[] {
  const { segmenter, canonical } = vocab();
  const words = segmenter.queryWords(text);
  const out: string[] = [];
  for (let i = 0; i < words.length;) {
    let taken = 0;
    for (let n = Math.min(maxPhraseWords, words.length - i); n >= 1; n--) {
      const phrase = words
        .slice(i, i + n)
        .map((w) => w.word)
        .join(' ');
      const canon = canonical.get(phrase);
      if (canon) {
        out.push(canon);
        taken = n;
        break;
      }
    }
    if (taken === 0) {
      const word = words[i];
      if (word) {
        const own = stem(word.word);
        if (meaningful(own)) out.push(canonical.get(own) ?? own);
        for (const part of word.parts) if (meaningful(part)) out.push(canonical.get(part) ?? part);
      }
      taken = 1;
    }
    i += taken;
  }
  return out;
}

/** Warms the segmenter (the jieba dictionary takes a moment to load). */
export function prepareText(): void {
  vocab();
}
