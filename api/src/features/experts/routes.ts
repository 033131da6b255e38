import { createRoute, z } from '@hono/zod-openapi';
import { idSchema } from '../../lib/ids.js';
import { errors, json, jsonBody } from '../../lib/openapi.js';
import { createRouter } from '../../lib/router.js';
import { actorRef } from '../access/actor.js';
import { requireActor, requireExpertManager, requireOffice } from '../access/policy.js';
import { notFound } from '../shared/versioned.js';
import {
  ExpertCreateSchema,
  ExpertListQuerySchema,
  ExpertPageSchema,
  ExpertPatchSchema,
  ExpertSchema,
} from './schemas.js';
import { toExpert } from './service.js';

const tags = ['experts'];
const IdParams = z.object({ id: idSchema('expert') });
const missing = { zh: '专家', en: 'expert' };

const create = createRoute({
  method: 'post',
  path: '/',
  tags,
  summary: 'Add an expert profile at a university or institute (office staff)',
  request: { body: jsonBody(ExpertCreateSchema) },
  responses: { 201: json(ExpertSchema, 'Created'), ...errors(401, 403, 404, 409) },
});

const get = createRoute({
  method: 'get',
  path: '/{id}',
  tags,
  summary: 'One expert profile',
  request: { params: IdParams },
  responses: { 200: json(ExpertSchema, 'Found'), ...errors(401, 404) },
});

const patch = createRoute({
  method: 'patch',
  path: '/{id}',
  tags,
  summary: 'Edit an expert profile (the expert or the office), with its rev',
  request: { params: IdParams, body: jsonBody(ExpertPatchSchema) },
  responses: { 200: json(ExpertSchema, 'Updated'), ...errors(401, 403, 404, 409) },
});

const list = createRoute({
  method: 'get',
  path: '/',
  tags,
  summary: 'Expert profiles, filtered and sorted',
  request: { query: ExpertListQuerySchema },
  responses: { 200: json(ExpertPageSchema, 'A page'), ...errors(401) },
});

export const expertRoutes = createRouter()
  .openapi(create, async (c) => {
    const actor = requireOffice(c.get('actor'));
    const input = c.req.valid('json');
    const repos = c.get('repos');
    const university = await repos.organisations.get(input.organisationId);
    if (university?.kind !== 'university' && university?.kind !== 'institute') {
      throw notFound({ zh: '高校或科研院所', en: 'university or institute' });
    }
    const doc = await repos.experts.create(input, university.name, actorRef(actor), c.get('now')());
    return c.json(toExpert(doc, actor, 0), 201);
  })
  .openapi(get, async (c) => {
    const actor = requireActor(c.get('actor'));
    const repos = c.get('repos');
    const doc = await repos.experts.get(c.req.valid('param').id);
    if (!doc) throw notFound(missing);
    return c.json(toExpert(doc, actor, await repos.engagements.activeCount(doc._id)), 200);
  })
  .openapi(patch, async (c) => {
    const { id } = c.req.valid('param');
    const actor = requireExpertManager(c.get('actor'), id);
    const repos = c.get('repos');
    const doc = await repos.experts.get(id);
    if (!doc) throw notFound(missing);
    const updated = await repos.experts.update(
      doc,
      c.req.valid('json'),
      actorRef(actor),
      c.get('now')(),
    );
    return c.json(toExpert(updated, actor, await repos.engagements.activeCount(id)), 200);
  })
  .openapi(list, async (c) => {
    const actor = requireActor(c.get('actor'));
    const repos = c.get('repos');
    const page = await repos.experts.list(c.req.valid('query'));
    const counts = await repos.engagements.activeCounts(page.items.map((doc) => doc._id));
    return c.json(
      {
        items: page.items.map((doc) => toExpert(doc, actor, counts.get(doc._id) ?? 0)),
        nextCursor: page.nextCursor,
      },
      200,
    );
  });
