import { createRoute, z, type RouteHandler } from '@hono/zod-openapi';
import { idSchema } from '../../lib/ids.js';
import { errors, json, jsonBody } from '../../lib/openapi.js';
import { PageQuerySchema } from '../../lib/pagination.js';
import { createRouter, type AppEnv } from '../../lib/router.js';
import { toWireDate } from '../../lib/time.js';
import { actorRef, isOffice, type Actor } from '../access/actor.js';
import { requireActor, requireOffice } from '../access/policy.js';
import { notFound } from '../shared/versioned.js';
import { pairingMachine, type PairingAction } from './machine.js';
import type { PairingDoc, ProgrammeDoc } from './repository.js';
import {
  PairingInputSchema,
  PairingListQuerySchema,
  PairingPageSchema,
  PairingSchema,
  PairingTransitionSchema,
  ProgrammeInputSchema,
  ProgrammePageSchema,
  ProgrammeSchema,
} from './schemas.js';

const tags = ['pairings'];
const ProgrammeParams = z.object({ id: idSchema('programme') });
const PairingParams = z.object({ id: idSchema('pairing') });
const missingProgramme = { zh: '结对计划', en: 'programme' };
const missingPairing = { zh: '结对关系', en: 'pairing' };

function toProgramme(doc: ProgrammeDoc) {
  return {
    id: doc._id,
    name: doc.name,
    year: doc.year,
    description: doc.description,
    ...(doc.startsOn ? { startsOn: toWireDate(doc.startsOn) } : {}),
    ...(doc.endsOn ? { endsOn: toWireDate(doc.endsOn) } : {}),
    rev: doc.rev,
    createdAt: toWireDate(doc.createdAt),
  };
}

function toPairing(doc: PairingDoc, actor: Actor) {
  return {
    id: doc._id,
    programmeId: doc.programmeId,
    expertId: doc.expertId,
    expertName: doc.expertName,
    companyId: doc.companyId,
    companyName: doc.companyName,
    status: doc.status,
    allowedActions: isOffice(actor) ? pairingMachine.allowed(doc.status) : [],
    rev: doc.rev,
    createdAt: toWireDate(doc.createdAt),
    updatedAt: toWireDate(doc.updatedAt),
  };
}

/** The office sees every pairing; a company or an expert only its own. */
function pairingScope(actor: Actor): Record<string, unknown> {
  if (isOffice(actor)) return {};
  if (actor.role === 'expert') return { expertId: actor.expertId ?? '—' };
  return { companyId: actor.organisationId ?? '—' };
}

const createProgramme = createRoute({
  method: 'post',
  path: '/programmes',
  tags,
  summary: 'Create a pairing programme or cohort (office staff)',
  request: { body: jsonBody(ProgrammeInputSchema) },
  responses: { 201: json(ProgrammeSchema, 'Created'), ...errors(401, 403) },
});

const listProgrammes = createRoute({
  method: 'get',
  path: '/programmes',
  tags,
  summary: 'Programmes, newest first',
  request: { query: PageQuerySchema },
  responses: { 200: json(ProgrammePageSchema, 'A page'), ...errors(401) },
});

const getProgramme = createRoute({
  method: 'get',
  path: '/programmes/{id}',
  tags,
  summary: 'One programme',
  request: { params: ProgrammeParams },
  responses: { 200: json(ProgrammeSchema, 'Found'), ...errors(401, 404) },
});

const createPairing = createRoute({
  method: 'post',
  path: '/programmes/{id}/pairings',
  tags,
  summary: 'Propose an expert–company pairing in a programme (office staff)',
  request: { params: ProgrammeParams, body: jsonBody(PairingInputSchema) },
  responses: { 201: json(PairingSchema, 'Proposed'), ...errors(401, 403, 404, 409) },
});

const listPairings = createRoute({
  method: 'get',
  path: '/pairings',
  tags,
  summary: 'Pairings the caller may see (all of them for the office)',
  request: { query: PairingListQuerySchema },
  responses: { 200: json(PairingPageSchema, 'A page'), ...errors(401) },
});

