import { createRoute, z } from '@hono/zod-openapi';
import { ApiError } from '../../lib/errors.js';
import { idSchema } from '../../lib/ids.js';
import { errors, json, jsonBody } from '../../lib/openapi.js';
import { createRouter } from '../../lib/router.js';
import { actorRef } from '../access/actor.js';
import { canManageCompany, requireActor } from '../access/policy.js';
import { loadManagedProblem, loadProblemFor } from '../problems/service.js';
import { notFound } from '../shared/versioned.js';
import { toOutcome } from './repository.js';
import { FollowUpInputSchema, OutcomeInputSchema, OutcomeSchema } from './schemas.js';

const tags = ['outcomes'];
const IdParams = z.object({ id: idSchema('problem') });
const missing = { zh: '成果记录', en: 'outcome' };

const confirm = createRoute({
  method: 'post',
  path: '/{id}/outcome',
  tags,
  summary: 'Confirm the outcome of a solved problem (the company or the office)',
  request: { params: IdParams, body: jsonBody(OutcomeInputSchema) },
  responses: { 201: json(OutcomeSchema, 'Confirmed'), ...errors(401, 403, 404, 409) },
});

const get = createRoute({
  method: 'get',
  path: '/{id}/outcome',
  tags,
  summary: "A solved problem's outcome (the company, engaged experts, the office)",
  request: { params: IdParams },
  responses: { 200: json(OutcomeSchema, 'Found'), ...errors(401, 404) },
});

const followUp = createRoute({
  method: 'post',
  path: '/{id}/outcome/follow-ups',
  tags,
  summary: 'Add a follow-up to a confirmed outcome (the company or the office)',
  request: { params: IdParams, body: jsonBody(FollowUpInputSchema) },
  responses: { 201: json(OutcomeSchema, 'Added'), ...errors(401, 403, 404) },
});

export const outcomeRoutes = createRouter()
  .openapi(confirm, async (c) => {
    const actor = requireActor(c.get('actor'));
    const repos = c.get('repos');
    const problem = await loadManagedProblem(repos, actor, c.req.valid('param').id);
    if (problem.status !== 'solved') {
      throw new ApiError('INVALID_TRANSITION', {
        message: {
          zh: '只有已解决的难题可以确认成果。',
          en: 'Only a solved problem can have its outcome confirmed.',
        },
        details: { state: problem.status, allowed: [] },
      });
    }
    const doc = await repos.outcomes.confirm(
      problem,
      c.req.valid('json'),
      actorRef(actor),
      c.get('now')(),
    );
    return c.json(toOutcome(doc), 201);
  })
  .openapi(get, async (c) => {
    const actor = requireActor(c.get('actor'));
    const repos = c.get('repos');
    const { doc: problem } = await loadProblemFor(repos, actor, c.req.valid('param').id);
    // Benefit and contract amounts are the company's business, even on a public problem.
    const engaged = await repos.engagements.engagedExpertIds(problem._id);
    const party =
      canManageCompany(actor, problem.companyId) ||
      (actor.expertId !== undefined && engaged.has(actor.expertId));
    if (!party) throw notFound(missing);
    const outcome = await repos.outcomes.getByProblem(problem._id);
    if (!outcome) throw notFound(missing);
    return c.json(toOutcome(outcome), 200);
  })
  .openapi(followUp, async (c) => {
    const actor = requireActor(c.get('actor'));
    const repos = c.get('repos');
    const problem = await loadManagedProblem(repos, actor, c.req.valid('param').id);
    const outcome = await repos.outcomes.getByProblem(problem._id);
    if (!outcome) throw notFound(missing);
    const updated = await repos.outcomes.addFollowUp(
      outcome,
      c.req.valid('json'),
      actorRef(actor),
      c.get('now')(),
    );
    return c.json(toOutcome(updated), 201);
  });
