import { describe, expect, it } from 'vitest';
import { searchSettings, synonymsFromGroups } from './index.ts';

describe('search settings', () => {
  it('makes each synonym group mutual', () => {
    expect(synonymsFromGroups([['遥感', 'rs']])).toEqual({ 遥感: ['rs'], rs: ['遥感'] });
  });

  it('only filters, sorts and localises attributes that the index stores', () => {
    for (const settings of Object.values(searchSettings)) {
      const searchable = new Set(settings.searchableAttributes);
      for (const rule of settings.localizedAttributes) {
        for (const pattern of rule.attributePatterns) expect(searchable).toContain(pattern);
      }
      expect(settings.rankingRules).toContain('sort');
      expect(new Set(settings.filterableAttributes).size).toBe(
        settings.filterableAttributes.length,
      );
    }
  });
});
