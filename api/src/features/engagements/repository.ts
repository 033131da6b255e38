import type { Db, Filter } from 'mongodb';
import { newId, newSortableId } from '../../lib/ids.js';
import { documentKey, withDocumentLock } from '../../lib/keyed-lock.js';
import { translateDuplicate, ensureCollectionIndexes } from '../../lib/mongo.js';
import { findPage } from '../../lib/pagination.js';
import type { ActorRef } from '../access/actor.js';
import { newEvent, type WithOutbox } from '../events/outbox.js';
import type { EventRepository } from '../events/repository.js';
import { applyTransition } from '../shared/versioned.js';
import { engagementMachine, type EngagementAction } from './machine.js';
import {
  capacityStatuses,
  engagedStatuses,
  type EngagementListQuery,
  type EngagementStatus,
  type VisitInput,
} from './schemas.js';

/** Sort fields whose cursor value is a date. */
const engagementDateFields = new Set(['createdAt', 'updatedAt']);
const visitDateFields = new Set(['date']);

export interface EngagementDoc extends WithOutbox {
  problemId: string;
  problemTitle: string;
  expertId: string;
  expertName: string;
  companyId: string;
  /** The expert's university or institute, for statistics by university. */
  universityId: string;
  pairingId?: string;
  origin: 'invited' | 'interested';
  status: EngagementStatus;
  reasonCode?: string;
  rev: number;
  createdAt: Date;
  updatedAt: Date;
  acceptedAt?: Date;
  activatedAt?: Date;
  endedAt?: Date;
  lastVisitAt?: Date;
}

export interface VisitDoc {
  _id: string;
  engagementId: string;
  problemId: string;
  kind: 'visit' | 'progress';
  date: Date;
  place?: string;
  participants: string[];
  note: string;
  createdBy: { userId: string; name: string };
  createdAt: Date;
}

