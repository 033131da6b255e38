import { createHash } from 'node:crypto';
import { ObjectId, type Db, type Filter } from 'mongodb';
import { documentKey, withDocumentLock } from '../../lib/keyed-lock.js';
import { ensureCollectionIndexes, isDuplicateKeyError } from '../../lib/mongo.js';
import { findPage } from '../../lib/pagination.js';
import type { Role } from '../access/actor.js';
import type { EventDoc } from '../events/outbox.js';
import type { NotificationKind, NotificationParams } from './schemas.js';

/** Notifications are listed newest first; the cursor carries a date. */
const createdAt = new Set(['createdAt']);

export interface NotificationDoc {
  _id: string;
  userId: string;
  kind: NotificationKind;
  params: NotificationParams;
  link: string;
  /** What caused it: an event id, or a reminder id. One notification per source and user. */
  sourceId: string;
  createdAt: Date;
  readAt?: Date;
}

/** The id of the notification of one source for one user: writing it twice is a no-op. */
export function notificationId(sourceId: string, userId: string, kind: NotificationKind): string {
  const hash = createHash('sha256').update(`${sourceId}|${userId}|${kind}`).digest('hex');
  return `ntf_${hash.slice(0, 24)}`;
}

/** A user who may receive notifications, as better-auth stores them with Jiedui's fields. */
export interface Recipient {
  userId: string;
  email: string;
  name: string;
  role?: Role;
}

interface UserRow {
  _id: { toHexString(): string } | string;
  email: string;
  name: string;
  role?: Role;
  status?: string;
}

const companyRoles: Role[] = ['company_owner', 'company_member'];

