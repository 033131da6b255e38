import { createRoute, z, type RouteHandler } from '@hono/zod-openapi';
import { idSchema } from '../../lib/ids.js';
import { errors, json, jsonBody } from '../../lib/openapi.js';
import { createRouter, type AppEnv } from '../../lib/router.js';
import { actorRef } from '../access/actor.js';
import { requireOffice } from '../access/policy.js';
import { ExpertSchema } from '../experts/schemas.js';
import { toExpert } from '../experts/service.js';
import { toOrganisation } from '../organisations/repository.js';
import { OrganisationSchema } from '../organisations/schemas.js';
import { decisionTo, VerificationDecisionSchema } from '../shared/verification.js';
import { notFound } from '../shared/versioned.js';

const tags = ['verification'];

const queue = createRoute({
  method: 'get',
  path: '/verification/queue',
  tags,
  summary: 'Companies and experts waiting for verification, oldest first (office staff)',
  responses: {
    200: json(
      z
        .object({
          counts: z.object({ companies: z.number().int(), experts: z.number().int() }),
          companies: z.array(OrganisationSchema),
          experts: z.array(ExpertSchema),
        })
        .openapi('VerificationQueue'),
      'The queue',
    ),
    ...errors(401, 403),
  },
});

const verifyOrganisation = createRoute({
  method: 'post',
  path: '/organisations/{id}/verification',
  tags,
  summary: 'Approve, reject or ask a company for more information (office staff)',
  request: {
    params: z.object({ id: idSchema('organisation') }),
    body: jsonBody(VerificationDecisionSchema),
  },
  responses: { 200: json(OrganisationSchema, 'Decided'), ...errors(401, 403, 404, 409) },
});

const verifyExpert = createRoute({
  method: 'post',
  path: '/experts/{id}/verification',
  tags,
  summary: 'Approve, reject or ask an expert for more information (office staff)',
  request: {
    params: z.object({ id: idSchema('expert') }),
    body: jsonBody(VerificationDecisionSchema),
  },
  responses: { 200: json(ExpertSchema, 'Decided'), ...errors(401, 403, 404, 409) },
});

function decisionOf(body: {
  rev: number;
  decision: keyof typeof decisionTo;
  reason?: string | undefined;
}) {
  return {
    rev: body.rev,
    to: decisionTo[body.decision],
    decision: body.decision,
    ...(body.reason ? { reason: body.reason } : {}),
  };
}

const organisationHandler: RouteHandler<typeof verifyOrganisation, AppEnv> = async (c) => {
  const actor = requireOffice(c.get('actor'));
  const repos = c.get('repos');
  const doc = await repos.organisations.get(c.req.valid('param').id);
  if (!doc) throw notFound({ zh: '机构', en: 'organisation' });
  const decision = {
    ...decisionOf(c.req.valid('json')),
    actor: actorRef(actor),
    now: c.get('now')(),
  };
  return c.json(toOrganisation(await repos.organisations.setVerification(doc, decision)), 200);
};

const expertHandler: RouteHandler<typeof verifyExpert, AppEnv> = async (c) => {
  const actor = requireOffice(c.get('actor'));
  const repos = c.get('repos');
  const doc = await repos.experts.get(c.req.valid('param').id);
  if (!doc) throw notFound({ zh: '专家', en: 'expert' });
  const decision = {
    ...decisionOf(c.req.valid('json')),
    actor: actorRef(actor),
    now: c.get('now')(),
  };
  const updated = await repos.experts.setVerification(doc, decision);
  return c.json(toExpert(updated, actor, await repos.engagements.activeCount(updated._id)), 200);
};

export const verificationRoutes = createRouter()
  .openapi(queue, async (c) => {
    const actor = requireOffice(c.get('actor'));
    const repos = c.get('repos');
    const [companies, experts] = await Promise.all([
      repos.organisations.awaitingVerification(),
      repos.experts.awaitingVerification(),
    ]);
    return c.json(
      {
        counts: { companies: companies.length, experts: experts.length },
        companies: companies.map(toOrganisation),
        experts: experts.map((doc) => toExpert(doc, actor, 0)),
      },
      200,
    );
  })
  .openapi(verifyOrganisation, organisationHandler)
  .openapi(verifyExpert, expertHandler);
