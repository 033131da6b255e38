import { createRoute, z, type RouteHandler } from '@hono/zod-openapi';
import { ApiError } from '../../lib/errors.js';
import { errors, json, jsonBody } from '../../lib/openapi.js';
import { PageQuerySchema, pageSchema } from '../../lib/pagination.js';
import { createRouter, type AppEnv } from '../../lib/router.js';
import { text } from '../../lib/text.js';
import { actorRef, roles } from '../access/actor.js';
import { forbidden, requireOffice } from '../access/policy.js';
import { newEvent } from '../events/outbox.js';
import { notFound } from '../shared/versioned.js';
import { MeSchema, toMe } from '../users/routes.js';

const tags = ['administration'];
const UserParams = z.object({ id: z.string().regex(/^[0-9a-f]{24}$/, 'not a valid user id') });

const list = createRoute({
  method: 'get',
  path: '/users',
  tags,
  summary: 'Users, newest first, by role, status or organisation (office staff)',
  request: {
    query: PageQuerySchema.extend({
      role: z.enum(roles).optional(),
      status: z.enum(['active', 'suspended']).optional(),
      organisationId: z.string().max(40).optional(),
    }),
  },
  responses: { 200: json(pageSchema(MeSchema).openapi('UserPage'), 'A page'), ...errors(401, 403) },
});

const changeRole = createRoute({
  method: 'post',
  path: '/users/{id}/role',
  tags,
  summary: "Change a user's role and membership; ends their sessions (office admin)",
  request: {
    params: UserParams,
    body: jsonBody(
      z.strictObject({
        role: z.enum(roles),
        organisationId: z.string().max(40).optional(),
        expertId: z.string().max(40).optional(),
        reason: text({ max: 500 }).optional(),
      }),
    ),
  },
  responses: { 200: json(MeSchema, 'Changed'), ...errors(401, 403, 404) },
});

const statusRoute = <A extends 'suspend' | 'reinstate'>(action: A) =>
  createRoute({
    method: 'post',
    path: `/users/{id}/${action}` as const,
    tags,
    summary:
      action === 'suspend'
        ? 'Suspend a user: no sign-in, sessions ended (office admin)'
        : 'Reinstate a suspended user (office admin)',
    request: {
      params: UserParams,
      body: jsonBody(z.strictObject({ reason: text({ min: 1, max: 500 }) })),
    },
    responses: { 200: json(MeSchema, 'Done'), ...errors(401, 403, 404, 409) },
  });

function statusHandler<A extends 'suspend' | 'reinstate'>(
  action: A,
): RouteHandler<ReturnType<typeof statusRoute<A>>, AppEnv> {
  return async (c) => {
    const actor = requireOffice(c.get('actor'));
    if (actor.role !== 'admin')
      throw forbidden({
        zh: '只有人才办管理员可以停用或恢复账户。',
        en: 'Only an office admin may do this.',
      });
    const repos = c.get('repos');
    const { id } = c.req.valid('param');
    if (id === actor.userId)
      throw forbidden({ zh: '不能停用自己的账户。', en: 'You cannot suspend yourself.' });
    const user = await repos.users.get(id);
    if (!user) throw notFound({ zh: '用户', en: 'user' });
    const from = user.status ?? 'active';
    const to = action === 'suspend' ? 'suspended' : 'active';
    if (from === to) {
      throw new ApiError('INVALID_TRANSITION', {
        message: { zh: `该账户已是「${to}」状态。`, en: `The account is already ${to}.` },
        details: { state: from, action, allowed: [from === 'active' ? 'suspend' : 'reinstate'] },
      });
    }
    await repos.users.setStatus(id, to);
    if (to === 'suspended') await repos.users.revokeSessions(id);
    await repos.events.append(
      newEvent({
        entity: 'user',
        entityId: id,
        type: 'transition',
        action,
        from,
        to,
        note: c.req.valid('json').reason,
        actor: actorRef(actor),
        at: c.get('now')(),
      }),
    );
    const updated = await repos.users.get(id);
    return c.json(toMe(updated ?? user), 200);
  };
}

export const adminRoutes = createRouter()
  .openapi(list, async (c) => {
    requireOffice(c.get('actor'));
    const page = await c.get('repos').users.list(c.req.valid('query'));
    return c.json({ items: page.items.map(toMe), nextCursor: page.nextCursor }, 200);
  })
  .openapi(changeRole, async (c) => {
    const actor = requireOffice(c.get('actor'));
    if (actor.role !== 'admin')
      throw forbidden({
        zh: '只有人才办管理员可以修改角色。',
        en: 'Only an office admin may change roles.',
      });
    const repos = c.get('repos');
    const { id } = c.req.valid('param');
    const user = await repos.users.get(id);
    if (!user) throw notFound({ zh: '用户', en: 'user' });
    const body = c.req.valid('json');
    await repos.users.setMembership(id, {
      role: body.role,
      ...(body.organisationId ? { organisationId: body.organisationId } : {}),
      ...(body.expertId ? { expertId: body.expertId } : {}),
    });
    // A new role takes effect at once: existing sessions would otherwise keep acting on the old one.
    await repos.users.revokeSessions(id);
    await repos.events.append(
      newEvent({
        entity: 'user',
        entityId: id,
        type: 'membership',
        from: user.role ?? 'pending',
        to: body.role,
        ...(body.reason ? { note: body.reason } : {}),
        actor: actorRef(actor),
        at: c.get('now')(),
      }),
    );
    const updated = await repos.users.get(id);
    return c.json(toMe(updated ?? user), 200);
  })
  .openapi(statusRoute('suspend'), statusHandler('suspend'))
  .openapi(statusRoute('reinstate'), statusHandler('reinstate'));
