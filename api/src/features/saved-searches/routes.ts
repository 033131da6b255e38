import { createRoute, z } from '@hono/zod-openapi';
import { ApiError } from '../../lib/errors.js';
import { errors, json, jsonBody } from '../../lib/openapi.js';
import { createRouter } from '../../lib/router.js';
import { requireActor } from '../access/policy.js';
import { notFound } from '../shared/versioned.js';
import { maxSavedSearches, toSavedSearch } from './repository.js';
import {
  SavedSearchIdSchema,
  SavedSearchInputSchema,
  SavedSearchListQuerySchema,
  SavedSearchPageSchema,
  SavedSearchPatchSchema,
  SavedSearchSchema,
} from './schemas.js';

const tags = ['saved-searches'];
const IdParams = z.object({ id: SavedSearchIdSchema });
const missing = { zh: '保存的搜索', en: 'saved search' };

const list = createRoute({
  method: 'get',
  path: '/',
  tags,
  summary: 'Your saved searches, newest first',
  request: { query: SavedSearchListQuerySchema },
  responses: { 200: json(SavedSearchPageSchema, 'A page'), ...errors(401) },
});

const create = createRoute({
  method: 'post',
  path: '/',
  tags,
  summary: 'Save a search (its filters) under a name',
  request: { body: jsonBody(SavedSearchInputSchema) },
  responses: { 201: json(SavedSearchSchema, 'Saved'), ...errors(401, 409) },
});

const get = createRoute({
  method: 'get',
  path: '/{id}',
  tags,
  summary: 'One of your saved searches',
  request: { params: IdParams },
  responses: { 200: json(SavedSearchSchema, 'Found'), ...errors(401, 404) },
});

const patch = createRoute({
  method: 'patch',
  path: '/{id}',
  tags,
  summary: 'Rename a saved search or change its filters',
  request: { params: IdParams, body: jsonBody(SavedSearchPatchSchema) },
  responses: { 200: json(SavedSearchSchema, 'Updated'), ...errors(401, 404) },
});

const remove = createRoute({
  method: 'delete',
  path: '/{id}',
  tags,
  summary: 'Delete one of your saved searches',
  request: { params: IdParams },
  responses: {
    200: json(z.object({ id: z.string(), deleted: z.literal(true) }), 'Deleted'),
    ...errors(401, 404),
  },
});

// Saved searches are private to their owner: nobody else, the office included, may read or
// change them, and another user's id answers 404 as if it did not exist.
export const savedSearchRoutes = createRouter()
  .openapi(list, async (c) => {
    const actor = requireActor(c.get('actor'));
    const page = await c.get('repos').savedSearches.list(actor.userId, c.req.valid('query'));
    return c.json({ items: page.items.map(toSavedSearch), nextCursor: page.nextCursor }, 200);
  })
  .openapi(create, async (c) => {
    const actor = requireActor(c.get('actor'));
    const repo = c.get('repos').savedSearches;
    if ((await repo.countFor(actor.userId)) >= maxSavedSearches) {
      throw new ApiError('CONFLICT', {
        message: {
          zh: `最多保存 ${String(maxSavedSearches)} 个搜索，请先删除不用的。`,
          en: `You can keep at most ${String(maxSavedSearches)} saved searches; delete one first.`,
        },
      });
    }
    const doc = await repo.create(actor.userId, c.req.valid('json'), c.get('now')());
    return c.json(toSavedSearch(doc), 201);
  })
  .openapi(get, async (c) => {
    const actor = requireActor(c.get('actor'));
    const doc = await c.get('repos').savedSearches.getOwn(c.req.valid('param').id, actor.userId);
    if (!doc) throw notFound(missing);
    return c.json(toSavedSearch(doc), 200);
  })
  .openapi(patch, async (c) => {
    const actor = requireActor(c.get('actor'));
    const repo = c.get('repos').savedSearches;
    const doc = await repo.getOwn(c.req.valid('param').id, actor.userId);
    if (!doc) throw notFound(missing);
    return c.json(toSavedSearch(await repo.update(doc, c.req.valid('json'), c.get('now')())), 200);
  })
  .openapi(remove, async (c) => {
    const actor = requireActor(c.get('actor'));
    const repo = c.get('repos').savedSearches;
    const doc = await repo.getOwn(c.req.valid('param').id, actor.userId);
    if (!doc) throw notFound(missing);
    await repo.remove(doc._id);
    return c.json({ id: doc._id, deleted: true as const }, 200);
  });
