import { createRoute, z } from '@hono/zod-openapi';
import { ApiError } from '../../lib/errors.js';
import { idSchema } from '../../lib/ids.js';
import { PageQuerySchema, pageSchema } from '../../lib/pagination.js';
import { createRouter } from '../../lib/router.js';
import { commonErrors, errorResponses } from '../../lib/schemas.js';
import { OrganisationInputSchema, OrganisationSchema, organisationKinds } from './schemas.js';

const json = <T extends z.ZodType>(schema: T, description: string) => ({
  description,
  content: { 'application/json': { schema } },
});

const create = createRoute({
  method: 'post',
  path: '/',
  tags: ['organisations'],
  summary: 'Register a university, institute or company',
  request: {
    body: { required: true, content: { 'application/json': { schema: OrganisationInputSchema } } },
  },
  responses: {
    201: json(OrganisationSchema, 'Created'),
    409: errorResponses[409],
    ...commonErrors,
  },
});

const get = createRoute({
  method: 'get',
  path: '/{id}',
  tags: ['organisations'],
  summary: 'One organisation',
  request: { params: z.object({ id: idSchema('organisation') }) },
  responses: { 200: json(OrganisationSchema, 'Found'), 404: errorResponses[404], ...commonErrors },
});

const list = createRoute({
  method: 'get',
  path: '/',
  tags: ['organisations'],
  summary: 'Organisations, newest first',
  request: { query: PageQuerySchema.extend({ kind: z.enum(organisationKinds).optional() }) },
  responses: { 200: json(pageSchema(OrganisationSchema), 'A page'), ...commonErrors },
});

export const organisationRoutes = createRouter()
  .openapi(create, async (c) => {
    const organisation = await c.get('repos').organisations.create(c.req.valid('json'));
    return c.json(organisation, 201);
  })
  .openapi(get, async (c) => {
    const organisation = await c.get('repos').organisations.get(c.req.valid('param').id);
    if (!organisation) throw new ApiError('NOT_FOUND');
    return c.json(organisation, 200);
  })
  .openapi(list, async (c) =>
    c.json(await c.get('repos').organisations.list(c.req.valid('query')), 200),
  );
