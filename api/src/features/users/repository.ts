import { ensureCollectionIndexes } from '../../lib/mongo.js';
import { createHash, randomBytes } from 'node:crypto';
import { ObjectId, type Db, type Filter } from 'mongodb';
import { keysetQuery, toPage } from '../../lib/pagination.js';
import type { Role } from '../access/actor.js';

/** The user record as better-auth stores it, with Jiedui's fields. */
export interface UserDoc {
  _id: ObjectId;
  email: string;
  name: string;
  emailVerified: boolean;
  role?: Role;
  organisationId?: string;
  expertId?: string;
  status?: 'active' | 'suspended';
  createdAt: Date;
  updatedAt: Date;
}

export interface InvitationDoc {
  _id: string;
  organisationId: string;
  email: string;
  role: Role;
  invitedBy: string;
  expiresAt: Date;
  acceptedAt?: Date;
  acceptedBy?: string;
}

function objectId(id: string): ObjectId | null {
  return ObjectId.isValid(id) && /^[0-9a-f]{24}$/.test(id) ? new ObjectId(id) : null;
}

const hashToken = (token: string) => createHash('sha256').update(token).digest('hex');

export function createUserRepository(db: Db) {
  const users = db.collection<UserDoc>('user');
  const sessions = db.collection<{ userId: ObjectId | string }>('session');
  const invitations = db.collection<InvitationDoc>('invitations');

  return {
    async ensureIndexes() {
      await ensureCollectionIndexes(invitations, [
        { key: { organisationId: 1 }, name: 'organisation' },
      ]);
    },

    async get(id: string) {
      const oid = objectId(id);
      return oid ? users.findOne({ _id: oid }) : null;
    },

    getByEmail: (email: string) => users.findOne({ email: email.trim().toLowerCase() }),

    async setMembership(
      id: string,
      membership: { role: Role; organisationId?: string; expertId?: string },
    ) {
      const oid = objectId(id);
      if (!oid) return;
      await users.updateOne({ _id: oid }, { $set: { ...membership, updatedAt: new Date() } });
    },

    async setStatus(id: string, status: 'active' | 'suspended') {
      const oid = objectId(id);
      if (!oid) return;
      await users.updateOne({ _id: oid }, { $set: { status, updatedAt: new Date() } });
    },

    /** Ends every session of a user (suspension, role change). */
    async revokeSessions(id: string) {
      const oid = objectId(id);
      await sessions.deleteMany({ userId: { $in: oid ? [oid, id] : [id] } });
    },

    async list(query: {
      limit: number;
      cursor?: string;
      role?: Role;
      status?: 'active' | 'suspended';
      organisationId?: string;
    }) {
      const filter: Filter<UserDoc> = {};
      if (query.role) filter.role = query.role;
      if (query.status) filter.status = query.status;
      if (query.organisationId) filter.organisationId = query.organisationId;
      // better-auth stores user ids as ObjectIds; the cursor carries their hex form.
      const keyset = keysetQuery<UserDoc>(
        { field: 'createdAt', direction: -1 },
        query.cursor,
        (value) => (typeof value === 'number' ? new Date(value) : value),
        (id) => objectId(id) ?? id,
      );
      const rows = await users
        .find({ $and: [filter, keyset.filter] })
        .sort(keyset.sort)
        .limit(query.limit + 1)
        .toArray();
      return toPage(rows, query.limit, (row) => [row.createdAt.getTime(), row._id.toHexString()]);
    },

    /** Creates an invitation and returns its secret token; only the hash is stored. */
    async createInvitation(
      fields: Omit<InvitationDoc, '_id' | 'expiresAt'>,
      days = 7,
    ): Promise<string> {
      const token = randomBytes(24).toString('base64url');
      await invitations.insertOne({
        _id: hashToken(token),
        ...fields,
        expiresAt: new Date(Date.now() + days * 86_400_000),
      });
      return token;
    },

    findInvitation: (token: string) => invitations.findOne({ _id: hashToken(token) }),

    /** Marks an invitation used; false when someone used it first. */
    async acceptInvitation(token: string, userId: string): Promise<boolean> {
      const result = await invitations.updateOne(
        { _id: hashToken(token), acceptedAt: { $exists: false } },
        { $set: { acceptedAt: new Date(), acceptedBy: userId } },
      );
      return result.modifiedCount === 1;
    },
  };
}

export type UserRepository = ReturnType<typeof createUserRepository>;
