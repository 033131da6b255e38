import type { Db, Filter } from 'mongodb';
import { newId, newSortableId } from '../../lib/ids.js';
import { documentKey, withDocumentLock } from '../../lib/keyed-lock.js';
import { ensureCollectionIndexes } from '../../lib/mongo.js';
import type { ActorRef } from '../access/actor.js';
import type { EngagementDoc } from '../engagements/repository.js';
import { newEvent, type EventDoc } from '../events/outbox.js';
import type { EventRepository } from '../events/repository.js';
import type { OrganisationDoc } from '../organisations/repository.js';
import { problemMachine } from '../problems/machine.js';
import type { ProblemDoc } from '../problems/repository.js';
import { applyTransition, staleRev, versionedUpdate } from '../shared/versioned.js';
import type { ProblemChanges, consentChannels, proposalStatuses } from './schemas.js';

export interface ProposalDoc {
  _id: string;
  problemId: string;
  problemTitle: string;
  companyId: string;
  status: (typeof proposalStatuses)[number];
  changes: ProblemChanges;
  before: ProblemChanges;
  note?: string;
  consent?: { channel: (typeof consentChannels)[number]; note: string };
  proposedBy: ActorRef;
  proposedAt: Date;
  decidedBy?: ActorRef;
  decidedAt?: Date;
  decisionNote?: string;
}

export const newProposalId = () => `edt_${newId('event').slice(4)}`;

/**
 * The office's curation of problems (edits with the company's consent, merging duplicates) and
 * its views across records (the pairing board, the counts in its navigation).
 */
export function createCurationRepository(db: Db, events: EventRepository) {
  const proposals = db.collection<ProposalDoc>('problem_edit_proposals');
  const problems = db.collection<ProblemDoc>('problems');
  const engagements = db.collection<EngagementDoc>('engagements');
  const organisations = db.collection<OrganisationDoc>('organisations');

  return {
    async ensureIndexes() {
      await ensureCollectionIndexes(proposals, [
        { key: { problemId: 1, proposedAt: -1 }, name: 'problem_proposedAt' },
        { key: { status: 1, proposedAt: -1 }, name: 'status_proposedAt' },
        { key: { companyId: 1, status: 1 }, name: 'company_status' },
      ]);
    },

    insertProposal: (doc: ProposalDoc) => proposals.insertOne(doc),
    getProposal: (id: string) => proposals.findOne({ _id: id }),

    listProposals: (filter: Filter<ProposalDoc>, limit: number) =>
      proposals.find(filter).sort({ proposedAt: -1, _id: -1 }).limit(limit).toArray(),

    /** Runs `work` holding the proposal's lock, so that a proposal is decided once. */
    withProposalLock: <T>(id: string, work: () => Promise<T>) =>
      withDocumentLock(documentKey('problem_edit_proposals', id), work),

    /** Records the company's decision; the caller holds the proposal's lock. */
    async setDecision(
      id: string,
      decision: Pick<ProposalDoc, 'status' | 'decidedBy' | 'decidedAt'> & { decisionNote?: string },
    ) {
      await proposals.updateOne({ _id: id, status: 'pending' }, { $set: { ...decision } });
    },

    /** Applies curated changes to a problem with one versioned write and its event. */
    applyChanges(
      problem: ProblemDoc,
      expectedRev: number,
      changes: ProblemChanges,
      event: Omit<EventDoc, '_id' | 'entity' | 'entityId' | 'type' | 'refs'>,
    ) {
      return versionedUpdate(problems, events, {
        id: problem._id,
        expectedRev,
        set: changes,
        event: newEvent({
          ...event,
          entity: 'problem',
          entityId: problem._id,
          type: 'updated',
          refs: [problem.companyId],
        }),
        now: event.at,
      });
    },

    /** An event on a problem that changes nothing in it (a proposal made or turned down). */
    note: (event: EventDoc) => events.append(event),

    engagementsOf: (problemId: string) => engagements.find({ problemId }).toArray(),

    /** Moves one engagement, with its history, to another problem. */
    moveEngagement(
      engagement: EngagementDoc,
      to: { _id: string; title: string },
      actor: ActorRef,
      now: Date,
    ) {
      return versionedUpdate(engagements, events, {
        id: engagement._id,
        expectedRev: engagement.rev,
        guard: { problemId: engagement.problemId },
        set: { problemId: to._id, problemTitle: to.title },
        event: newEvent({
          entity: 'engagement',
          entityId: engagement._id,
          type: 'updated',
          action: 'moved',
          from: engagement.problemId,
          to: to._id,
          note: `merged duplicate ${engagement.problemId} into ${to._id}`,
          actor,
          at: now,
          refs: [to._id, engagement.problemId, engagement.expertId, engagement.companyId],
        }),
        now,
      });
    },

    /** The canonical problem was engaged as early as the earliest of the two. */
    async carryFirstEngagement(id: string, at: Date) {
      await withDocumentLock(documentKey('problems', id), async () => {
        const current = await problems.findOne({ _id: id }, { projection: { firstEngagedAt: 1 } });
        if (current && (!current.firstEngagedAt || current.firstEngagedAt > at))
          await problems.updateOne({ _id: id }, { $set: { firstEngagedAt: at } });
      });
    },

    /**
     * Ends a duplicate: an open or in-progress problem is closed, a draft withdrawn, both with
     * reason `duplicate` and the canonical problem's id.
     */
    closeAsDuplicate(
      doc: ProblemDoc,
      rev: number,
      canonicalId: string,
      actor: ActorRef,
      note: string | undefined,
      now: Date,
    ) {
      if (doc.rev !== rev) throw staleRev(doc.rev);
      const action = doc.status === 'draft' ? 'withdraw' : 'close';
      return applyTransition(problems, events, problemMachine, {
        doc,
        action,
        rev,
        set: {
          closedAt: now,
          closeReason: 'duplicate',
          duplicateOf: canonicalId,
        } as Partial<ProblemDoc>,
        event: {
          _id: newSortableId('event'),
          entity: 'problem',
          entityId: doc._id,
          actor,
          at: now,
          reasonCode: 'duplicate',
          note: `duplicate of ${canonicalId}${note ? ` · ${note}` : ''}`,
          refs: [doc.companyId, canonicalId],
        },
        now,
      });
    },

    /** What waits for the office: pending proposals (a small collection) counted here. */
    pendingProposals: () => proposals.countDocuments({ status: 'pending' }),

    /** Every engagement the board shows, narrowed by expert or university in the store. */
    boardEngagements: (filter: { expertId?: string; universityId?: string }) =>
      engagements
        .find(filter, {
          projection: {
            problemId: 1,
            problemTitle: 1,
            expertId: 1,
            expertName: 1,
            universityId: 1,
            pairingId: 1,
            status: 1,
            updatedAt: 1,
          },
        })
        .sort({ updatedAt: -1, _id: -1 })
        .toArray(),

    /**
     * Town, industry and company of every problem, in one scan: the board's cards, its town and
     * industry filters and their options all come from it (FerretDB scans for any filter).
     */
    problemPlaces: () =>
      problems.find({}, { projection: { town: 1, industry: 1, companyName: 1 } }).toArray(),

    universityNames: () =>
      organisations
        .find({ kind: { $in: ['university', 'institute'] } }, { projection: { name: 1 } })
        .toArray(),
  };
}

export type CurationRepository = ReturnType<typeof createCurationRepository>;
