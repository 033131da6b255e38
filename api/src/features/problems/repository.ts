import { ensureCollectionIndexes } from '../../lib/mongo.js';
import type { Db, Filter } from 'mongodb';
import type { Money } from '../../lib/money.js';
import { newId, newSortableId } from '../../lib/ids.js';
import { documentKey, withDocumentLock } from '../../lib/keyed-lock.js';
import { findPage } from '../../lib/pagination.js';
import type { ActorRef } from '../access/actor.js';
import { newEvent, type EventDoc, type WithOutbox } from '../events/outbox.js';
import type { EventRepository } from '../events/repository.js';
import { announceChange, applyTransition, versionedUpdate } from '../shared/versioned.js';
import { createIndexState } from '../shared/index-state.js';
import { problemMachine, type ProblemAction } from './machine.js';
import type {
  Confidentiality,
  ProblemCreate,
  ProblemListQuery,
  ProblemPatch,
  ProblemStatus,
} from './schemas.js';

export interface ProblemDoc extends WithOutbox {
  companyId: string;
  companyName: string;
  town?: string;
  industry?: string;
  title: string;
  summary: string;
  description: string;
  desiredOutcome: string;
  fields: string[];
  keywords: string[];
  budget?: { min: Money; max: Money };
  deadline?: Date;
  confidentiality: Confidentiality;
  status: ProblemStatus;
  closeReason?: string;
  /** Bumped by every write that changes indexed data; the indexer pushes while indexedRev < rev. */
  rev: number;
  indexedRev: number;
  createdAt: Date;
  updatedAt: Date;
  openedAt?: Date;
  firstEngagedAt?: Date;
  solvedAt?: Date;
  closedAt?: Date;
}

const dateFields = new Set(['createdAt', 'updatedAt']);

export function createProblemRepository(db: Db, events: EventRepository) {
  const problems = db.collection<ProblemDoc>('problems');
  const indexState = createIndexState(db, problems);

  return {
    collection: problems,

    async ensureIndexes() {
      await ensureCollectionIndexes(problems, [
        { key: { createdAt: -1, _id: -1 }, name: 'createdAt_id' },
        { key: { updatedAt: -1, _id: -1 }, name: 'updatedAt_id' },
        { key: { companyId: 1, createdAt: -1, _id: -1 }, name: 'company_createdAt' },
        { key: { status: 1, createdAt: -1, _id: -1 }, name: 'status_createdAt' },
        { key: { fields: 1, status: 1 }, name: 'fields_status' },
        { key: { town: 1, status: 1 }, name: 'town_status' },
        { key: { openedAt: 1 }, name: 'openedAt' },
        { key: { indexedRev: 1, rev: 1 }, name: 'index_gap' },
      ]);
      await events.sweep(problems as never);
    },

    async create(
      input: ProblemCreate,
      company: { name: string; town?: string; industry?: string },
      actor: ActorRef,
      now = new Date(),
    ): Promise<ProblemDoc> {
      const id = newId('problem');
      const doc: ProblemDoc = {
        _id: id,
        companyId: input.companyId,
        companyName: company.name,
        ...(company.town ? { town: company.town } : {}),
        ...(company.industry ? { industry: company.industry } : {}),
        title: input.title,
        summary: input.summary,
        description: input.description,
        desiredOutcome: input.desiredOutcome,
        fields: input.fields,
        keywords: input.keywords,
        ...(input.budget ? { budget: input.budget } : {}),
        ...(input.deadline ? { deadline: input.deadline } : {}),
        confidentiality: input.confidentiality,
        status: 'draft',
        rev: 1,
        indexedRev: 0,
        createdAt: now,
        updatedAt: now,
        outbox: [
          newEvent({
            entity: 'problem',
            entityId: id,
            type: 'created',
            to: 'draft',
            actor,
            at: now,
            refs: [input.companyId],
          }),
        ],
      };
      await problems.insertOne(doc);
      await events.flush(problems as never, id);
      announceChange('problems', [id]);
      return doc;
    },

    get: (id: string) => problems.findOne({ _id: id }),

    async update(doc: ProblemDoc, patch: ProblemPatch, actor: ActorRef, now = new Date()) {
      const { rev, budget, deadline, ...rest } = patch;
      const set: Partial<ProblemDoc> = { ...rest };
      const unset: string[] = [];
      if (budget === null) unset.push('budget');
      else if (budget) set.budget = budget;
      if (deadline === null) unset.push('deadline');
      else if (deadline) set.deadline = deadline;
      const changed = [...Object.keys(set), ...unset];
      const updated = await versionedUpdate(problems, events, {
        id: doc._id,
        expectedRev: rev,
        set,
        unset,
        event: newEvent({
          entity: 'problem',
          entityId: doc._id,
          type: 'updated',
          note: `fields: ${changed.join(', ')}`,
          actor,
          at: now,
          refs: [doc.companyId],
        }),
        now,
      });
      return updated;
    },

    async transition(
      doc: ProblemDoc,
      action: ProblemAction,
      args: { rev: number; actor: ActorRef; note?: string; reasonCode?: string; now?: Date },
    ) {
      const now = args.now ?? new Date();
      const set: Partial<ProblemDoc> = {};
      if (action === 'publish') set.openedAt = now;
      if (action === 'solve') set.solvedAt = now;
      if (action === 'close' || action === 'withdraw') set.closedAt = now;
      if (action === 'close' && args.reasonCode) set.closeReason = args.reasonCode;
      const event: Omit<EventDoc, 'from' | 'to' | 'action' | 'type'> = {
        _id: newSortableId('event'),
        entity: 'problem',
        entityId: doc._id,
        actor: args.actor,
        at: now,
        refs: [doc.companyId],
        ...(args.note ? { note: args.note } : {}),
        ...(args.reasonCode ? { reasonCode: args.reasonCode } : {}),
      };
      return applyTransition(problems, events, problemMachine, {
        doc,
        action,
        rev: args.rev,
        set,
        event,
        now,
      });
    },

    /** Records the first engagement time once; later calls change nothing. */
    async markEngaged(id: string, at: Date) {
      await withDocumentLock(documentKey('problems', id), () =>
        problems.updateOne(
          { _id: id, firstEngagedAt: { $exists: false } },
          { $set: { firstEngagedAt: at } },
        ),
      );
    },

    async list(query: ProblemListQuery, scope: Filter<ProblemDoc>) {
      const filter: Filter<ProblemDoc> = { ...scope };
      if (query.companyId) filter.companyId = query.companyId;
      if (query.status) filter.status = query.status;
      if (query.field) filter.fields = query.field;
      if (query.town) filter.town = query.town;
      if (query.industry) filter.industry = query.industry;
      if (query.confidentiality) filter.confidentiality = query.confidentiality;
      return findPage(problems, filter, query, dateFields);
    },

    /** Records whose history is in their outbox (demo data, imports): see events.insertWithHistory. */
    insertWithHistory: (docs: readonly ProblemDoc[]) => events.insertWithHistory(problems, docs),

    getMany: (ids: readonly string[]) => problems.find({ _id: { $in: [...ids] } }).toArray(),

    /** Every problem matching the filter, oldest first, as a cursor (exports). */
    scan: (filter: Filter<ProblemDoc> = {}) => problems.find(filter).sort({ createdAt: 1, _id: 1 }),

    ...indexState,
  };
}

export type ProblemRepository = ReturnType<typeof createProblemRepository>;
