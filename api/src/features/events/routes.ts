import { createRoute, z } from '@hono/zod-openapi';
import { errors, json } from '../../lib/openapi.js';
import { PageQuerySchema, pageSchema } from '../../lib/pagination.js';
import { createRouter } from '../../lib/router.js';
import { WireDateSchema } from '../../lib/wire-date.js';
import { requireOffice } from '../access/policy.js';
import { EventSchema, eventEntities, eventTypes } from './schemas.js';

const EventQuerySchema = PageQuerySchema.extend({
  entity: z.enum(eventEntities).optional(),
  entityId: z.string().max(40).optional(),
  ref: z
    .string()
    .max(40)
    .optional()
    .openapi({ description: 'Any related record id (problem, expert, company…)' }),
  actorId: z.string().max(60).optional(),
  type: z.enum(eventTypes).optional(),
  from: WireDateSchema.optional(),
  to: WireDateSchema.optional(),
});

const list = createRoute({
  method: 'get',
  path: '/',
  tags: ['events'],
  summary:
    'The audit trail: every state change, edit and confidential read, newest first (office staff)',
  request: { query: EventQuerySchema },
  responses: {
    200: json(pageSchema(EventSchema).openapi('EventPage'), 'A page'),
    ...errors(401, 403),
  },
});

export const eventRoutes = createRouter().openapi(list, async (c) => {
  requireOffice(c.get('actor'));
  return c.json(await c.get('repos').events.list(c.req.valid('query')), 200);
});