export function createNotificationRepository(db: Db) {
  const notifications = db.collection<NotificationDoc>('notifications');
  // Read-only: who belongs to an organisation or an expert profile (users/repository.ts writes).
  const users = db.collection<UserRow>('user');
  const toRecipient = (row: UserRow): Recipient => ({
    userId: typeof row._id === 'string' ? row._id : row._id.toHexString(),
    email: row.email,
    name: row.name,
    ...(row.role ? { role: row.role } : {}),
  });
  const projection = { email: 1, name: 1, role: 1, status: 1 };
  // How far the notifier got through `events`: a restart catches up from there.
  const state = db.collection<{ _id: 'events'; at: Date }>('notification_state');
  const events = db.collection<EventDoc>('events');
  // Each user's unread count, kept with every write of their notifications, so that the badge
  // on every page is one read by `_id`: counting unread notifications is a whole-collection
  // scan on FerretDB (5–7 s over 20,000 notifications on a busy machine). A user's counter and
  // their notifications change together under the user's lock (FerretDB's updates are not
  // atomic), and the inbox's own count corrects any drift a crash left.
  const unread = db.collection<{ _id: string; n: number }>('notification_unread');
  const lockOf = (userId: string) => documentKey('notification_unread', userId);
  const addUnread = async (userId: string, n: number) => {
    if (n !== 0) await unread.updateOne({ _id: userId }, { $inc: { n } }, { upsert: true });
  };
  const countUnread = (userId: string) =>
    notifications.countDocuments({ userId, readAt: { $exists: false } });

  return {
    async ensureIndexes() {
      await ensureCollectionIndexes(notifications, [
        { key: { userId: 1, createdAt: -1, _id: -1 }, name: 'user_createdAt' },
        { key: { userId: 1, readAt: 1 }, name: 'user_readAt' },
      ]);
      // A store written before the counters existed gets them once, from one scan (at start,
      // before the app writes any notification).
      if (!(await unread.findOne({}))) {
        const counts = await notifications
          .aggregate<{ _id: string; n: number }>([
            { $match: { readAt: { $exists: false } } },
            { $group: { _id: '$userId', n: { $sum: 1 } } },
          ])
          .toArray();
        if (counts.length > 0) {
          try {
            await unread.insertMany(counts, { ordered: false });
          } catch (error) {
            if (!isDuplicateKeyError(error)) throw error;
          }
        }
      }
    },

    checkpoint: async () => (await state.findOne({ _id: 'events' }))?.at ?? null,

    async saveCheckpoint(at: Date): Promise<void> {
      await state.updateOne({ _id: 'events' }, { $set: { at } }, { upsert: true });
    },

    /** Engagement and problem events from `at` on, oldest first (at most `limit`). */
    eventsSince: (at: Date, limit: number) =>
      events
        .find({ at: { $gte: at }, entity: { $in: ['engagement', 'problem'] } })
        .sort({ at: 1, _id: 1 })
        .limit(limit)
        .toArray(),

    /** Inserts notifications; those already written (same id) are skipped. */
    async insertMany(docs: readonly NotificationDoc[]): Promise<void> {
      for (const doc of docs) {
        await withDocumentLock(lockOf(doc.userId), async () => {
          try {
            await notifications.insertOne(doc);
          } catch (error) {
            if (isDuplicateKeyError(error)) return;
            throw error;
          }
          if (!doc.readAt) await addUnread(doc.userId, 1);
        });
      }
    },

    async list(userId: string, query: { limit: number; cursor?: string; unread: boolean }) {
      const filter: Filter<NotificationDoc> = { userId };
      if (query.unread) filter.readAt = { $exists: false };
      return findPage(
        notifications,
        filter,
        { ...query, sort: 'createdAt', order: 'desc' },
        createdAt,
      );
    },

    /** The unread count counted from the notifications, and the counter set to it if it drifted. */
    unreadCount: (userId: string) =>
      withDocumentLock(lockOf(userId), async () => {
        const [counted, counter] = await Promise.all([
          countUnread(userId),
          unread.findOne({ _id: userId }),
        ]);
        if ((counter?.n ?? 0) !== counted)
          await unread.updateOne({ _id: userId }, { $set: { n: counted } }, { upsert: true });
        return counted;
      }),

    /** The unread count from the user's counter: one read by `_id`. */
    async unreadCounter(userId: string): Promise<number> {
      return Math.max(0, (await unread.findOne({ _id: userId }))?.n ?? 0);
    },

    /** Marks one of the user's notifications read; null when the user has no such notification. */
    markRead: (userId: string, id: string, now: Date) =>
      withDocumentLock(lockOf(userId), async (): Promise<NotificationDoc | null> => {
        const doc = await notifications.findOne({ _id: id });
        if (doc?.userId !== userId) return null;
        if (doc.readAt) return doc;
        await notifications.updateOne({ _id: id }, { $set: { readAt: now } });
        await addUnread(userId, -1);
        return { ...doc, readAt: now };
      }),

    markAllRead: (userId: string, now: Date) =>
      withDocumentLock(lockOf(userId), async () => {
        const result = await notifications.updateMany(
          { userId, readAt: { $exists: false } },
          { $set: { readAt: now } },
        );
        await unread.updateOne({ _id: userId }, { $set: { n: 0 } }, { upsert: true });
        return result.modifiedCount;
      }),

    /** One active user by id (better-auth's ObjectId, or a string id), or null. */
    async userById(userId: string): Promise<Recipient | null> {
      const _id = /^[0-9a-f]{24}$/.test(userId) ? new ObjectId(userId) : userId;
      const row = await users.findOne({ _id } as Filter<UserRow>, { projection });
      return row && row.status !== 'suspended' ? toRecipient(row) : null;
    },

    /** The active users of an expert profile. */
    async usersOfExpert(expertId: string): Promise<Recipient[]> {
      const rows = await users.find({ expertId }, { projection }).toArray();
      return rows.filter((row) => row.status !== 'suspended').map(toRecipient);
    },

    /** The active owners and members of a company. */
    async usersOfCompany(companyId: string): Promise<Recipient[]> {
      const rows = await users.find({ organisationId: companyId }, { projection }).toArray();
      return rows
        .filter((row) => row.status !== 'suspended' && row.role && companyRoles.includes(row.role))
        .map(toRecipient);
    },
  };
}

export type NotificationRepository = ReturnType<typeof createNotificationRepository>;
