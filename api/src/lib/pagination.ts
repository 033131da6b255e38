import { z } from '@hono/zod-openapi';
import type { Collection, Filter, Sort, WithId } from 'mongodb';
import { ApiError } from './errors.js';

/** Largest page any list endpoint returns. */
export const maxPageSize = 100;

export const PageQuerySchema = z.object({
  limit: z.coerce.number().int().min(1).max(maxPageSize).default(20).openapi({ example: 20 }),
  cursor: z
    .string()
    .max(500)
    .optional()
    .openapi({ description: 'nextCursor of the previous page' }),
});

export function pageSchema<T extends z.ZodType>(item: T) {
  return z.object({ items: z.array(item), nextCursor: z.string().nullable() });
}

export type CursorValue = string | number | boolean | null;

interface Keyset {
  field: string;
  direction: 1 | -1;
}

function encode(values: CursorValue[]): string {
  return Buffer.from(JSON.stringify(values), 'utf8').toString('base64url');
}

const CursorSchema = z.array(z.union([z.string(), z.number(), z.boolean(), z.null()]));

function decode(cursor: string, length: number): CursorValue[] {
  let json: unknown;
  try {
    json = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    throw invalidCursor();
  }
  const parsed = CursorSchema.length(length).safeParse(json);
  if (!parsed.success) throw invalidCursor();
  return parsed.data;
}

function invalidCursor() {
  return new ApiError('VALIDATION_FAILED', {
    message: {
      zh: '分页游标无效，请从第一页重新开始。',
      en: 'Invalid cursor; start again from the first page.',
    },
  });
}

/**
 * Keyset pagination over (sort field, _id): stable under inserts between pages, unlike skip.
 * Returns the Mongo filter that starts after the cursor and the sort to use.
 */
export function keysetQuery<T>(
  sort: Keyset,
  cursor: string | undefined,
  revive: (value: CursorValue) => unknown = (value) => value,
  reviveId: (id: string) => unknown = (id) => id,
): { filter: Filter<T>; sort: Sort } {
  const mongoSort: Sort = { [sort.field]: sort.direction, _id: sort.direction };
  if (!cursor) return { filter: {}, sort: mongoSort };
  const [raw, id] = decode(cursor, 2);
  if (typeof id !== 'string') throw invalidCursor();
  const value = revive(raw ?? null);
  const op = sort.direction === 1 ? '$gt' : '$lt';
  const filter = {
    $or: [{ [sort.field]: { [op]: value } }, { [sort.field]: value, _id: { [op]: reviveId(id) } }],
  };
  return { filter, sort: mongoSort };
}

/** Builds the page from limit+1 fetched rows: the extra row only says whether more exist. */
export function toPage<T>(
  rows: T[],
  limit: number,
  keyOf: (row: T) => [CursorValue, string],
): { items: T[]; nextCursor: string | null } {
  const items = rows.slice(0, limit);
  const last = items.at(-1);
  return {
    items,
    nextCursor: rows.length > limit && last ? encode(keyOf(last)) : null,
  };
}

/**
 * One page of a collection in the order of one field, then `_id`, after the cursor: the keyset
 * filter, the sorted read of limit+1 rows and the page. A date travels in the cursor as
 * milliseconds and is read back as a Date when the sort field is one of `dateFields`.
 */
export async function findPage<T extends { _id: string }>(
  collection: Collection<T>,
  filter: Filter<T>,
  query: {
    sort: keyof T & string;
    order: 'asc' | 'desc';
    cursor?: string | undefined;
    limit: number;
  },
  dateFields: ReadonlySet<string>,
): Promise<{ items: WithId<T>[]; nextCursor: string | null }> {
  const keyset = keysetQuery<T>(
    { field: query.sort, direction: query.order === 'asc' ? 1 : -1 },
    query.cursor,
    (value) => (dateFields.has(query.sort) && typeof value === 'number' ? new Date(value) : value),
  );
  const rows = await collection
    .find({ $and: [filter, keyset.filter] } as Filter<T>)
    .sort(keyset.sort)
    .limit(query.limit + 1)
    .toArray();
  return toPage(rows, query.limit, (row): [CursorValue, string] => {
    const value = (row as T)[query.sort] as unknown;
    return [value instanceof Date ? value.getTime() : (value as CursorValue), row._id];
  });
}
