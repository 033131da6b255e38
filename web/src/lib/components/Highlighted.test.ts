import { describe, expect, it } from 'vitest';
import { highlightSegments, termSegments } from './Highlighted.svelte';

describe('highlight markup', () => {
  it('marks the engine’s <em> spans and unescapes the text around them', () => {
    expect(highlightSegments('注塑件&lt;b&gt;<em>缩痕</em>问题 &amp; 对策')).toEqual([
      { text: '注塑件<b>', hit: false },
      { text: '缩痕', hit: true },
      { text: '问题 & 对策', hit: false },
    ]);
  });

  it('keeps any other markup as visible text, never as HTML', () => {
    const segments = highlightSegments('<img src=x onerror=alert(1)><em>热</em>');
    expect(segments[0]).toEqual({ text: '<img src=x onerror=alert(1)>', hit: false });
    expect(segments[1]).toEqual({ text: '热', hit: true });
  });

  it('marks matched terms in plain text, longest first, ignoring case', () => {
    expect(termSegments('CNC 主轴热误差补偿', ['cnc', '热误差', '热'])).toEqual([
      { text: 'CNC', hit: true },
      { text: ' 主轴', hit: false },
      { text: '热误差', hit: true },
      { text: '补偿', hit: false },
    ]);
  });
});
