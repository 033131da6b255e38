import { describe, expect, it } from 'vitest';
import {
  FieldCodeSchema,
  fieldLabel,
  fieldLeaf,
  groupCodes,
  groupOf,
  isFieldCode,
  isGroupCode,
  leafCodes,
  taxonomy,
  taxonomyWords,
} from './index.js';

// A jieba user-dictionary line is "word freq tag", so a Chinese word must not contain whitespace;
// punctuation would make the segmenter keep a token no query ever produces.
const dictionaryWord = /^[\p{Script=Han}A-Za-z0-9]+$/u;

describe('taxonomy', () => {
  it('has 14 to 18 groups of 5 to 12 leaves', () => {
    expect(taxonomy.length).toBeGreaterThanOrEqual(14);
    expect(taxonomy.length).toBeLessThanOrEqual(18);
    for (const group of taxonomy) {
      expect(group.leaves.length, group.code).toBeGreaterThanOrEqual(5);
      expect(group.leaves.length, group.code).toBeLessThanOrEqual(12);
    }
  });

  it('has no duplicate codes across groups and leaves', () => {
    const all = [...groupCodes, ...leafCodes];
    expect(new Set(all).size).toBe(all.length);
  });

  it('uses lowercase ascii codes, each leaf prefixed by its group', () => {
    for (const group of taxonomy) {
      expect(group.code).toMatch(/^[a-z]+$/);
      for (const leaf of group.leaves)
        expect(leaf.code).toMatch(new RegExp(`^${group.code}\\.[a-z]+$`));
    }
  });

  it('gives every node non-empty labels in both languages', () => {
    for (const group of taxonomy) {
      for (const node of [group, ...group.leaves]) {
        expect(node.zh.trim(), node.code).not.toBe('');
        expect(node.en.trim(), node.code).not.toBe('');
        expect(node.zh, node.code).toMatch(dictionaryWord);
      }
    }
  });

  it('gives every leaf 5 to 15 distinct bilingual keywords usable as dictionary words', () => {
    for (const code of leafCodes) {
      const { keywords } = fieldLeaf(code);
      expect(keywords.length, code).toBeGreaterThanOrEqual(5);
      expect(keywords.length, code).toBeLessThanOrEqual(15);
      expect(new Set(keywords.map(([zh]) => zh)).size, code).toBe(keywords.length);
      for (const [zh, en] of keywords) {
        expect(zh, code).toMatch(dictionaryWord);
        expect(en.trim(), code).not.toBe('');
      }
    }
  });

  it('looks up labels and groups for leaves and groups, and nothing for unknown codes', () => {
    expect(fieldLabel('mech.cnc', 'zh')).toBe('数控加工与精密制造');
    expect(fieldLabel('mech.cnc', 'en')).toBe('CNC Machining and Precision Manufacturing');
    expect(fieldLabel('geo', 'zh')).toBe('地理信息与测绘遥感');
    expect(fieldLabel('mech.nope', 'zh')).toBeUndefined();
    expect(groupOf('energy.battery')?.code).toBe('energy');
    expect(groupOf('energy')?.code).toBe('energy');
    expect(groupOf('battery')).toBeUndefined();
  });

  it('treats only leaves as field codes', () => {
    expect(isFieldCode('mech.cnc')).toBe(true);
    expect(isFieldCode('mech')).toBe(false);
    expect(isGroupCode('mech')).toBe(true);
    expect(isGroupCode('mech.cnc')).toBe(false);
  });

  it('lists every label and keyword once, split by language on request', () => {
    const all = taxonomyWords();
    expect(new Set(all).size).toBe(all.length);
    expect(all).toContain('模流分析');
    expect(all).toContain('mould flow analysis');
    expect(all).toContain('地理信息与测绘遥感');
    const zh = taxonomyWords('zh');
    expect(zh).toContain('锂离子电池');
    expect(zh).not.toContain('lithium-ion battery');
    expect(taxonomyWords('en')).not.toContain('锂离子电池');
  });
});

describe('FieldCodeSchema', () => {
  it('accepts a leaf code', () => {
    expect(FieldCodeSchema.parse('geo.gnss')).toBe('geo.gnss');
  });

  it.each(['mech', 'mech.unknown', '', 'MECH.CNC'])(
    'rejects %j with a bilingual message',
    (code) => {
      const result = FieldCodeSchema.safeParse(code);
      expect(result.success).toBe(false);
      expect(result.error?.issues[0]?.message).toBe('未知的领域代码 / unknown field code');
    },
  );
});