export function createEngagementRepository(db: Db, events: EventRepository) {
  const engagements = db.collection<EngagementDoc>('engagements');
  const visits = db.collection<VisitDoc>('visits');

  return {
    collection: engagements,

    async ensureIndexes() {
      await ensureCollectionIndexes(engagements, [
        // One engagement per expert and problem: a declined pair is never created again.
        { key: { problemId: 1, expertId: 1 }, name: 'problem_expert_unique', unique: true },
        { key: { expertId: 1, status: 1 }, name: 'expert_status' },
        { key: { companyId: 1, createdAt: -1, _id: -1 }, name: 'company_createdAt' },
        { key: { status: 1, createdAt: -1, _id: -1 }, name: 'status_createdAt' },
        { key: { createdAt: -1, _id: -1 }, name: 'createdAt_id' },
        { key: { updatedAt: -1, _id: -1 }, name: 'updatedAt_id' },
        { key: { pairingId: 1 }, name: 'pairing' },
      ]);
      await ensureCollectionIndexes(visits, [
        { key: { engagementId: 1, date: -1, _id: -1 }, name: 'engagement_date' },
      ]);
      await events.sweep(engagements as never);
    },

    async create(
      fields: Omit<EngagementDoc, '_id' | 'rev' | 'createdAt' | 'updatedAt' | 'outbox' | 'status'>,
      actor: ActorRef,
      note: string | undefined,
      now = new Date(),
    ): Promise<EngagementDoc> {
      const id = newId('engagement');
      const doc: EngagementDoc = {
        _id: id,
        ...fields,
        status: fields.origin,
        rev: 1,
        createdAt: now,
        updatedAt: now,
        outbox: [
          newEvent({
            entity: 'engagement',
            entityId: id,
            type: 'created',
            to: fields.origin,
            actor,
            at: now,
            refs: [fields.problemId, fields.expertId, fields.companyId],
            ...(note ? { note } : {}),
          }),
        ],
      };
      await translateDuplicate(() => engagements.insertOne(doc), {
        zh: '该专家与此难题已有对接记录（含已婉拒的），不能重复创建。',
        en: 'This expert already has an engagement on this problem (declined ones included).',
      });
      await events.flush(engagements as never, id);
      return doc;
    },

    get: (id: string) => engagements.findOne({ _id: id }),

    async transition(
      doc: EngagementDoc,
      action: EngagementAction,
      args: { rev: number; actor: ActorRef; note?: string; reasonCode?: string; now?: Date },
    ) {
      const now = args.now ?? new Date();
      const set: Partial<EngagementDoc> = {};
      if (action === 'accept') set.acceptedAt = now;
      if (action === 'activate') set.activatedAt = now;
      if (action === 'solve' || action === 'abandon' || action === 'decline') set.endedAt = now;
      if (args.reasonCode) set.reasonCode = args.reasonCode;
      return applyTransition(engagements, events, engagementMachine, {
        doc,
        action,
        rev: args.rev,
        set,
        event: {
          _id: newSortableId('event'),
          entity: 'engagement',
          entityId: doc._id,
          actor: args.actor,
          at: now,
          refs: [doc.problemId, doc.expertId, doc.companyId],
          ...(args.note ? { note: args.note } : {}),
          ...(args.reasonCode ? { reasonCode: args.reasonCode } : {}),
        },
        now,
      });
    },

    /** Experts who may read this problem in full through an engagement. */
    async engagedExpertIds(problemId: string): Promise<Set<string>> {
      const rows = await engagements
        .find({ problemId, status: { $in: [...engagedStatuses] } }, { projection: { expertId: 1 } })
        .toArray();
      return new Set(rows.map((row) => row.expertId));
    },

    async engagedProblemIds(expertId: string): Promise<string[]> {
      const rows = await engagements
        .find({ expertId, status: { $in: [...engagedStatuses] } }, { projection: { problemId: 1 } })
        .toArray();
      return rows.map((row) => row.problemId);
    },

    /** How many engagements use up this expert's capacity now. */
    activeCount: (expertId: string) =>
      engagements.countDocuments({ expertId, status: { $in: [...capacityStatuses] } }),

    /** Active engagement counts of many experts in one aggregation. */
    async activeCounts(expertIds: readonly string[]): Promise<Map<string, number>> {
      const rows = await engagements
        .aggregate<{ _id: string; n: number }>([
          { $match: { expertId: { $in: [...expertIds] }, status: { $in: [...capacityStatuses] } } },
          { $group: { _id: '$expertId', n: { $sum: 1 } } },
        ])
        .toArray();
      return new Map(rows.map((row) => [row._id, row.n]));
    },

    async list(query: EngagementListQuery, scope: Filter<EngagementDoc>) {
      const filter: Filter<EngagementDoc> = { ...scope };
      if (query.problemId) filter.problemId = query.problemId;
      if (query.expertId) filter.expertId = query.expertId;
      if (query.companyId) filter.companyId = query.companyId;
      if (query.pairingId) filter.pairingId = query.pairingId;
      if (query.status) filter.status = query.status;
      return findPage(engagements, filter, query, engagementDateFields);
    },

    async addVisit(
      doc: EngagementDoc,
      input: VisitInput,
      actor: ActorRef,
      now = new Date(),
    ): Promise<VisitDoc> {
      const visit: VisitDoc = {
        _id: newSortableId('visit'),
        engagementId: doc._id,
        problemId: doc.problemId,
        kind: input.kind,
        date: input.date,
        ...(input.place ? { place: input.place } : {}),
        participants: input.participants,
        note: input.note,
        createdBy: { userId: actor.userId, name: actor.name },
        createdAt: now,
      };
      // A visit is an append, not an edit of the engagement, so it needs no rev from the caller:
      // the engagement only keeps the latest visit date (stuck-item rules read it) and an event.
      await visits.insertOne(visit);
      await withDocumentLock(documentKey('engagements', doc._id), async () => {
        await engagements.updateOne(
          { _id: doc._id },
          {
            $max: { lastVisitAt: input.date },
            $set: { updatedAt: now },
            $inc: { rev: 1 },
            $push: {
              outbox: newEvent({
                entity: 'engagement',
                entityId: doc._id,
                type: 'note',
                action: input.kind,
                note: input.note.slice(0, 200),
                actor,
                at: now,
                refs: [doc.problemId, doc.expertId, doc.companyId],
              }),
            },
          },
        );
        await events.flushLocked(engagements as never, doc._id);
      });
      return visit;
    },

    async listVisits(engagementId: string, page: { limit: number; cursor?: string }) {
      return findPage(
        visits,
        { engagementId },
        { ...page, sort: 'date', order: 'desc' },
        visitDateFields,
      );
    },

    /** Records whose history is in their outbox (demo data, imports): see events.insertWithHistory. */
    insertWithHistory: (docs: readonly EngagementDoc[]) =>
      events.insertWithHistory(engagements, docs),

    /** Visits whose engagement already records them (its lastVisitAt and note events). */
    async insertVisits(docs: VisitDoc[]) {
      if (docs.length === 0) return;
      await visits.insertMany(docs, { ordered: false });
    },

    /** The engagements of these experts in these statuses (matching evidence, solved counts). */
    ofExperts: (expertIds: readonly string[], statuses: readonly EngagementStatus[]) =>
      engagements
        .find(
          { expertId: { $in: [...expertIds] }, status: { $in: [...statuses] } },
          { projection: { outbox: 0 } },
        )
        .toArray(),

    /** Every engagement on this problem, whatever its status (declined pairs included). */
    ofProblem: (problemId: string) =>
      engagements.find({ problemId }, { projection: { outbox: 0 } }).toArray(),
  };
}

export type EngagementRepository = ReturnType<typeof createEngagementRepository>;
