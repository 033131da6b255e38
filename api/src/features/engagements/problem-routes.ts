import { createRoute, z } from '@hono/zod-openapi';
import { ApiError } from '../../lib/errors.js';
import { idSchema } from '../../lib/ids.js';
import { errors, json, jsonBody } from '../../lib/openapi.js';
import { createRouter } from '../../lib/router.js';
import { actorRef } from '../access/actor.js';
import { forbidden, requireActor } from '../access/policy.js';
import { loadManagedProblem, loadProblemFor } from '../problems/service.js';
import type { ProblemDoc } from '../problems/repository.js';
import { notFound } from '../shared/versioned.js';
import { EngagementSchema, InterestSchema, InviteSchema } from './schemas.js';
import { toEngagement } from './service.js';

const tags = ['engagements'];
const IdParams = z.object({ id: idSchema('problem') });

const invite = createRoute({
  method: 'post',
  path: '/{id}/engagements',
  tags,
  summary: 'Invite an expert to an open problem (the company or the office)',
  request: { params: IdParams, body: jsonBody(InviteSchema) },
  responses: { 201: json(EngagementSchema, 'Invited'), ...errors(401, 403, 404, 409) },
});

const interest = createRoute({
  method: 'post',
  path: '/{id}/interest',
  tags,
  summary: 'Express interest in an open problem (an expert)',
  request: { params: IdParams, body: jsonBody(InterestSchema) },
  responses: { 201: json(EngagementSchema, 'Interest recorded'), ...errors(401, 403, 404, 409) },
});

function assertOpen(problem: ProblemDoc) {
  if (problem.status !== 'open' && problem.status !== 'in_progress') {
    throw new ApiError('INVALID_TRANSITION', {
      message: {
        zh: '只有已发布且未结束的难题可以对接专家。',
        en: 'Only a published, unfinished problem can take experts.',
      },
      details: { state: problem.status, allowed: [] },
    });
  }
}

export const problemEngagementRoutes = createRouter()
  .openapi(invite, async (c) => {
    const actor = requireActor(c.get('actor'));
    const repos = c.get('repos');
    const body = c.req.valid('json');
    const problem = await loadManagedProblem(repos, actor, c.req.valid('param').id);
    assertOpen(problem);
    const expert = await repos.experts.get(body.expertId);
    if (!expert) throw notFound({ zh: '专家', en: 'expert' });
    if (expert.verification !== 'verified') {
      throw new ApiError('CONFLICT', {
        message: {
          zh: `${expert.name} 的专家档案尚未通过审核。`,
          en: `${expert.name}'s profile is not verified yet.`,
        },
        details: { reason: 'expert_not_verified' },
      });
    }
    if (!expert.available) {
      throw new ApiError('CONFLICT', {
        message: {
          zh: `${expert.name} 目前暂停接受对接。`,
          en: `${expert.name} is not taking engagements now.`,
        },
        details: { reason: 'unavailable' },
      });
    }
    const doc = await repos.engagements.create(
      {
        problemId: problem._id,
        problemTitle: problem.title,
        expertId: expert._id,
        expertName: expert.name,
        companyId: problem.companyId,
        universityId: expert.organisationId,
        origin: 'invited',
        ...(body.pairingId ? { pairingId: body.pairingId } : {}),
      },
      actorRef(actor),
      body.note,
      c.get('now')(),
    );
    return c.json(toEngagement(doc, actor), 201);
  })
  .openapi(interest, async (c) => {
    const actor = requireActor(c.get('actor'));
    if (actor.role !== 'expert' || !actor.expertId) {
      throw forbidden({
        zh: '只有专家可以表达对接意向。',
        en: 'Only experts can express interest.',
      });
    }
    const repos = c.get('repos');
    const { doc: problem } = await loadProblemFor(repos, actor, c.req.valid('param').id);
    assertOpen(problem);
    const expert = await repos.experts.get(actor.expertId);
    if (!expert) throw notFound({ zh: '专家', en: 'expert' });
    const doc = await repos.engagements.create(
      {
        problemId: problem._id,
        problemTitle: problem.title,
        expertId: expert._id,
        expertName: expert.name,
        companyId: problem.companyId,
        universityId: expert.organisationId,
        origin: 'interested',
      },
      actorRef(actor),
      c.req.valid('json').note,
      c.get('now')(),
    );
    return c.json(toEngagement(doc, actor), 201);
  });
