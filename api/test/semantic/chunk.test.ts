import { describe, expect, it } from 'vitest';
import { chunkText, sentences } from '../../src/semantic/chunk.js';

describe('chunking', () => {
  it('splits Chinese and English sentences and keeps decimals whole', () => {
    expect(
      sentences('油缸冲击大。比例阀响应慢！怎么办？Yield is 0.82 now. We want more.\n第二段'),
    ).toEqual([
      '油缸冲击大。',
      '比例阀响应慢！',
      '怎么办？',
      'Yield is 0.82 now.',
      'We want more.',
      '第二段',
    ]);
  });

  it('packs whole sentences up to the budget', () => {
    const text = '甲乙丙丁。'.repeat(10);
    const chunks = chunkText(text, 12, (s) => s.length);
    expect(chunks).toHaveLength(5);
    for (const chunk of chunks) expect(chunk.replace(/ /g, '').length).toBeLessThanOrEqual(12);
    expect(chunks.join('').replace(/ /g, '')).toBe(text);
  });
});
