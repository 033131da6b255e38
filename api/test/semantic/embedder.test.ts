import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createEmbedder, type Embedder } from '../../src/semantic/embedder.js';
import { dot } from '../../src/semantic/vector-index.js';
import { model, skipReason, must } from './model.js';

const problem =
  '我公司液压机的油缸在换向时冲击很大，压力波动明显，管路振动，密封件寿命短。希望降低换向冲击，使动作平稳。';
const matchingPaper =
  '液压缸换向冲击的比例阀控制方法研究\n针对液压系统换向过程中的压力冲击和振动问题，提出基于比例阀的缓冲控制策略，压力峰值降低了35%。';
const unrelatedPaper =
  '印染废水厌氧—好氧组合处理工艺研究\n采用水解酸化与好氧生物处理组合工艺处理印染废水，COD 和色度去除率显著提高。';
const englishMatching =
  'Suppressing pressure shocks in hydraulic cylinders with proportional valves\nA cushioning control strategy reduces the pressure peak during reversing.';
const englishUnrelated =
  'Anaerobic-aerobic treatment of textile dyeing wastewater\nHydrolysis-acidification followed by aerobic treatment removes COD and colour.';

describe.skipIf(!model)(`embedding model in a worker (${skipReason ?? 'model present'})`, () => {
  let embedder: Embedder;
  beforeAll(async () => {
    embedder = createEmbedder(must(model), { threads: 1 });
    await embedder.ready();
  });
  afterAll(() => embedder.close());

  it('returns L2-normalised vectors of the model size', async () => {
    const [v] = await embedder.embed([problem], 'passage');
    expect(v).toHaveLength(512);
    expect(dot(must(v), must(v))).toBeCloseTo(1, 4);
  });

  it('puts a Chinese problem nearer the paper that solves it than an unrelated paper', async () => {
    const [p, good, bad] = await embedder.embed(
      [problem, matchingPaper, unrelatedPaper],
      'passage',
    );
    expect(dot(must(p), must(good))).toBeGreaterThan(dot(must(p), must(bad)) + 0.1);
  });

  it('puts a Chinese problem nearer the matching English paper than an unrelated English one', async () => {
    const [p, good, bad] = await embedder.embed(
      [problem, englishMatching, englishUnrelated],
      'passage',
    );
    expect(dot(must(p), must(good))).toBeGreaterThan(dot(must(p), must(bad)));
  });

  it('gives the same vector for the same text in a batch and alone', async () => {
    const [alone] = await embedder.embed([matchingPaper], 'passage');
    const batch = await embedder.embed([unrelatedPaper, matchingPaper, problem], 'passage');
    expect(dot(must(alone), must(batch[1]))).toBeCloseTo(1, 4);
  });

  it('cuts a long text into sentence chunks within the model limit', async () => {
    const long = Array.from({ length: 40 }, (_, i) => `第${i + 1}段：${problem}`).join('\n');
    const [chunks] = await embedder.embedChunked([long], 'passage');
    // About 2 400 characters, one token each: more than four chunks of at most 512 tokens.
    expect(must(chunks).length).toBeGreaterThanOrEqual(5);
    for (const v of must(chunks)) expect(dot(v, v)).toBeCloseTo(1, 4);
    const [truncated] = await embedder.embed([long], 'passage');
    expect(truncated).toHaveLength(512);
  });

  it('keeps the event loop free while it embeds', async () => {
    // One batch long enough to mean something on a fast machine too: doubled until it takes
    // 300 ms or more. Inference in this thread would stall the timer for that whole batch; in the
    // worker the timer only waits for the CPU, which other test files share on a small machine.
    let took = 0;
    let worst = 0;
    for (let count = 48; took < 300 && count <= 48 * 64; count *= 2) {
      const texts = Array.from({ length: count }, (_, i) => `${matchingPaper}（${i}）`);
      let last = performance.now();
      worst = 0;
      const timer = setInterval(() => {
        const now = performance.now();
        worst = Math.max(worst, now - last);
        last = now;
      }, 5);
      const started = performance.now();
      await embedder.embed(texts, 'passage');
      took = performance.now() - started;
      clearInterval(timer);
    }
    expect(took).toBeGreaterThan(300);
    expect(worst).toBeLessThan(took / 4);
  });
});
