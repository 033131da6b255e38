import { dictionary, stopWords } from '@jiedui/search-config';
import { beforeAll, describe, expect, it } from 'vitest';
import { createSegmenter, normalise, type Segmenter } from './segment.js';

describe('segmenter', () => {
  let segmenter: Segmenter;
  beforeAll(() => {
    segmenter = createSegmenter({ stopWords, words: dictionary });
  });

  it.each(['遥感', '数控', '互联网', '机器视觉'])(
    'keeps %s whole at index and query time',
    (word) => {
      const text = `基于${word}的技术改造`;
      expect(segmenter.indexTerms(text)).toContain(word);
      expect(segmenter.queryWords(text).map((w) => w.word)).toContain(word);
    },
  );

  it('does what Intl.Segmenter cannot: it does not split 遥感 or 数控', () => {
    const intl = [...new Intl.Segmenter('zh', { granularity: 'word' }).segment('遥感数控')].map(
      (s) => s.segment,
    );
    const ours = segmenter.queryWords('遥感数控').map((w) => w.word);
    expect(ours).toEqual(['遥感', '数控']);
    expect(intl).not.toEqual(ours);
  });

  it('indexes a long word under the dictionary words inside it', () => {
    expect(segmenter.indexTerms('数控机床')).toEqual(
      expect.arrayContaining(['数控', '机床', '数控机床']),
    );
    expect(segmenter.queryWords('数控机床')).toEqual([
      { word: '数控机床', parts: ['数控', '机床'] },
    ]);
  });

  it('gives no parts when they would not cover the word', () => {
    expect(segmenter.queryWords('物联网')).toEqual([{ word: '物联网', parts: [] }]);
  });

  it('lowercases Latin text, splits it on punctuation and keeps compounds with their parts', () => {
    expect(segmenter.indexTerms('Li-ion cells, 6061-T6 (ＣＮＣ)')).toEqual([
      'li-ion',
      'li',
      'ion',
      'cells',
      '6061-t6',
      '6061',
      't6',
      'cnc',
    ]);
    expect(segmenter.queryWords('li-ion')).toEqual([{ word: 'li-ion', parts: ['li', 'ion'] }]);
  });

  it('drops stop words in both languages', () => {
    expect(segmenter.queryWords('遥感的应用 of the crops').map((w) => w.word)).toEqual([
      '遥感',
      '应用',
      'crops',
    ]);
  });

  it('keeps words added later whole', () => {
    const own = createSegmenter();
    expect(own.queryWords('莫干黄芽').map((w) => w.word)).not.toEqual(['莫干黄芽']);
    own.addWords(['莫干黄芽']);
    expect(own.queryWords('莫干黄芽').map((w) => w.word)).toEqual(['莫干黄芽']);
    expect(own.indexTerms('莫干黄芽茶')).toContain('莫干黄芽');
  });

  it('folds full-width forms and case', () => {
    expect(normalise('ＰＬＣ控制')).toBe('plc控制');
  });
});
