import { createRoute, z } from '@hono/zod-openapi';
import { createRouter } from '../../lib/router.js';
import { pingStore } from '../../lib/mongo.js';
import type { EmbeddedEngine } from '../../search/embedded.js';

const DependencySchema = z
  .object({
    status: z.enum(['up', 'down']),
    latencyMs: z.number().optional(),
    detail: z.string().optional(),
  })
  .openapi('DependencyStatus');

// Semantic matching is optional: off (no model) leaves the API ready, matching lexical-only.
const SemanticSchema = z
  .object({
    status: z.enum(['on', 'off']),
    model: z.string().optional(),
    reason: z.string().optional(),
    experts: z.number().int(),
    problems: z.number().int(),
    pending: z.number().int(),
    progress: z.object({ done: z.number().int(), total: z.number().int() }).optional(),
  })
  .openapi('SemanticStatus');

const ReadySchema = z
  .object({
    status: z.enum(['ready', 'degraded']),
    dependencies: z.object({
      store: DependencySchema,
      search: DependencySchema.extend({
        engine: z.enum(['embedded', 'meilisearch']),
        pendingTerms: z.number().int().optional().openapi({
          description:
            'Embedded engine: documents whose matcher terms are still to be counted (after a start or a reindex). Until 0, matches weigh terms over the documents counted so far.',
        }),
      }),
    }),
    semantic: SemanticSchema,
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
    const { db, search, semantic } = c.get('deps');
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
    // The embedded engine counts every document's terms in the background after a start.
    const counting = search as Partial<Pick<EmbeddedEngine, 'pendingTerms'>>;
    const pendingTerms =
      searchStatus.status === 'up' && counting.pendingTerms
        ? await counting.pendingTerms().catch(() => undefined)
        : undefined;
    const { enabled, ...semanticStatus } = semantic?.status() ?? {
      enabled: false,
      reason: 'semantic matching is not configured',
      experts: 0,
      problems: 0,
      pending: 0,
    };
    const body = {
      dependencies: {
        store,
        search: {
          ...searchStatus,
          engine: search.kind,
          ...(pendingTerms === undefined ? {} : { pendingTerms }),
        },
      },
      semantic: { status: enabled ? ('on' as const) : ('off' as const), ...semanticStatus },
    };
    return store.status === 'up' && searchStatus.status === 'up'
      ? c.json({ status: 'ready' as const, ...body }, 200)
      : c.json({ status: 'degraded' as const, ...body }, 503);
  });
