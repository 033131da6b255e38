import type { Db, Filter } from 'mongodb';
import { newId } from '../../lib/ids.js';
import { documentKey, withDocumentLock } from '../../lib/keyed-lock.js';
import { translateDuplicate, ensureCollectionIndexes } from '../../lib/mongo.js';
import { findPage } from '../../lib/pagination.js';
import type { ActorRef } from '../access/actor.js';
import { newEvent, type WithOutbox } from '../events/outbox.js';
import type { EventRepository } from '../events/repository.js';
import {
  announceChange,
  applyVerification,
  versionedUpdate,
  type VerificationArgs,
} from '../shared/versioned.js';
import { createIndexState } from '../shared/index-state.js';
import type { ExpertCreate, ExpertListQuery, ExpertPatch, Verification } from './schemas.js';

/** Sort fields whose cursor value is a date. */
const expertDateFields = new Set(['createdAt', 'updatedAt']);

export interface ExpertDoc extends WithOutbox, Omit<ExpertCreate, 'phone' | 'college'> {
  universityName: string;
  college?: string;
  phone?: string;
  verification: Verification;
  rev: number;
  indexedRev: number;
  createdAt: Date;
  updatedAt: Date;
}

const duplicateEmail = (email: string) => ({
  zh: `邮箱 ${email} 已被其他专家使用。`,
  en: `The email ${email} belongs to another expert.`,
});

export function createExpertRepository(db: Db, events: EventRepository) {
  const experts = db.collection<ExpertDoc>('experts');
  const indexState = createIndexState(db, experts);

  return {
    collection: experts,

    async ensureIndexes() {
      await ensureCollectionIndexes(experts, [
        { key: { email: 1 }, name: 'email_unique', unique: true },
        { key: { organisationId: 1, createdAt: -1, _id: -1 }, name: 'organisation_createdAt' },
        { key: { createdAt: -1, _id: -1 }, name: 'createdAt_id' },
        { key: { updatedAt: -1, _id: -1 }, name: 'updatedAt_id' },
        { key: { name: 1, _id: 1 }, name: 'name_id' },
        { key: { fields: 1 }, name: 'fields' },
        { key: { indexedRev: 1, rev: 1 }, name: 'index_gap' },
      ]);
      await events.sweep(experts as never);
    },

    async create(input: ExpertCreate, universityName: string, actor: ActorRef, now = new Date()) {
      const id = newId('expert');
      const doc: ExpertDoc = {
        _id: id,
        ...input,
        universityName,
        verification: 'pending',
        rev: 1,
        indexedRev: 0,
        createdAt: now,
        updatedAt: now,
        outbox: [
          newEvent({
            entity: 'expert',
            entityId: id,
            type: 'created',
            actor,
            at: now,
            refs: [input.organisationId],
          }),
        ],
      };
      await translateDuplicate(() => experts.insertOne(doc), duplicateEmail(input.email));
      await events.flush(experts as never, id);
      announceChange('experts', [id]);
      return doc;
    },

    get: (id: string) => experts.findOne({ _id: id }),

    getMany: (ids: readonly string[]) => experts.find({ _id: { $in: [...ids] } }).toArray(),

    async update(doc: ExpertDoc, patch: ExpertPatch, actor: ActorRef, now = new Date()) {
      const { rev, ...rest } = patch;
      const set = { ...rest };
      return versionedUpdate(experts, events, {
        id: doc._id,
        expectedRev: rev,
        set,
        event: newEvent({
          entity: 'expert',
          entityId: doc._id,
          type: 'updated',
          note: `fields: ${Object.keys(set).join(', ')}`,
          actor,
          at: now,
          refs: [doc.organisationId],
        }),
        now,
      });
    },

    /** Bumps rev so that the indexer re-pushes derived data (e.g. remaining capacity). */
    async touch(id: string) {
      await withDocumentLock(documentKey('experts', id), () =>
        experts.updateOne({ _id: id }, { $inc: { rev: 1 } }),
      );
      announceChange('experts', [id]);
    },

    /** Waiting for the office: pending or asked for more information, oldest first. */
    awaitingVerification: () =>
      experts
        .find({ verification: { $in: ['pending', 'info_requested'] } })
        .sort({ createdAt: 1, _id: 1 })
        .limit(500)
        .toArray(),

    /** Records the office's verification decision as its own event. */
    setVerification: (doc: ExpertDoc, args: VerificationArgs) =>
      applyVerification(experts, events, 'expert', doc, args),

    async list(query: ExpertListQuery) {
      const filter: Filter<ExpertDoc> = {};
      if (query.organisationId) filter.organisationId = query.organisationId;
      if (query.field) filter.fields = query.field;
      if (query.available !== undefined) filter.available = query.available;
      if (query.verification) filter.verification = query.verification;
      return findPage(experts, filter, query, expertDateFields);
    },

    /** Records whose history is in their outbox (demo data, imports): see events.insertWithHistory. */
    insertWithHistory: (docs: readonly ExpertDoc[]) => events.insertWithHistory(experts, docs),

    /** The experts with these emails, by email. */
    async getByEmails(emails: readonly string[]) {
      const rows = await experts.find({ email: { $in: [...emails] } }).toArray();
      return new Map(rows.map((row) => [row.email, row]));
    },

    /** Every expert matching the filter, oldest first, as a cursor (exports). */
    scan: (filter: Filter<ExpertDoc> = {}) => experts.find(filter).sort({ createdAt: 1, _id: 1 }),

    ...indexState,
  };
}

export type ExpertRepository = ReturnType<typeof createExpertRepository>;
export { duplicateEmail };
