import type { Db } from 'mongodb';
import { newId } from '../../lib/ids.js';
import { translateDuplicate } from '../../lib/mongo.js';
import { keysetQuery, toPage } from '../../lib/pagination.js';
import { toWireDate } from '../../lib/time.js';
import type { Organisation, OrganisationInput } from './schemas.js';

interface OrganisationDoc {
  _id: string;
  kind: Organisation['kind'];
  name: string;
  nameEn?: string;
  creditCode: string;
  town?: string;
  industry?: string;
  rev: number;
  createdAt: Date;
  updatedAt: Date;
}

function toOrganisation({ _id, createdAt, updatedAt, ...rest }: OrganisationDoc): Organisation {
  return { id: _id, ...rest, createdAt: toWireDate(createdAt), updatedAt: toWireDate(updatedAt) };
}

export function createOrganisationRepository(db: Db) {
  const collection = db.collection<OrganisationDoc>('organisations');

  return {
    async ensureIndexes() {
      await collection.createIndexes([
        { key: { creditCode: 1 }, name: 'creditCode_unique', unique: true },
        { key: { createdAt: -1, _id: -1 }, name: 'createdAt_id' },
        { key: { kind: 1, createdAt: -1, _id: -1 }, name: 'kind_createdAt_id' },
      ]);
    },

    async create(input: OrganisationInput, now = new Date()): Promise<Organisation> {
      const doc: OrganisationDoc = {
        _id: newId('organisation'),
        ...input,
        rev: 1,
        createdAt: now,
        updatedAt: now,
      };
      await translateDuplicate(() => collection.insertOne(doc), {
        zh: `统一社会信用代码 ${input.creditCode} 已登记。`,
        en: `Credit code ${input.creditCode} is already registered.`,
      });
      return toOrganisation(doc);
    },

    async get(id: string): Promise<Organisation | null> {
      const doc = await collection.findOne({ _id: id });
      return doc ? toOrganisation(doc) : null;
    },

    async list(query: { limit: number; cursor?: string; kind?: Organisation['kind'] }) {
      // The cursor carries createdAt as epoch ms; it is compared as a Date.
      const keyset = keysetQuery<OrganisationDoc>(
        { field: 'createdAt', direction: -1 },
        query.cursor,
        (value) => (typeof value === 'number' ? new Date(value) : value),
      );
      const filter = keyset.filter;
      const rows = await collection
        .find({ ...(query.kind ? { kind: query.kind } : {}), ...filter })
        .sort(keyset.sort)
        .limit(query.limit + 1)
        .toArray();
      const page = toPage(rows, query.limit, (row) => [row.createdAt.getTime(), row._id]);
      return { items: page.items.map(toOrganisation), nextCursor: page.nextCursor };
    },
  };
}
