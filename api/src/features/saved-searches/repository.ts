import { randomBytes } from 'node:crypto';
import type { Db, Filter } from 'mongodb';
import { ensureCollectionIndexes } from '../../lib/mongo.js';
import { keysetQuery, toPage } from '../../lib/pagination.js';
import { toWireDate } from '../../lib/time.js';
import type { SavedQuery, SavedSearch, SavedSearchInput, SavedSearchPatch } from './schemas.js';

export interface SavedSearchDoc {
  _id: string;
  userId: string;
  name: string;
  kind: SavedSearchInput['kind'];
  query: SavedQuery;
  notify: boolean;
  createdAt: Date;
  updatedAt: Date;
}

/** How many searches one user may keep. */
export const maxSavedSearches = 50;

const alphabet = '0123456789abcdefghjkmnpqrstvwxyz';

// Sortable by creation time, like the API's other ids: a 10-character ms clock, then randomness.
function newSavedSearchId(now: Date): string {
  let time = '';
  let rest = now.getTime();
  for (let i = 0; i < 10; i++) {
    time = alphabet.charAt(rest % 32) + time;
    rest = Math.floor(rest / 32);
  }
  let tail = '';
  for (const byte of randomBytes(6)) tail += alphabet.charAt(byte & 31);
  return `srch_${time}${tail}`;
}

export function toSavedSearch(doc: SavedSearchDoc): SavedSearch {
  return {
    id: doc._id,
    name: doc.name,
    kind: doc.kind,
    query: doc.query,
    notify: doc.notify,
    createdAt: toWireDate(doc.createdAt),
    updatedAt: toWireDate(doc.updatedAt),
  };
}

export function createSavedSearchRepository(db: Db) {
  const searches = db.collection<SavedSearchDoc>('saved_searches');
  return {
    collection: searches,

    async ensureIndexes() {
      await ensureCollectionIndexes(searches, [
        { key: { userId: 1, createdAt: -1, _id: -1 }, name: 'user_created' },
      ]);
    },

    async create(userId: string, input: SavedSearchInput, now: Date) {
      const doc: SavedSearchDoc = {
        _id: newSavedSearchId(now),
        userId,
        ...input,
        createdAt: now,
        updatedAt: now,
      };
      await searches.insertOne(doc);
      return doc;
    },

    countFor: (userId: string) => searches.countDocuments({ userId }),

    /** The user's own search, or null: another user's search is as good as missing. */
    async getOwn(id: string, userId: string) {
      const doc = await searches.findOne({ _id: id });
      return doc?.userId === userId ? doc : null;
    },

    /** Newest first, keyset-paginated on (createdAt, _id). */
    async list(userId: string, query: { limit: number; cursor?: string; kind?: string }) {
      const keyset = keysetQuery<SavedSearchDoc>(
        { field: 'createdAt', direction: -1 },
        query.cursor,
        (value) => new Date(String(value)),
      );
      const filter: Filter<SavedSearchDoc> = {
        userId,
        ...(query.kind ? { kind: query.kind as SavedSearchDoc['kind'] } : {}),
        ...keyset.filter,
      };
      const rows = await searches
        .find(filter)
        .sort(keyset.sort)
        .limit(query.limit + 1)
        .toArray();
      return toPage(rows, query.limit, (doc) => [doc.createdAt.toISOString(), doc._id]);
    },

    async update(doc: SavedSearchDoc, patch: SavedSearchPatch, now: Date) {
      const set = { ...patch, updatedAt: now };
      await searches.updateOne({ _id: doc._id }, { $set: set });
      return { ...doc, ...set };
    },

    /**
     * Every search of a kind whose owner asked to be told of new matches. Read when a problem is
     * published (rare next to reads); a whole-collection read on FerretDB, of small documents.
     */
    notifying: (kind: SavedSearchDoc['kind']) => searches.find({ notify: true, kind }).toArray(),

    async remove(id: string) {
      await searches.deleteOne({ _id: id });
    },
  };
}

export type SavedSearchRepository = ReturnType<typeof createSavedSearchRepository>;
