import { idPrefixes, type IdKind } from '../../lib/ids.js';
import type { Rng } from './corpus/index.js';

// Seeded counterparts of lib/ids.ts and a few skewed distributions. Demo ids come from the seed
// too, so the same seed loads the same ids on every machine and the README can name records.

const alphabet = '0123456789abcdefghjkmnpqrstvwxyz';

function randomChars(rng: Rng, n: number): string {
  let out = '';
  for (let i = 0; i < n; i++) out += alphabet.charAt(rng.int(0, 31));
  return out;
}

/** An id in the format of lib/ids.ts (`exp_7k2m9x4q1c8v5b3n`), drawn from the rng. */
export function seededId(kind: IdKind, rng: Rng): string {
  return `${idPrefixes[kind]}_${randomChars(rng, 16)}`;
}

/** A time-sortable id, like newSortableId but sorting by the historical time it is given. */
export function seededSortableId(kind: IdKind, atMs: number, rng: Rng): string {
  let time = '';
  let rest = atMs;
  for (let i = 0; i < 10; i++) {
    time = alphabet.charAt(rest % 32) + time;
    rest = Math.floor(rest / 32);
  }
  return `${idPrefixes[kind]}_${time}${randomChars(rng, 6)}`;
}

/** A standard normal draw (Box–Muller). */
export function normal(rng: Rng): number {
  const u = 1 - rng.next();
  const v = rng.next();
  return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
}

/**
 * A log-normal draw with the given median: most values near it, a long right tail. Durations
 * of real work look like this (most problems solved in weeks, a few drag on for a year).
 */
export function logNormal(rng: Rng, median: number, sigma: number): number {
  return median * Math.exp(sigma * normal(rng));
}

/** Cumulative weights, for picking among many entries in O(log n). */
export function cumulative(weights: readonly number[]): Float64Array {
  const out = new Float64Array(weights.length);
  let sum = 0;
  weights.forEach((weight, i) => {
    sum += weight;
    out[i] = sum;
  });
  return out;
}

/** An index drawn in proportion to the weights behind `sums` (see cumulative). */
export function pickIndex(rng: Rng, sums: Float64Array): number {
  const total = sums[sums.length - 1] ?? 0;
  const target = rng.next() * total;
  let low = 0;
  let high = sums.length - 1;
  while (low < high) {
    const mid = (low + high) >> 1;
    if ((sums[mid] ?? 0) > target) high = mid;
    else low = mid + 1;
  }
  return low;
}
