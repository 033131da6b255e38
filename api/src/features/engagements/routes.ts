import { createRoute, z, type RouteHandler } from '@hono/zod-openapi';
import { ApiError } from '../../lib/errors.js';
import { idSchema } from '../../lib/ids.js';
import { errors, json, jsonBody } from '../../lib/openapi.js';
import { PageQuerySchema } from '../../lib/pagination.js';
import { createRouter, type AppEnv } from '../../lib/router.js';
import { actorRef, systemActor } from '../access/actor.js';
import { requireActor } from '../access/policy.js';
import type { EngagementAction } from './machine.js';
import {
  abandonReasons,
  declineReasons,
  EngagementListQuerySchema,
  EngagementPageSchema,
  EngagementSchema,
  EngagementTransitionSchema,
  VisitInputSchema,
  VisitPageSchema,
  VisitSchema,
} from './schemas.js';
import {
  assertMayAct,
  engagementScope,
  loadEngagementFor,
  toEngagement,
  toVisit,
} from './service.js';

const tags = ['engagements'];
const IdParams = z.object({ id: idSchema('engagement') });

const list = createRoute({
  method: 'get',
  path: '/',
  tags,
  summary: 'Engagements the caller is a party to (all of them for the office)',
  request: { query: EngagementListQuerySchema },
  responses: { 200: json(EngagementPageSchema, 'A page'), ...errors(401) },
});

const get = createRoute({
  method: 'get',
  path: '/{id}',
  tags,
  summary: 'One engagement (its parties and the office)',
  request: { params: IdParams },
  responses: { 200: json(EngagementSchema, 'Found'), ...errors(401, 404) },
});

const addVisit = createRoute({
  method: 'post',
  path: '/{id}/visits',
  tags,
  summary: 'Log a visit or a progress note on an accepted or active engagement',
  request: { params: IdParams, body: jsonBody(VisitInputSchema) },
  responses: { 201: json(VisitSchema, 'Logged'), ...errors(401, 404, 409) },
});

const listVisits = createRoute({
  method: 'get',
  path: '/{id}/visits',
  tags,
  summary: 'Visits and progress notes, newest first',
  request: { params: IdParams, query: PageQuerySchema },
  responses: { 200: json(VisitPageSchema, 'A page'), ...errors(401, 404) },
});

const summaries: Record<EngagementAction, string> = {
  accept: 'Accept: invited | interested → accepted (the invited side)',
  decline: 'Decline with a reason code: invited | interested → declined (the invited side)',
  activate: 'Start working: accepted → active',
  solve: 'Mark this engagement solved: active → solved (the company)',
  abandon: 'Abandon with a reason code: accepted | active → abandoned',
};

const transitionRoute = <A extends EngagementAction>(action: A) =>
  createRoute({
    method: 'post',
    path: `/{id}/${action}` as const,
    tags,
    summary: summaries[action],
    request: { params: IdParams, body: jsonBody(EngagementTransitionSchema) },
    responses: { 200: json(EngagementSchema, 'Moved'), ...errors(401, 403, 404, 409) },
  });

const reasonLists: Partial<Record<EngagementAction, readonly string[]>> = {
  decline: declineReasons,
  abandon: abandonReasons,
};

