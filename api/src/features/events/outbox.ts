import type { Db } from 'mongodb';
import type { ActorRef } from '../access/actor.js';
import { newSortableId } from '../../lib/ids.js';
import type { EventEntity, eventTypes } from './schemas.js';

/**
 * An event as stored. It is first written into the changed document's `outbox` array in the same
 * single-document update as the change (no multi-document transactions here), then copied to the
 * `events` collection under its own id and cleared from the outbox. A crash between the two
 * steps loses nothing: the copy is idempotent and the sweeper finds any outbox left behind.
 */
export interface EventDoc {
  _id: string;
  entity: EventEntity;
  entityId: string;
  type: (typeof eventTypes)[number];
  action?: string;
  from?: string;
  to?: string;
  reasonCode?: string;
  note?: string;
  actor: ActorRef;
  at: Date;
  /** Ids of related records (problem, expert, company…) so that audit queries can filter. */
  refs?: string[];
}

export function newEvent(fields: Omit<EventDoc, '_id' | 'at'> & { at?: Date }): EventDoc {
  return { _id: newSortableId('event'), at: fields.at ?? new Date(), ...fields };
}

/** Fields every document with an outbox carries. */
export interface WithOutbox {
  _id: string;
  rev: number;
  outbox?: EventDoc[];
}

type EventListener = (events: readonly EventDoc[]) => void;

// Who hears of events once they are stored, per store (one per app): the notifier, and caches
// kept in step with writes. A listener only enqueues; it never throws into the write.
const listeners = new WeakMap<Db, Set<EventListener>>();

/** Adds a listener of this store's stored events; returns the function that removes it. */
export function listenToEvents(db: Db, listener: EventListener): () => void {
  const set = listeners.get(db) ?? new Set<EventListener>();
  set.add(listener);
  listeners.set(db, set);
  return () => set.delete(listener);
}

/** Tells the store's listeners that these events are now in `events`; never throws. */
export function announceEvents(db: Db, events: readonly EventDoc[]): void {
  if (events.length === 0) return;
  for (const listener of [...(listeners.get(db) ?? [])]) {
    try {
      listener(events);
    } catch {
      // A listener's failure is its own (it logs); the write it follows has succeeded.
    }
  }
}
