import { MongoClient } from 'mongodb';
import { inject } from 'vitest';

/** A valid 统一社会信用代码 for the n-th test company (GB 32100 check character computed). */
export function creditCode(n: number): string {
  const alphabet = '0123456789ABCDEFGHJKLMNPQRTUWXY';
  const weights = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28];
  const body = `91330521${String(n).padStart(9, '0')}`;
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += alphabet.indexOf(body.charAt(i)) * (weights[i] ?? 0);
  return body + alphabet.charAt((31 - (sum % 31)) % 31);
}

/** Gives an account a role directly in the store: how the first office account is made. */
export async function setRole(email: string, role: string) {
  const client = new MongoClient(inject('mongoUrl'));
  try {
    await client.db('e2e').collection('user').updateOne({ email }, { $set: { role } });
  } finally {
    await client.close().catch(() => undefined);
  }
}
