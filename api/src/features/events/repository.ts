import type { Collection, Db, Filter, OptionalUnlessRequiredId } from 'mongodb';
import { documentKey, withDocumentLock } from '../../lib/keyed-lock.js';
import { isDuplicateKeyError, ensureCollectionIndexes } from '../../lib/mongo.js';
import { findPage } from '../../lib/pagination.js';
import { toWireDate } from '../../lib/time.js';
import { announceEvents, type EventDoc, type WithOutbox } from './outbox.js';
import type { Event, EventEntity } from './schemas.js';

/** Events are listed newest first; the cursor carries a date. */
const atField = new Set(['at']);

export function toEvent({ _id, at, refs: _refs, ...rest }: EventDoc): Event {
  return { id: _id, ...rest, at: toWireDate(at) };
}

export interface EventQuery {
  limit: number;
  cursor?: string;
  entity?: EventEntity;
  entityId?: string;
  ref?: string;
  actorId?: string;
  type?: EventDoc['type'];
  from?: Date;
  to?: Date;
}

export function createEventRepository(db: Db) {
  const events = db.collection<EventDoc>('events');

  /**
   * Copies a document's outbox into `events` and clears it. The caller holds the document's
   * lock (see lib/keyed-lock.ts).
   */
  async function flushLocked(collection: Collection<WithOutbox>, id: string): Promise<void> {
    const doc = await collection.findOne({ _id: id }, { projection: { outbox: 1, rev: 1 } });
    const pending = doc?.outbox ?? [];
    if (!doc || pending.length === 0) return;
    try {
      await events.insertMany(pending, { ordered: false });
    } catch (error) {
      // Some were copied by an earlier, interrupted flush: the rest went in (unordered insert).
      if (!isDuplicateKeyError(error)) throw error;
    }
    await collection.updateOne({ _id: id, rev: doc.rev }, { $set: { outbox: [] } });
    announceEvents(db, pending);
  }

  const flush = (collection: Collection<WithOutbox>, id: string) =>
    withDocumentLock(documentKey(collection.collectionName, id), () => flushLocked(collection, id));

  /**
   * Inserts the events of records that a bulk writer (demo data, imports) is about to insert,
   * before the records themselves. Such writers do not go through the outbox: clearing it is a
   * per-document update, which unpatched FerretDB 1.24 made a scan of the whole collection
   * (57 ms per updateOne at 8,000 documents, 2 ms at 20). Their event ids derive from the
   * record, so a crash between the two inserts is repaired by running the writer again: the
   * events it wrote are skipped as duplicates and the records go in.
   */
  async function appendMany(pending: readonly EventDoc[]): Promise<void> {
    if (pending.length === 0) return;
    try {
      await events.insertMany([...pending], { ordered: false });
    } catch (error) {
      if (!isDuplicateKeyError(error)) throw error;
    }
  }

  return {
    async ensureIndexes() {
      await ensureCollectionIndexes(events, [
        { key: { at: -1, _id: -1 }, name: 'at_id' },
        { key: { entity: 1, entityId: 1, at: -1, _id: -1 }, name: 'entity_at' },
        { key: { refs: 1, at: -1, _id: -1 }, name: 'refs_at' },
        { key: { 'actor.userId': 1, at: -1, _id: -1 }, name: 'actor_at' },
      ]);
    },

    flush,
    flushLocked,

    /** Flushes every outbox left behind in a collection (after a crash); returns how many. */
    async sweep(collection: Collection<WithOutbox>): Promise<number> {
      const stuck = await collection
        .find({ 'outbox.0': { $exists: true } } as Filter<WithOutbox>, { projection: { _id: 1 } })
        .toArray();
      for (const { _id } of stuck) await flush(collection, _id);
      return stuck.length;
    },

    /** Events that need no document change (e.g. a read of private details) go in directly. */
    async append(event: EventDoc): Promise<void> {
      await events.insertOne(event);
    },

    async list(query: EventQuery) {
      const filter: Filter<EventDoc> = {};
      if (query.entity) filter.entity = query.entity;
      if (query.entityId) filter.entityId = query.entityId;
      if (query.ref) filter.refs = query.ref;
      if (query.actorId) filter['actor.userId'] = query.actorId;
      if (query.type) filter.type = query.type;
      if (query.from || query.to) {
        filter.at = {
          ...(query.from ? { $gte: query.from } : {}),
          ...(query.to ? { $lt: query.to } : {}),
        };
      }
      const page = await findPage(events, filter, { ...query, sort: 'at', order: 'desc' }, atField);
      return { items: page.items.map(toEvent), nextCursor: page.nextCursor };
    },

    /** Every event of one record, oldest first: its timeline. */
    async timeline(entity: EventEntity, entityId: string): Promise<Event[]> {
      const rows = await events
        .find({ entity, entityId })
        .sort({ at: 1, _id: 1 })
        .limit(1000)
        .toArray();
      return rows.map(toEvent);
    },

    appendMany,

    /**
     * Writes records whose history is in their outbox (demo data, imports): the events go in
     * first, then the records without an outbox (see appendMany). A record's indexedRev stays
     * below its rev, so the indexer picks it up.
     */
    async insertWithHistory<D extends WithOutbox & { _id: string }>(
      collection: Collection<D>,
      docs: readonly D[],
    ): Promise<void> {
      if (docs.length === 0) return;
      await appendMany(docs.flatMap((doc) => doc.outbox ?? []));
      const records = docs.map(({ outbox: _outbox, ...doc }) => doc);
      await collection.insertMany(records as OptionalUnlessRequiredId<D>[], { ordered: false });
    },
  };
}

export type EventRepository = ReturnType<typeof createEventRepository>;
