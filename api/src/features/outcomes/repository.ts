import type { Db } from 'mongodb';
import type { Money } from '../../lib/money.js';
import { newId } from '../../lib/ids.js';
import { documentKey, withDocumentLock } from '../../lib/keyed-lock.js';
import { translateDuplicate, ensureCollectionIndexes } from '../../lib/mongo.js';
import { toWireDate } from '../../lib/time.js';
import type { ActorRef } from '../access/actor.js';
import { newEvent, type WithOutbox } from '../events/outbox.js';
import type { EventRepository } from '../events/repository.js';
import type { FollowUpInput, Outcome, OutcomeInput } from './schemas.js';

export interface OutcomeDoc extends WithOutbox, OutcomeInput {
  problemId: string;
  companyId: string;
  confirmedBy: { userId: string; name: string };
  confirmedAt: Date;
  followUps: {
    date: Date;
    note: string;
    economicBenefit?: Money;
    by: { userId: string; name: string };
  }[];
  createdAt: Date;
  updatedAt: Date;
}

export function toOutcome(doc: OutcomeDoc): Outcome {
  return {
    id: doc._id,
    problemId: doc.problemId,
    companyId: doc.companyId,
    summary: doc.summary,
    economicBenefit: doc.economicBenefit,
    contractAmount: doc.contractAmount,
    patents: doc.patents,
    rating: doc.rating,
    confirmedBy: doc.confirmedBy,
    confirmedAt: toWireDate(doc.confirmedAt),
    followUps: doc.followUps.map((f) => ({ ...f, date: toWireDate(f.date) })),
    rev: doc.rev,
  };
}

export function createOutcomeRepository(db: Db, events: EventRepository) {
  const outcomes = db.collection<OutcomeDoc>('outcomes');

  return {
    collection: outcomes,

    async ensureIndexes() {
      await ensureCollectionIndexes(outcomes, [
        { key: { problemId: 1 }, name: 'problem_unique', unique: true },
        { key: { companyId: 1 }, name: 'company' },
        { key: { confirmedAt: 1 }, name: 'confirmedAt' },
      ]);
      await events.sweep(outcomes as never);
    },

    async confirm(
      problem: { _id: string; companyId: string },
      input: OutcomeInput,
      actor: ActorRef,
      now = new Date(),
    ) {
      const id = newId('outcome');
      const doc: OutcomeDoc = {
        _id: id,
        ...input,
        problemId: problem._id,
        companyId: problem.companyId,
        confirmedBy: { userId: actor.userId, name: actor.name },
        confirmedAt: now,
        followUps: [],
        rev: 1,
        createdAt: now,
        updatedAt: now,
        outbox: [
          newEvent({
            entity: 'outcome',
            entityId: id,
            type: 'created',
            actor,
            at: now,
            refs: [problem._id, problem.companyId],
          }),
        ],
      };
      await translateDuplicate(() => outcomes.insertOne(doc), {
        zh: '该难题的成果已确认，可添加后续跟踪记录。',
        en: 'The outcome of this problem is already confirmed; add a follow-up instead.',
      });
      await events.flush(outcomes as never, id);
      return doc;
    },

    getByProblem: (problemId: string) => outcomes.findOne({ problemId }),

    async addFollowUp(doc: OutcomeDoc, input: FollowUpInput, actor: ActorRef, now = new Date()) {
      const followUp = { ...input, by: { userId: actor.userId, name: actor.name } };
      // An append needs no rev from the caller: concurrent follow-ups both land.
      return withDocumentLock(documentKey('outcomes', doc._id), async () => {
        const updated = await outcomes.findOneAndUpdate(
          { _id: doc._id },
          {
            $push: {
              followUps: followUp,
              outbox: newEvent({
                entity: 'outcome',
                entityId: doc._id,
                type: 'note',
                action: 'follow_up',
                note: input.note.slice(0, 200),
                actor,
                at: now,
                refs: [doc.problemId, doc.companyId],
              }),
            },
            $inc: { rev: 1 },
            $set: { updatedAt: now },
          },
          { returnDocument: 'after' },
        );
        await events.flushLocked(outcomes as never, doc._id);
        return updated ?? doc;
      });
    },

    /** Outcomes confirmed for these problems, for statistics. */
    forProblems: (problemIds: readonly string[]) =>
      outcomes
        .find(
          { problemId: { $in: [...problemIds] } },
          { projection: { problemId: 1, economicBenefit: 1, contractAmount: 1, rating: 1 } },
        )
        .toArray(),

    /** Records whose history is in their outbox (demo data, imports): see events.insertWithHistory. */
    insertWithHistory: (docs: readonly OutcomeDoc[]) => events.insertWithHistory(outcomes, docs),
  };
}

export type OutcomeRepository = ReturnType<typeof createOutcomeRepository>;
