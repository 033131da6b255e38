import { createRoute, z, type RouteHandler } from '@hono/zod-openapi';
import { ApiError } from '../../lib/errors.js';
import { idSchema } from '../../lib/ids.js';
import { errors, json, jsonBody } from '../../lib/openapi.js';
import { createRouter, type AppEnv } from '../../lib/router.js';
import { actorRef, isOffice } from '../access/actor.js';
import {
  problemListScope,
  problemView,
  requireActor,
  requireCompanyManager,
} from '../access/policy.js';
import { EventSchema } from '../events/schemas.js';
import { notFound } from '../shared/versioned.js';
import type { ProblemAction } from './machine.js';
import {
  ProblemCreateSchema,
  ProblemListQuerySchema,
  ProblemPageSchema,
  ProblemPatchSchema,
  ProblemSchema,
  ProblemTransitionSchema,
} from './schemas.js';
import {
  loadManagedProblem,
  loadProblemFor,
  recordConfidentialRead,
  toProblem,
} from './service.js';

const tags = ['problems'];
const IdParams = z.object({ id: idSchema('problem') });

const create = createRoute({
  method: 'post',
  path: '/',
  tags,
  summary: 'Post a technical problem as a draft (the company or the office)',
  request: { body: jsonBody(ProblemCreateSchema) },
  responses: { 201: json(ProblemSchema, 'Created as a draft'), ...errors(401, 403, 404) },
});

const list = createRoute({
  method: 'get',
  path: '/',
  tags,
  summary: 'Problems the caller may see, each cut to what the caller may read',
  request: { query: ProblemListQuerySchema },
  responses: { 200: json(ProblemPageSchema, 'A page'), ...errors(401) },
});

const get = createRoute({
  method: 'get',
  path: '/{id}',
  tags,
  summary: 'One problem, cut to what the caller may read',
  request: { params: IdParams },
  responses: { 200: json(ProblemSchema, 'Found'), ...errors(401, 404) },
});

const patch = createRoute({
  method: 'patch',
  path: '/{id}',
  tags,
  summary: 'Edit a problem that is not finished (the company or the office), with its rev',
  request: { params: IdParams, body: jsonBody(ProblemPatchSchema) },
  responses: { 200: json(ProblemSchema, 'Updated'), ...errors(401, 403, 404, 409) },
});

const timeline = createRoute({
  method: 'get',
  path: '/{id}/events',
  tags,
  summary: "A problem's status timeline",
  request: { params: IdParams },
  responses: {
    200: json(z.object({ items: z.array(EventSchema) }), 'Oldest first'),
    ...errors(401, 404),
  },
});

const transitionSummaries: Record<ProblemAction, string> = {
  publish: 'Publish a draft: draft → open',
  withdraw: 'Withdraw: draft | open → withdrawn',
  start: 'Start work: open → in_progress',
  solve: 'Mark solved: in_progress → solved',
  close: 'Close unsolved with a reason code: open | in_progress → closed',
};

const transitionRoute = <A extends ProblemAction>(action: A) =>
  createRoute({
    method: 'post',
    path: `/{id}/${action}` as const,
    tags,
    summary: transitionSummaries[action],
    request: { params: IdParams, body: jsonBody(ProblemTransitionSchema) },
    responses: { 200: json(ProblemSchema, 'Moved'), ...errors(401, 403, 404, 409) },
  });

const finished = new Set(['solved', 'closed', 'withdrawn']);

