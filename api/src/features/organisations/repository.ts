import type { Db, Filter } from 'mongodb';
import { newId } from '../../lib/ids.js';
import { translateDuplicate, ensureCollectionIndexes } from '../../lib/mongo.js';
import { findPage } from '../../lib/pagination.js';
import { toWireDate } from '../../lib/time.js';
import type { ActorRef } from '../access/actor.js';
import { newEvent, type WithOutbox } from '../events/outbox.js';
import type { EventRepository } from '../events/repository.js';
import { applyVerification, versionedUpdate, type VerificationArgs } from '../shared/versioned.js';
import type {
  Organisation,
  OrganisationInput,
  OrganisationListQuery,
  OrganisationPatch,
} from './schemas.js';

/** Sort fields whose cursor value is a date. */
const organisationDateFields = new Set(['createdAt']);

export interface OrganisationDoc extends WithOutbox, OrganisationInput {
  verification: Organisation['verification'];
  createdAt: Date;
  updatedAt: Date;
}

export function toOrganisation(doc: OrganisationDoc): Organisation {
  const { _id, createdAt, updatedAt, outbox: _outbox, ...rest } = doc;
  return { id: _id, ...rest, createdAt: toWireDate(createdAt), updatedAt: toWireDate(updatedAt) };
}

export function createOrganisationRepository(db: Db, events: EventRepository) {
  const organisations = db.collection<OrganisationDoc>('organisations');

  return {
    async ensureIndexes() {
      await ensureCollectionIndexes(organisations, [
        { key: { creditCode: 1 }, name: 'creditCode_unique', unique: true },
        { key: { createdAt: -1, _id: -1 }, name: 'createdAt_id' },
        { key: { name: 1, _id: 1 }, name: 'name_id' },
        { key: { kind: 1, createdAt: -1, _id: -1 }, name: 'kind_createdAt_id' },
        { key: { town: 1 }, name: 'town' },
      ]);
      await events.sweep(organisations as never);
    },

    async create(
      input: OrganisationInput,
      actor: ActorRef,
      now = new Date(),
    ): Promise<OrganisationDoc> {
      const id = newId('organisation');
      const doc: OrganisationDoc = {
        _id: id,
        ...input,
        verification: 'pending',
        rev: 1,
        createdAt: now,
        updatedAt: now,
        outbox: [
          newEvent({ entity: 'organisation', entityId: id, type: 'created', actor, at: now }),
        ],
      };
      await translateDuplicate(() => organisations.insertOne(doc), {
        zh: `统一社会信用代码 ${input.creditCode} 已登记。`,
        en: `Credit code ${input.creditCode} is already registered.`,
      });
      await events.flush(organisations as never, id);
      return doc;
    },

    get: (id: string) => organisations.findOne({ _id: id }),

    async update(
      doc: OrganisationDoc,
      patch: OrganisationPatch,
      actor: ActorRef,
      now = new Date(),
    ) {
      const { rev, ...rest } = patch;
      const set = { ...rest };
      return versionedUpdate(organisations, events, {
        id: doc._id,
        expectedRev: rev,
        set,
        event: newEvent({
          entity: 'organisation',
          entityId: doc._id,
          type: 'updated',
          note: `fields: ${Object.keys(set).join(', ')}`,
          actor,
          at: now,
        }),
        now,
      });
    },

    /** Waiting for the office: pending or asked for more information, oldest first. */
    awaitingVerification: () =>
      organisations
        .find({ kind: 'company', verification: { $in: ['pending', 'info_requested'] } })
        .sort({ createdAt: 1, _id: 1 })
        .limit(500)
        .toArray(),

    /** Records the office's verification decision as its own event. */
    setVerification: (doc: OrganisationDoc, args: VerificationArgs) =>
      applyVerification(organisations, events, 'organisation', doc, args),

    async list(query: OrganisationListQuery) {
      const filter: Filter<OrganisationDoc> = {};
      if (query.kind) filter.kind = query.kind;
      if (query.town) filter.town = query.town;
      if (query.industry) filter.industry = query.industry;
      if (query.verification) filter.verification = query.verification;
      const page = await findPage(organisations, filter, query, organisationDateFields);
      return { items: page.items.map(toOrganisation), nextCursor: page.nextCursor };
    },

    /** Names, towns and industries of many organisations at once (for denormalised views). */
    async getMany(ids: readonly string[]) {
      const rows = await organisations.find({ _id: { $in: [...ids] } }).toArray();
      return new Map(rows.map((row) => [row._id, row]));
    },

    /** Records whose history is in their outbox (demo data, imports): see events.insertWithHistory. */
    insertWithHistory: (docs: readonly OrganisationDoc[]) =>
      events.insertWithHistory(organisations, docs),

    /** The organisations with these credit codes, by code. */
    async getByCreditCodes(codes: readonly string[]) {
      const rows = await organisations.find({ creditCode: { $in: [...codes] } }).toArray();
      return new Map(rows.map((row) => [row.creditCode, row]));
    },

    /** Every organisation matching the filter, oldest first, as a cursor (exports). */
    scan: (filter: Filter<OrganisationDoc> = {}) =>
      organisations.find(filter).sort({ createdAt: 1, _id: 1 }),
  };
}

export type OrganisationRepository = ReturnType<typeof createOrganisationRepository>;
