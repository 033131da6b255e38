import { createRoute, z } from '@hono/zod-openapi';
import { idSchema } from '../../lib/ids.js';
import { errors, json, jsonBody } from '../../lib/openapi.js';
import { createRouter } from '../../lib/router.js';
import { actorRef } from '../access/actor.js';
import { requireActor, requireCompanyManager, requireOffice } from '../access/policy.js';
import { notFound } from '../shared/versioned.js';
import { toOrganisation } from './repository.js';
import {
  OrganisationInputSchema,
  OrganisationListQuerySchema,
  OrganisationPageSchema,
  OrganisationPatchSchema,
  OrganisationSchema,
} from './schemas.js';

const tags = ['organisations'];
const IdParams = z.object({ id: idSchema('organisation') });
const missing = { zh: '机构', en: 'organisation' };

const create = createRoute({
  method: 'post',
  path: '/',
  tags,
  summary: 'Register a university, institute, company or office (office staff)',
  request: { body: jsonBody(OrganisationInputSchema) },
  responses: { 201: json(OrganisationSchema, 'Created'), ...errors(401, 403, 409) },
});

const get = createRoute({
  method: 'get',
  path: '/{id}',
  tags,
  summary: 'One organisation',
  request: { params: IdParams },
  responses: { 200: json(OrganisationSchema, 'Found'), ...errors(401, 404) },
});

const patch = createRoute({
  method: 'patch',
  path: '/{id}',
  tags,
  summary: "Edit an organisation's profile (its own members or the office)",
  request: { params: IdParams, body: jsonBody(OrganisationPatchSchema) },
  responses: { 200: json(OrganisationSchema, 'Updated'), ...errors(401, 403, 404, 409) },
});

const list = createRoute({
  method: 'get',
  path: '/',
  tags,
  summary: 'Organisations, filtered and sorted',
  request: { query: OrganisationListQuerySchema },
  responses: { 200: json(OrganisationPageSchema, 'A page'), ...errors(401) },
});

export const organisationRoutes = createRouter()
  .openapi(create, async (c) => {
    const actor = requireOffice(c.get('actor'));
    const doc = await c
      .get('repos')
      .organisations.create(c.req.valid('json'), actorRef(actor), c.get('now')());
    return c.json(toOrganisation(doc), 201);
  })
  .openapi(get, async (c) => {
    requireActor(c.get('actor'));
    const doc = await c.get('repos').organisations.get(c.req.valid('param').id);
    if (!doc) throw notFound(missing);
    return c.json(toOrganisation(doc), 200);
  })
  .openapi(patch, async (c) => {
    const { id } = c.req.valid('param');
    const doc = await c.get('repos').organisations.get(id);
    const actor = requireCompanyManager(c.get('actor'), id);
    if (!doc) throw notFound(missing);
    const updated = await c
      .get('repos')
      .organisations.update(doc, c.req.valid('json'), actorRef(actor), c.get('now')());
    return c.json(toOrganisation(updated), 200);
  })
  .openapi(list, async (c) => {
    requireActor(c.get('actor'));
    return c.json(await c.get('repos').organisations.list(c.req.valid('query')), 200);
  });
