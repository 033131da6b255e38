import { createHash } from 'node:crypto';
import type { Db } from 'mongodb';
import { documentKey, withDocumentLock } from '../../lib/keyed-lock.js';

/**
 * Per-account brute-force protection for sign-in, on top of better-auth's per-IP rate limit.
 * Counted per email address whether or not an account exists, so that it reveals nothing.
 * After `slowAfter` failures within the window each attempt must wait (doubling up to a
 * minute); after `lockAfter` the address is locked for `lockMinutes`. A password reset clears
 * it, so the owner is never locked out for good.
 */
export interface LockoutPolicy {
  windowMinutes: number;
  slowAfter: number;
  lockAfter: number;
  lockMinutes: number;
}

export const lockoutPolicy: LockoutPolicy = {
  windowMinutes: 15,
  slowAfter: 5,
  lockAfter: 10,
  lockMinutes: 15,
};

interface AttemptDoc {
  _id: string;
  failures: number;
  firstFailureAt: Date;
  nextAllowedAt?: Date;
  lockedUntil?: Date;
}

export type LockState =
  { allowed: true } | { allowed: false; reason: 'slowed' | 'locked'; retryAfterSeconds: number };

const keyOf = (email: string) =>
  createHash('sha256').update(email.trim().toLowerCase()).digest('hex');

export function createLockout(db: Db, now: () => Date = () => new Date()) {
  const attempts = db.collection<AttemptDoc>('sign_in_attempts');

  return {
    async check(email: string): Promise<LockState> {
      const doc = await attempts.findOne({ _id: keyOf(email) });
      const at = now();
      if (doc?.lockedUntil && doc.lockedUntil > at) {
        return {
          allowed: false,
          reason: 'locked',
          retryAfterSeconds: Math.ceil((doc.lockedUntil.getTime() - at.getTime()) / 1000),
        };
      }
      if (doc?.nextAllowedAt && doc.nextAllowedAt > at) {
        return {
          allowed: false,
          reason: 'slowed',
          retryAfterSeconds: Math.ceil((doc.nextAllowedAt.getTime() - at.getTime()) / 1000),
        };
      }
      return { allowed: true };
    },

    async recordFailure(email: string): Promise<void> {
      const id = keyOf(email);
      await withDocumentLock(documentKey('sign_in_attempts', id), async () => {
        const at = now();
        const doc = await attempts.findOne({ _id: id });
        const windowStart = new Date(at.getTime() - lockoutPolicy.windowMinutes * 60_000);
        const failures = doc && doc.firstFailureAt > windowStart ? doc.failures + 1 : 1;
        const next: AttemptDoc = {
          _id: id,
          failures,
          firstFailureAt: failures === 1 ? at : (doc?.firstFailureAt ?? at),
        };
        if (failures >= lockoutPolicy.lockAfter) {
          next.lockedUntil = new Date(at.getTime() + lockoutPolicy.lockMinutes * 60_000);
        } else if (failures >= lockoutPolicy.slowAfter) {
          const waitSeconds = Math.min(60, 2 ** (failures - lockoutPolicy.slowAfter + 1));
          next.nextAllowedAt = new Date(at.getTime() + waitSeconds * 1000);
        }
        await attempts.replaceOne({ _id: id }, next, { upsert: true });
      });
    },

    async clear(email: string): Promise<void> {
      await withDocumentLock(documentKey('sign_in_attempts', keyOf(email)), () =>
        attempts.deleteOne({ _id: keyOf(email) }),
      );
    },
  };
}

export type Lockout = ReturnType<typeof createLockout>;
