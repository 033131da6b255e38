import { describe, expect, it } from 'vitest';
import { createKeyedLock } from './keyed-lock.js';

describe('keyed lock', () => {
  it('runs work for one key one at a time, in arrival order, and keys independently', async () => {
    const withLock = createKeyedLock();
    const log: string[] = [];
    const step = (key: string, name: string, ms: number) =>
      withLock(key, async () => {
        log.push(`start ${name}`);
        await new Promise((r) => setTimeout(r, ms));
        log.push(`end ${name}`);
        return name;
      });
    const results = await Promise.all([
      step('a', 'a1', 20),
      step('a', 'a2', 1),
      step('b', 'b1', 5),
    ]);
    expect(results).toEqual(['a1', 'a2', 'b1']);
    expect(log.indexOf('end a1')).toBeLessThan(log.indexOf('start a2'));
    expect(log.indexOf('start b1')).toBeLessThan(log.indexOf('end a1'));
  });

  it('keeps going after a failure', async () => {
    const withLock = createKeyedLock();
    await expect(withLock('k', () => Promise.reject(new Error('boom')))).rejects.toThrow('boom');
    await expect(withLock('k', () => Promise.resolve(2))).resolves.toBe(2);
  });
});