const getPairing = createRoute({
  method: 'get',
  path: '/pairings/{id}',
  tags,
  summary: 'One pairing',
  request: { params: PairingParams },
  responses: { 200: json(PairingSchema, 'Found'), ...errors(401, 404) },
});

const transitionRoute = <A extends PairingAction>(action: A) =>
  createRoute({
    method: 'post',
    path: `/pairings/{id}/${action}` as const,
    tags,
    summary:
      action === 'activate'
        ? 'Activate: proposed → active (office)'
        : 'Conclude: active → concluded (office)',
    request: { params: PairingParams, body: jsonBody(PairingTransitionSchema) },
    responses: { 200: json(PairingSchema, 'Moved'), ...errors(401, 403, 404, 409) },
  });

function transitionHandler<A extends PairingAction>(
  action: A,
): RouteHandler<ReturnType<typeof transitionRoute<A>>, AppEnv> {
  return async (c) => {
    const actor = requireOffice(c.get('actor'));
    const repos = c.get('repos');
    const doc = await repos.pairings.getPairing(c.req.valid('param').id);
    if (!doc) throw notFound(missingPairing);
    const body = c.req.valid('json');
    const updated = await repos.pairings.transition(doc, action, {
      rev: body.rev,
      actor: actorRef(actor),
      ...(body.note ? { note: body.note } : {}),
    });
    return c.json(toPairing(updated, actor), 200);
  };
}

export const pairingRoutes = createRouter()
  .openapi(createProgramme, async (c) => {
    const actor = requireOffice(c.get('actor'));
    const doc = await c
      .get('repos')
      .pairings.createProgramme(c.req.valid('json'), actorRef(actor), c.get('now')());
    return c.json(toProgramme(doc), 201);
  })
  .openapi(listProgrammes, async (c) => {
    requireActor(c.get('actor'));
    const page = await c.get('repos').pairings.listProgrammes(c.req.valid('query'));
    return c.json({ items: page.items.map(toProgramme), nextCursor: page.nextCursor }, 200);
  })
  .openapi(getProgramme, async (c) => {
    requireActor(c.get('actor'));
    const doc = await c.get('repos').pairings.getProgramme(c.req.valid('param').id);
    if (!doc) throw notFound(missingProgramme);
    return c.json(toProgramme(doc), 200);
  })
  .openapi(createPairing, async (c) => {
    const actor = requireOffice(c.get('actor'));
    const repos = c.get('repos');
    const body = c.req.valid('json');
    const programme = await repos.pairings.getProgramme(c.req.valid('param').id);
    if (!programme) throw notFound(missingProgramme);
    const [expert, company] = await Promise.all([
      repos.experts.get(body.expertId),
      repos.organisations.get(body.companyId),
    ]);
    if (!expert) throw notFound({ zh: '专家', en: 'expert' });
    if (company?.kind !== 'company') throw notFound({ zh: '企业', en: 'company' });
    const doc = await repos.pairings.createPairing(
      {
        programmeId: programme._id,
        expertId: expert._id,
        expertName: expert.name,
        companyId: company._id,
        companyName: company.name,
      },
      actorRef(actor),
      body.note,
      c.get('now')(),
    );
    return c.json(toPairing(doc, actor), 201);
  })
  .openapi(listPairings, async (c) => {
    const actor = requireActor(c.get('actor'));
    const page = await c
      .get('repos')
      .pairings.listPairings(c.req.valid('query'), pairingScope(actor));
    return c.json(
      { items: page.items.map((doc) => toPairing(doc, actor)), nextCursor: page.nextCursor },
      200,
    );
  })
  .openapi(getPairing, async (c) => {
    const actor = requireActor(c.get('actor'));
    const doc = await c.get('repos').pairings.getPairing(c.req.valid('param').id);
    const scope = pairingScope(actor);
    const visible =
      doc && Object.entries(scope).every(([key, value]) => doc[key as keyof PairingDoc] === value);
    if (!doc || !visible) throw notFound(missingPairing);
    return c.json(toPairing(doc, actor), 200);
  })
  .openapi(transitionRoute('activate'), transitionHandler('activate'))
  .openapi(transitionRoute('conclude'), transitionHandler('conclude'));
