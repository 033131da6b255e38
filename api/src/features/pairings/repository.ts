import type { Db, Filter } from 'mongodb';
import { newId, newSortableId } from '../../lib/ids.js';
import { translateDuplicate, ensureCollectionIndexes } from '../../lib/mongo.js';
import { findPage } from '../../lib/pagination.js';
import type { ActorRef } from '../access/actor.js';
import { newEvent, type WithOutbox } from '../events/outbox.js';
import type { EventRepository } from '../events/repository.js';
import { applyTransition } from '../shared/versioned.js';
import { pairingMachine, type PairingAction } from './machine.js';
import type { PairingListQuery, PairingStatus, ProgrammeInput } from './schemas.js';

/** The lists here are in creation order; their cursors carry a date. */
const createdAt = new Set(['createdAt']);

export interface ProgrammeDoc extends WithOutbox, ProgrammeInput {
  createdAt: Date;
  updatedAt: Date;
}

export interface PairingDoc extends WithOutbox {
  programmeId: string;
  expertId: string;
  expertName: string;
  companyId: string;
  companyName: string;
  status: PairingStatus;
  createdAt: Date;
  updatedAt: Date;
}

export function createPairingRepository(db: Db, events: EventRepository) {
  const programmes = db.collection<ProgrammeDoc>('programmes');
  const pairings = db.collection<PairingDoc>('pairings');

  return {
    async ensureIndexes() {
      await ensureCollectionIndexes(programmes, [
        { key: { createdAt: -1, _id: -1 }, name: 'createdAt_id' },
      ]);
      await ensureCollectionIndexes(pairings, [
        {
          key: { programmeId: 1, expertId: 1, companyId: 1 },
          name: 'programme_pair_unique',
          unique: true,
        },
        { key: { createdAt: -1, _id: -1 }, name: 'createdAt_id' },
        { key: { expertId: 1 }, name: 'expert' },
        { key: { companyId: 1 }, name: 'company' },
      ]);
      await events.sweep(programmes as never);
      await events.sweep(pairings as never);
    },

    async createProgramme(input: ProgrammeInput, actor: ActorRef, now = new Date()) {
      const id = newId('programme');
      const doc: ProgrammeDoc = {
        _id: id,
        ...input,
        rev: 1,
        createdAt: now,
        updatedAt: now,
        outbox: [newEvent({ entity: 'programme', entityId: id, type: 'created', actor, at: now })],
      };
      await programmes.insertOne(doc);
      await events.flush(programmes as never, id);
      return doc;
    },

    getProgramme: (id: string) => programmes.findOne({ _id: id }),

    async listProgrammes(page: { limit: number; cursor?: string }) {
      return findPage(programmes, {}, { ...page, sort: 'createdAt', order: 'desc' }, createdAt);
    },

    async createPairing(
      fields: Pick<
        PairingDoc,
        'programmeId' | 'expertId' | 'expertName' | 'companyId' | 'companyName'
      >,
      actor: ActorRef,
      note: string | undefined,
      now = new Date(),
    ) {
      const id = newId('pairing');
      const doc: PairingDoc = {
        _id: id,
        ...fields,
        status: 'proposed',
        rev: 1,
        createdAt: now,
        updatedAt: now,
        outbox: [
          newEvent({
            entity: 'pairing',
            entityId: id,
            type: 'created',
            to: 'proposed',
            actor,
            at: now,
            refs: [fields.programmeId, fields.expertId, fields.companyId],
            ...(note ? { note } : {}),
          }),
        ],
      };
      await translateDuplicate(() => pairings.insertOne(doc), {
        zh: '该专家与该企业在此计划中已结对。',
        en: 'This expert and company are already paired in this programme.',
      });
      await events.flush(pairings as never, id);
      return doc;
    },

    getPairing: (id: string) => pairings.findOne({ _id: id }),

    async transition(
      doc: PairingDoc,
      action: PairingAction,
      args: { rev: number; actor: ActorRef; note?: string },
    ) {
      const now = new Date();
      return applyTransition(pairings, events, pairingMachine, {
        doc,
        action,
        rev: args.rev,
        event: {
          _id: newSortableId('event'),
          entity: 'pairing',
          entityId: doc._id,
          actor: args.actor,
          at: now,
          refs: [doc.programmeId, doc.expertId, doc.companyId],
          ...(args.note ? { note: args.note } : {}),
        },
        now,
      });
    },

    async listPairings(query: PairingListQuery, scope: Filter<PairingDoc>) {
      const filter: Filter<PairingDoc> = { ...scope };
      if (query.programmeId) filter.programmeId = query.programmeId;
      if (query.expertId) filter.expertId = query.expertId;
      if (query.companyId) filter.companyId = query.companyId;
      if (query.status) filter.status = query.status;
      return findPage(pairings, filter, { ...query, sort: 'createdAt' }, createdAt);
    },

    /**
     * Writes programmes and pairings whose history is in their outbox (demo data): the events go
     * in first, then the records without an outbox (see events.insertWithHistory).
     */
    async insertWithHistory(docs: { programmes: ProgrammeDoc[]; pairings: PairingDoc[] }) {
      await events.insertWithHistory(programmes, docs.programmes);
      await events.insertWithHistory(pairings, docs.pairings);
    },
  };
}

export type PairingRepository = ReturnType<typeof createPairingRepository>;
