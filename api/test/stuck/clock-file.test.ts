import { mkdtempSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { createFileClock, parseClock } from '../../src/lib/clock-file.js';

const dir = mkdtempSync(join(tmpdir(), 'jiedui-clock-'));
afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
});

describe('the file clock of the end-to-end tests', () => {
  it('reads offsets in days, hours, minutes, seconds and ms, and fixed instants', () => {
    const real = Date.parse('2026-11-27T00:00:00Z');
    expect(parseClock('+15d')(real)).toBe(real + 15 * 86_400_000);
    expect(parseClock('-2h')(real)).toBe(real - 7_200_000);
    expect(parseClock('+90m')(real)).toBe(real + 5_400_000);
    expect(parseClock('+30s')(real)).toBe(real + 30_000);
    expect(parseClock('+1500')(real)).toBe(real + 1500);
    expect(parseClock('2027-01-15T09:00:00+08:00')(real)).toBe(Date.parse('2027-01-15T01:00:00Z'));
    expect(parseClock('  \n')(real)).toBe(real);
    expect(() => parseClock('next tuesday')).toThrow(/cannot read/);
  });

  it('follows the file as it changes, and is the real clock while the file is missing', () => {
    const file = join(dir, 'clock');
    const clock = createFileClock(file);
    expect(Math.abs(clock().getTime() - Date.now())).toBeLessThan(1000);
    writeFileSync(file, '+10d');
    expect(clock().getTime() - Date.now()).toBeGreaterThan(10 * 86_400_000 - 1000);
    writeFileSync(file, '2030-01-01T00:00:00Z');
    // Give the file a different modification time, as a later write would have.
    utimesSync(file, new Date(), new Date(Date.now() + 5000));
    expect(clock().toISOString()).toBe('2030-01-01T00:00:00.000Z');
  });
});
