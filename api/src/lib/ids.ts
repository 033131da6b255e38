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
} as const;

export type IdKind = keyof typeof idPrefixes;

/** A new random id such as `org_7k2m9x4q1c8v5b3n` (80 bits of randomness). */
export function newId(kind: IdKind): string {
  const bytes = randomBytes(16);
  let out = '';
  for (const byte of bytes) out += alphabet.charAt(byte & 31);
  return `${idPrefixes[kind]}_${out}`;
}

/** The zod schema of one kind of id: a malformed id fails validation (400), never reaches Mongo. */
export function idSchema(kind: IdKind) {
  return z
    .string()
    .regex(new RegExp(`^${idPrefixes[kind]}_[${alphabet}]{16}$`), `not a valid ${kind} id`)
    .openapi({ example: `${idPrefixes[kind]}_7k2m9x4q1c8v5b3n` });
}
