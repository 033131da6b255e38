import type { Db } from 'mongodb';
import { isDuplicateKeyError } from '../lib/mongo.js';

// A lease in MongoDB built only on unique-_id inserts, the one write FerretDB 1.24 applies
// atomically (its conditional updates are not atomic, see lib/keyed-lock.ts). Time is cut into
// epochs of `periodMs`; the instance that inserts `<name>:<epoch>` first holds the lease for
// that epoch. The holder renews by inserting the next epoch's document during the last quarter
// of its epoch, before any other instance tries it (they only try an epoch once it has begun).
// A dead holder renews nothing, so its lease ends with its epoch and the first instance to
// insert the next epoch takes over. Two holders can overlap only by the clock skew between
// instances; the holder gives up `marginMs` before its epoch ends to absorb small skews.

interface LeaseDoc {
  _id: string;
  holder: string;
  epoch: number;
  acquiredAt: Date;
}

export interface Lease {
  /** True when this instance holds the lease now; takes or renews it when it can. */
  hold(): Promise<boolean>;
  /** Milliseconds until the current epoch ends. */
  remainingMs(): number;
}

export function createLease(
  db: Db,
  args: { name: string; holder: string; periodMs: number; now?: () => number },
): Lease {
  const leases = db.collection<LeaseDoc>('search_leases');
  const now = args.now ?? Date.now;
  const marginMs = Math.min(1_000, args.periodMs / 10);
  const held = new Set<number>();
  const key = (epoch: number) => `${args.name}:${epoch}`;

  async function claim(epoch: number): Promise<boolean> {
    try {
      await leases.insertOne({
        _id: key(epoch),
        holder: args.holder,
        epoch,
        acquiredAt: new Date(now()),
      });
      held.add(epoch);
      // Old epochs are history only; deleting by _id is cheap on every server.
      await leases.deleteOne({ _id: key(epoch - 3) });
      return true;
    } catch (error) {
      if (!isDuplicateKeyError(error)) throw error;
      const winner = await leases.findOne({ _id: key(epoch) });
      if (winner?.holder === args.holder) held.add(epoch);
      return winner?.holder === args.holder;
    }
  }

  return {
    async hold() {
      const at = now();
      const epoch = Math.floor(at / args.periodMs);
      const intoEpoch = at - epoch * args.periodMs;
      for (const old of held) if (old < epoch) held.delete(old);
      const current = held.has(epoch) || (await claim(epoch));
      if (!current) return false;
      if (intoEpoch >= args.periodMs * 0.75 && !held.has(epoch + 1)) await claim(epoch + 1);
      return held.has(epoch + 1) || intoEpoch < args.periodMs - marginMs;
    },
    remainingMs() {
      const at = now();
      return args.periodMs - (at % args.periodMs);
    },
  };
}