function transitionHandler<A extends ProblemAction>(
  action: A,
): RouteHandler<ReturnType<typeof transitionRoute<A>>, AppEnv> {
  return async (c) => {
    const actor = requireActor(c.get('actor'));
    const repos = c.get('repos');
    const body = c.req.valid('json');
    const doc = await loadManagedProblem(repos, actor, c.req.valid('param').id);
    if (action === 'close' && !body.reasonCode) {
      throw new ApiError('VALIDATION_FAILED', {
        message: { zh: '关闭难题需要选择原因。', en: 'Closing a problem needs a reason code.' },
        details: { fieldErrors: { reasonCode: ['required'] } },
      });
    }
    if (action === 'publish') {
      const company = await repos.organisations.get(doc.companyId);
      if (company?.verification !== 'verified') {
        throw new ApiError('INVALID_TRANSITION', {
          message: {
            zh: '企业尚未通过人才办审核，暂不能发布难题（可先保存草稿）。',
            en: 'The company is not verified by the talent office yet; the problem stays a draft.',
          },
          details: { state: doc.status, action, allowed: [], reason: 'company_not_verified' },
        });
      }
    }
    const updated = await repos.problems.transition(doc, action, {
      rev: body.rev,
      actor: actorRef(actor),
      ...(body.note ? { note: body.note } : {}),
      ...(body.reasonCode ? { reasonCode: body.reasonCode } : {}),
      now: c.get('now')(),
    });
    return c.json(toProblem(updated, 'full', actor), 200);
  };
}

const routes = createRouter()
  .openapi(create, async (c) => {
    const input = c.req.valid('json');
    const actor = requireCompanyManager(c.get('actor'), input.companyId);
    const repos = c.get('repos');
    const company = await repos.organisations.get(input.companyId);
    if (company?.kind !== 'company') throw notFound({ zh: '企业', en: 'company' });
    const doc = await repos.problems.create(input, company, actorRef(actor), c.get('now')());
    return c.json(toProblem(doc, 'full', actor), 201);
  })
  .openapi(list, async (c) => {
    const actor = requireActor(c.get('actor'));
    const repos = c.get('repos');
    const engagedProblems = actor.expertId
      ? await repos.engagements.engagedProblemIds(actor.expertId)
      : [];
    const page = await repos.problems.list(
      c.req.valid('query'),
      problemListScope(actor, engagedProblems),
    );
    const engaged = new Set(engagedProblems);
    const items = page.items.flatMap((doc) => {
      const view = problemView(
        actor,
        doc,
        engaged.has(doc._id) && actor.expertId ? new Set([actor.expertId]) : new Set(),
      );
      return view === 'none' ? [] : [toProblem(doc, view, actor)];
    });
    return c.json({ items, nextCursor: page.nextCursor }, 200);
  })
  .openapi(get, async (c) => {
    const actor = requireActor(c.get('actor'));
    const repos = c.get('repos');
    const { doc, view } = await loadProblemFor(repos, actor, c.req.valid('param').id);
    await recordConfidentialRead(repos, actor, doc, view, c.get('now')());
    return c.json(toProblem(doc, view, actor), 200);
  })
  .openapi(patch, async (c) => {
    const actor = requireActor(c.get('actor'));
    const repos = c.get('repos');
    const doc = await loadManagedProblem(repos, actor, c.req.valid('param').id);
    if (finished.has(doc.status)) {
      throw new ApiError('INVALID_TRANSITION', {
        message: { zh: '已结束的难题不能再修改。', en: 'A finished problem cannot be edited.' },
        details: { state: doc.status, allowed: [] },
      });
    }
    const updated = await repos.problems.update(
      doc,
      c.req.valid('json'),
      actorRef(actor),
      c.get('now')(),
    );
    return c.json(toProblem(updated, 'full', actor), 200);
  })
  .openapi(timeline, async (c) => {
    const actor = requireActor(c.get('actor'));
    const repos = c.get('repos');
    const { doc, view } = await loadProblemFor(repos, actor, c.req.valid('param').id);
    const items = await repos.events.timeline('problem', doc._id);
    // Readers of the summary see the status changes, not the notes written with them.
    const visible =
      view === 'full' || isOffice(actor) ? items : items.map(({ note: _note, ...rest }) => rest);
    return c.json(
      { items: visible.filter((event) => event.type !== 'viewed' || isOffice(actor)) },
      200,
    );
  });

export const problemRoutes = routes
  .openapi(transitionRoute('publish'), transitionHandler('publish'))
  .openapi(transitionRoute('withdraw'), transitionHandler('withdraw'))
  .openapi(transitionRoute('start'), transitionHandler('start'))
  .openapi(transitionRoute('solve'), transitionHandler('solve'))
  .openapi(transitionRoute('close'), transitionHandler('close'));
