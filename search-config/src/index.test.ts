import { describe, expect, it } from 'vitest';
import {
  dictionary,
  embedderNames,
  embedderSettings,
  searchSettings,
  stopWords,
  synonymGroups,
  synonymsFromGroups,
} from './index.ts';

describe('search settings', () => {
  it('makes each synonym group mutual', () => {
    expect(synonymsFromGroups([['遥感', 'remote sensing']])).toEqual({
      遥感: ['remote sensing'],
      'remote sensing': ['遥感'],
    });
  });

  it('merges the groups a term belongs to instead of keeping only the last one', () => {
    expect(
      synonymsFromGroups([
        ['ai', '人工智能'],
        ['ai', 'artificial intelligence'],
      ]).ai,
    ).toEqual(['人工智能', 'artificial intelligence']);
  });

  it('writes synonyms and stop words in lowercase, as both engines compare them', () => {
    for (const term of [...synonymGroups.flat(), ...stopWords]) {
      expect(term).toBe(term.toLowerCase());
    }
  });

  it('never makes a stop word a synonym, or the synonym could not be searched', () => {
    const stop = new Set(stopWords);
    expect(synonymGroups.flat().filter((term) => stop.has(term))).toEqual([]);
  });

  it('keeps every Chinese synonym whole in the segmentation dictionary', () => {
    expect(dictionary).toContain('遥感');
    expect(dictionary).toContain('机器视觉');
    expect(dictionary.every((word) => /\p{Script=Han}/u.test(word))).toBe(true);
  });

  it('only filters, sorts and localises attributes that the index stores', () => {
    for (const settings of Object.values(searchSettings)) {
      const searchable = new Set<string>(settings.searchableAttributes);
      for (const rule of settings.localizedAttributes) {
        for (const pattern of rule.attributePatterns) expect(searchable).toContain(pattern);
      }
      expect(settings.rankingRules).toContain('sort');
      expect(new Set(settings.filterableAttributes).size).toBe(
        settings.filterableAttributes.length,
      );
      expect(new Set(settings.searchableAttributes).size).toBe(
        settings.searchableAttributes.length,
      );
    }
  });

  it('never makes the confidential problem fields filterable or sortable', () => {
    const { filterableAttributes, sortableAttributes } = searchSettings.problems;
    expect([...filterableAttributes, ...sortableAttributes]).not.toContain('description');
  });

  it('gives each index a userProvided embedder sized by the model in use', () => {
    expect(embedderSettings('experts', { name: 'bge-small-zh-v1.5-q', dimensions: 512 })).toEqual({
      semantic: { source: 'userProvided', dimensions: 512 },
    });
    expect(embedderSettings('problems', { name: 'bge-small-en-v1.5-q', dimensions: 384 })).toEqual({
      [embedderNames.problems]: { source: 'userProvided', dimensions: 384 },
    });
  });

  it('refuses a model that reports no usable dimensions', () => {
    for (const dimensions of [0, -1, 1.5, Number.NaN]) {
      expect(() => embedderSettings('experts', { name: 'broken', dimensions })).toThrow(
        /broken reports .* dimensions/u,
      );
    }
  });
});
