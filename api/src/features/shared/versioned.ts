import type { Collection, Filter, UpdateFilter } from 'mongodb';
import { ApiError } from '../../lib/errors.js';
import { documentKey, withDocumentLock } from '../../lib/keyed-lock.js';
import type { Machine } from '../../lib/state-machine.js';
import type { ActorRef } from '../access/actor.js';
import { newEvent, type EventDoc, type WithOutbox } from '../events/outbox.js';
import type { EventRepository } from '../events/repository.js';
import { announceEngagementWrites, announceWrites } from '../../search/changes.js';
import type { Verification } from './verification.js';

/**
 * Tells this process's indexer that records of a searched collection changed, so that they are
 * searchable at once; the indexer's periodic scan remains the guarantee.
 */
export function announceChange(collectionName: string, ids: readonly string[]): void {
  if (collectionName === 'experts' || collectionName === 'problems')
    announceWrites(collectionName, ids);
  // An engagement's transition changes its expert's derived data (capacity, declines).
  else if (collectionName === 'engagements') announceEngagementWrites(ids);
}

export function notFound(what: { zh: string; en: string }) {
  return new ApiError('NOT_FOUND', {
    message: { zh: `找不到该${what.zh}。`, en: `No such ${what.en}.` },
  });
}

export function staleRev(currentRev: number) {
  return new ApiError('CONFLICT', {
    message: {
      zh: '该记录已被他人修改，请刷新后再试。',
      en: 'Someone else changed this record; reload and try again.',
    },
    details: { reason: 'stale_rev', currentRev },
  });
}

interface Versioned extends WithOutbox {
  updatedAt: Date;
}

/**
 * One optimistic write: applies `update` only if the document still has `expectedRev` (and
 * matches `guard`), bumps `rev`, and records `event` in the document's outbox in the same
 * single-document update; then flushes the outbox to `events`.
 */
export async function versionedUpdate<D extends Versioned>(
  collection: Collection<D>,
  events: EventRepository,
  args: {
    id: string;
    expectedRev: number;
    guard?: Filter<D>;
    set: Partial<D>;
    unset?: string[];
    event: EventDoc;
    now: Date;
  },
): Promise<D> {
  const filter = { _id: args.id, rev: args.expectedRev, ...args.guard } as Filter<D>;
  const update = {
    $set: { ...args.set, updatedAt: args.now },
    $inc: { rev: 1 },
    $push: { outbox: args.event },
    ...(args.unset?.length
      ? { $unset: Object.fromEntries(args.unset.map((key) => [key, ''])) }
      : {}),
  } as unknown as UpdateFilter<D>;
  return withDocumentLock(documentKey(collection.collectionName, args.id), async () => {
    const updated = await collection.findOneAndUpdate(filter, update, { returnDocument: 'after' });
    if (!updated) {
      const current = await collection.findOne({ _id: args.id } as Filter<D>, {
        projection: { rev: 1 },
      });
      if (!current) throw new ApiError('NOT_FOUND');
      throw staleRev(current.rev);
    }
    await events.flushLocked(collection as unknown as Collection<WithOutbox>, args.id);
    announceChange(collection.collectionName, [args.id]);
    return updated as D;
  });
}

/**
 * Moves a document through its state machine: checks the action is legal from the current
 * state (409 with the allowed actions otherwise) and that the caller saw the latest `rev`.
 */
export async function applyTransition<
  S extends string,
  A extends string,
  D extends Versioned & { status: S },
>(
  collection: Collection<D>,
  events: EventRepository,
  machine: Machine<S, A>,
  args: {
    doc: D;
    action: A;
    rev: number;
    set?: Partial<D>;
    event: Omit<EventDoc, 'from' | 'to' | 'action' | 'type'>;
    now: Date;
  },
): Promise<D> {
  const to = machine.check(args.doc.status, args.action);
  if (args.doc.rev !== args.rev) throw staleRev(args.doc.rev);
  return versionedUpdate(collection, events, {
    id: args.doc._id,
    expectedRev: args.rev,
    guard: { status: args.doc.status },
    set: { ...args.set, status: to } as Partial<D>,
    event: { ...args.event, type: 'transition', action: args.action, from: args.doc.status, to },
    now: args.now,
  });
}

export interface VerificationArgs {
  rev: number;
  to: Verification;
  decision: string;
  reason?: string;
  actor: ActorRef;
  now?: Date;
}

/** Records the office's verification decision on a company or an expert, as its own event. */
export function applyVerification<D extends Versioned & { verification: Verification }>(
  collection: Collection<D>,
  events: EventRepository,
  entity: 'organisation' | 'expert',
  doc: D,
  args: VerificationArgs,
): Promise<D> {
  const now = args.now ?? new Date();
  return versionedUpdate(collection, events, {
    id: doc._id,
    expectedRev: args.rev,
    set: { verification: args.to } as Partial<D>,
    event: newEvent({
      entity,
      entityId: doc._id,
      type: 'verification',
      action: args.decision,
      from: doc.verification,
      to: args.to,
      ...(args.reason ? { note: args.reason } : {}),
      actor: args.actor,
      at: now,
    }),
    now,
  });
}
