import { readFileSync, statSync } from 'node:fs';

/**
 * A clock the end-to-end tests move: the file holds either an offset added to the real time
 * (`+15d`, `-2h`, `+90m`, `+3600000` in ms) or an instant (`2027-01-15T09:00:00+08:00`) at which
 * the clock stands still. The file is read again whenever it changes; while it is missing or
 * empty the clock is the real one. Only the API entry point uses this, and only when
 * JIEDUI_CLOCK_FILE is set.
 */
export function createFileClock(path: string): () => Date {
  let seenMtime = -1;
  let read: (real: number) => number = (real) => real;
  return () => {
    const real = Date.now();
    let mtime: number;
    try {
      mtime = statSync(path).mtimeMs;
    } catch {
      mtime = 0;
    }
    if (mtime !== seenMtime) {
      seenMtime = mtime;
      read = mtime === 0 ? (r) => r : parseClock(readFileSync(path, 'utf8'));
    }
    return new Date(read(real));
  };
}

const units: Record<string, number> = { d: 86_400_000, h: 3_600_000, m: 60_000, s: 1_000, '': 1 };

/** Parses the clock file's content into a function of the real time. */
export function parseClock(content: string): (real: number) => number {
  const text = content.trim();
  if (text === '') return (real) => real;
  const offset = /^([+-])(\d+(?:\.\d+)?)([dhms]?)$/.exec(text);
  if (offset) {
    const ms = Number(offset[2]) * (units[offset[3] ?? ''] ?? 1) * (offset[1] === '-' ? -1 : 1);
    return (real) => real + ms;
  }
  const fixed = new Date(text).getTime();
  if (Number.isNaN(fixed)) throw new Error(`clock file: cannot read "${text}"`);
  return () => fixed;
}