function transitionHandler<A extends EngagementAction>(
  action: A,
): RouteHandler<ReturnType<typeof transitionRoute<A>>, AppEnv> {
  return async (c) => {
    const actor = requireActor(c.get('actor'));
    const repos = c.get('repos');
    const now = c.get('now')();
    const body = c.req.valid('json');
    const { doc, party } = await loadEngagementFor(repos, actor, c.req.valid('param').id);
    assertMayAct(party, action, doc);

    const reasons = reasonLists[action];
    if (reasons && (!body.reasonCode || !reasons.includes(body.reasonCode))) {
      throw new ApiError('VALIDATION_FAILED', {
        message: { zh: '请从列表中选择原因。', en: 'Choose a reason code from the list.' },
        details: { fieldErrors: { reasonCode: [`one of: ${reasons.join(', ')}`] } },
      });
    }
    if (action === 'accept') {
      const expert = await repos.experts.get(doc.expertId);
      const active = await repos.engagements.activeCount(doc.expertId);
      if (!expert || active >= expert.capacity) {
        throw new ApiError('CONFLICT', {
          message: {
            zh: `该专家的对接名额已满（${active}/${expert?.capacity ?? 0}）。`,
            en: `The expert has no capacity left (${active}/${expert?.capacity ?? 0}).`,
          },
          details: { reason: 'no_capacity', active, capacity: expert?.capacity ?? 0 },
        });
      }
    }

    const updated = await repos.engagements.transition(doc, action, {
      rev: body.rev,
      actor: actorRef(actor),
      ...(body.note ? { note: body.note } : {}),
      ...(body.reasonCode ? { reasonCode: body.reasonCode } : {}),
      now,
    });

    // Follow-on writes to other documents. Each is idempotent, so a retry after a crash
    // between them converges (no multi-document transactions on this store).
    if (action === 'accept') await repos.problems.markEngaged(doc.problemId, now);
    if (action === 'accept' || action === 'solve' || action === 'abandon')
      await repos.experts.touch(doc.expertId);
    if (action === 'activate') {
      const problem = await repos.problems.get(doc.problemId);
      if (problem?.status === 'open') {
        await repos.problems.transition(problem, 'start', {
          rev: problem.rev,
          actor: systemActor,
          note: `engagement ${doc._id} became active`,
          now,
        });
      }
    }
    return c.json(toEngagement(updated, actor), 200);
  };
}

export const engagementRoutes = createRouter()
  .openapi(list, async (c) => {
    const actor = requireActor(c.get('actor'));
    const page = await c
      .get('repos')
      .engagements.list(c.req.valid('query'), engagementScope(actor));
    return c.json(
      { items: page.items.map((doc) => toEngagement(doc, actor)), nextCursor: page.nextCursor },
      200,
    );
  })
  .openapi(get, async (c) => {
    const actor = requireActor(c.get('actor'));
    const { doc } = await loadEngagementFor(c.get('repos'), actor, c.req.valid('param').id);
    return c.json(toEngagement(doc, actor), 200);
  })
  .openapi(addVisit, async (c) => {
    const actor = requireActor(c.get('actor'));
    const repos = c.get('repos');
    const { doc } = await loadEngagementFor(repos, actor, c.req.valid('param').id);
    if (doc.status !== 'accepted' && doc.status !== 'active') {
      throw new ApiError('INVALID_TRANSITION', {
        message: {
          zh: '只有已接受或进行中的对接可以记录走访。',
          en: 'Visits can be logged on accepted or active engagements only.',
        },
        details: { state: doc.status, allowed: [] },
      });
    }
    const visit = await repos.engagements.addVisit(
      doc,
      c.req.valid('json'),
      actorRef(actor),
      c.get('now')(),
    );
    return c.json(toVisit(visit), 201);
  })
  .openapi(listVisits, async (c) => {
    const actor = requireActor(c.get('actor'));
    const repos = c.get('repos');
    const { doc } = await loadEngagementFor(repos, actor, c.req.valid('param').id);
    const page = await repos.engagements.listVisits(doc._id, c.req.valid('query'));
    return c.json({ items: page.items.map(toVisit), nextCursor: page.nextCursor }, 200);
  })
  .openapi(transitionRoute('accept'), transitionHandler('accept'))
  .openapi(transitionRoute('decline'), transitionHandler('decline'))
  .openapi(transitionRoute('activate'), transitionHandler('activate'))
  .openapi(transitionRoute('solve'), transitionHandler('solve'))
  .openapi(transitionRoute('abandon'), transitionHandler('abandon'));
