import { describe, expect, it } from 'vitest';
import { normaliseKeyword, normaliseText } from './text.js';

describe('text normalisation', () => {
  it('turns full-width Latin letters and digits into ASCII but keeps Chinese punctuation', () => {
    expect(normaliseText('ＣＮＣ机床，精度０．０２ｍｍ。')).toBe('CNC机床，精度0．02mm。');
    expect(normaliseText('  热变形\u3000 补偿  ')).toBe('热变形 补偿');
  });

  it('lower-cases keywords', () => {
    expect(normaliseKeyword(' ＣＮＣ ')).toBe('cnc');
  });
});
