import { createRoute, z } from '@hono/zod-openapi';
import { createRouter } from '../../lib/router.js';
import { pingStore } from '../../lib/mongo.js';

const DependencySchema = z
  .object({
    status: z.enum(['up', 'down']),
    latencyMs: z.number().optional(),
    detail: z.string().optional(),
  })
  .openapi('DependencyStatus');

const ReadySchema = z
  .object({
    status: z.enum(['ready', 'degraded']),
    dependencies: z.object({
      store: DependencySchema,
      search: DependencySchema.extend({ engine: z.enum(['embedded', 'meilisearch']) }),
    }),
  })
  .openapi('Readiness');

const health = createRoute({
  method: 'get',
  path: '/health',
  tags: ['system'],
  summary: 'The process is up',
  responses: {
    200: {
      description: 'Up',
      content: { 'application/json': { schema: z.object({ status: z.literal('ok') }) } },
    },
  },
});

const ready = createRoute({
  method: 'get',
  path: '/ready',
  tags: ['system'],
  summary: 'The store and the search engine are reachable',
  responses: {
    200: {
      description: 'Every dependency is up',
      content: { 'application/json': { schema: ReadySchema } },
    },
    503: {
      description: 'A dependency is down',
      content: { 'application/json': { schema: ReadySchema } },
    },
  },
});

export const systemRoutes = createRouter()
  .openapi(health, (c) => c.json({ status: 'ok' as const }, 200))
  .openapi(ready, async (c) => {
    const { db, search } = c.get('deps');
    const [store, searchStatus] = await Promise.all([
      pingStore(db).then(
        (latencyMs) => ({ status: 'up' as const, latencyMs }),
        (error: unknown) => ({
          status: 'down' as const,
          detail: error instanceof Error ? error.message : String(error),
        }),
      ),
      search.health(),
    ]);
    const body = {
      dependencies: { store, search: { ...searchStatus, engine: search.kind } },
    };
    return store.status === 'up' && searchStatus.status === 'up'
      ? c.json({ status: 'ready' as const, ...body }, 200)
      : c.json({ status: 'degraded' as const, ...body }, 503);
  });
