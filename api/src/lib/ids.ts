import { randomBytes } from 'node:crypto';
import { z } from '@hono/zod-openapi';

// Crockford base32, lower case: no i, l, o, u, so ids read and type unambiguously.
const alphabet = '0123456789abcdefghjkmnpqrstvwxyz';

export const idPrefixes = {
  organisation: 'org',
  expert: 'exp',
  problem: 'prb',
  engagement: 'eng',
  pairing: 'par',
  programme: 'prg',
  outcome: 'out',
  event: 'evt',
  visit: 'vis',
  user: 'usr',
} as const;

export type IdKind = keyof typeof idPrefixes;

/** A new random id such as `org_7k2m9x4q1c8v5b3n` (80 bits of randomness). */
export function newId(kind: IdKind): string {
  const bytes = randomBytes(16);
  let out = '';
  for (const byte of bytes) out += alphabet.charAt(byte & 31);
  return `${idPrefixes[kind]}_${out}`;
}

let lastMs = 0;
let sequence = 0;

/**
 * A new id whose text sorts by creation time (48-bit ms clock, then a per-process sequence and
 * randomness), so records created in the same millisecond still keep their order.
 */
export function newSortableId(kind: IdKind): string {
  const now = Date.now();
  sequence = now === lastMs ? sequence + 1 : 0;
  lastMs = now;
  let time = '';
  let rest = now;
  for (let i = 0; i < 10; i++) {
    time = alphabet.charAt(rest % 32) + time;
    rest = Math.floor(rest / 32);
  }
  const bytes = randomBytes(4);
  let tail = alphabet.charAt((sequence >> 5) & 31) + alphabet.charAt(sequence & 31);
  for (const byte of bytes) tail += alphabet.charAt(byte & 31);
  return `${idPrefixes[kind]}_${time}${tail}`;
}

/** The zod schema of one kind of id: a malformed id fails validation (400), never reaches Mongo. */
export function idSchema(kind: IdKind) {
  return z
    .string()
    .regex(new RegExp(`^${idPrefixes[kind]}_[${alphabet}]{16}$`), `not a valid ${kind} id`)
    .openapi({ example: `${idPrefixes[kind]}_7k2m9x4q1c8v5b3n` });
}
