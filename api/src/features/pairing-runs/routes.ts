import { createRoute, z } from '@hono/zod-openapi';
import type { Context } from 'hono';
import { idSchema } from '../../lib/ids.js';
import { errors, json, jsonBody } from '../../lib/openapi.js';
import { createRouter, type AppEnv } from '../../lib/router.js';
import { actorRef } from '../access/actor.js';
import { requireOffice } from '../access/policy.js';
import { notFound } from '../shared/versioned.js';
import {
  PairingRunActionSchema,
  PairingRunInputSchema,
  PairingRunListSchema,
  PairingRunSchema,
  RunIdSchema,
} from './schemas.js';
import {
  applyRun,
  cancelRun,
  createRun,
  loadRun,
  pairingRunRepository,
  toRun,
  toRunSummary,
  type RunDeps,
} from './service.js';
import type { PairingRunDoc } from './repository.js';

const tags = ['pairing runs'];
const ProgrammeParams = z.object({ id: idSchema('programme') });
const RunParams = z.object({ id: RunIdSchema });
const missingProgramme = { zh: '结对计划', en: 'programme' };

function runDeps(c: Context<AppEnv>): RunDeps {
  const deps = c.get('deps');
  return {
    db: deps.db,
    repos: c.get('repos'),
    search: deps.search,
    semantic: deps.semantic,
    logger: deps.logger,
    now: c.get('now'),
  };
}

async function wire(c: Context<AppEnv>, doc: PairingRunDoc) {
  const previous = await pairingRunRepository(c.get('deps').db).previousDone(
    doc.programmeId,
    doc.createdAt,
  );
  return toRun(doc, c.get('lang'), previous);
}

const startRun = createRoute({
  method: 'post',
  path: '/programmes/{id}/pairing-runs',
  tags,
  summary:
    'Start a cohort pairing run: affinities from the matcher, then the exact solver, as a background job (office)',
  request: { params: ProgrammeParams, body: jsonBody(PairingRunInputSchema) },
  responses: { 202: json(PairingRunSchema, 'Queued; poll it'), ...errors(401, 403, 404, 409) },
});

const listRuns = createRoute({
  method: 'get',
  path: '/programmes/{id}/pairing-runs',
  tags,
  summary: 'The pairing runs of a programme, newest first (office)',
  request: { params: ProgrammeParams },
  responses: { 200: json(PairingRunListSchema, 'Newest first'), ...errors(401, 403, 404) },
});

const getRun = createRoute({
  method: 'get',
  path: '/pairing-runs/{id}',
  tags,
  summary:
    'A pairing run: status, progress, proposed pairs with reasons, objective and proof, loads, infeasibility, comparison with the previous run (office)',
  request: { params: RunParams },
  responses: { 200: json(PairingRunSchema, 'Found'), ...errors(401, 403, 404) },
});

const cancel = createRoute({
  method: 'post',
  path: '/pairing-runs/{id}/cancel',
  tags,
  summary: 'Cancel a queued or running pairing run (office)',
  request: { params: RunParams, body: jsonBody(PairingRunActionSchema) },
  responses: { 200: json(PairingRunSchema, 'Cancelled'), ...errors(401, 403, 404, 409) },
});

const apply = createRoute({
  method: 'post',
  path: '/pairing-runs/{id}/apply',
  tags,
  summary:
    'Confirm a finished run: creates its pairings and invitations with events; applying twice creates nothing twice (office)',
  request: { params: RunParams, body: jsonBody(PairingRunActionSchema) },
  responses: { 200: json(PairingRunSchema, 'Applied'), ...errors(401, 403, 404, 409) },
});

export const pairingRunRoutes = createRouter()
  .openapi(startRun, async (c) => {
    const actor = requireOffice(c.get('actor'));
    const programme = await c.get('repos').pairings.getProgramme(c.req.valid('param').id);
    if (!programme) throw notFound(missingProgramme);
    const doc = await createRun(runDeps(c), programme, c.req.valid('json'), actorRef(actor));
    return c.json(await wire(c, doc), 202);
  })
  .openapi(listRuns, async (c) => {
    requireOffice(c.get('actor'));
    const programme = await c.get('repos').pairings.getProgramme(c.req.valid('param').id);
    if (!programme) throw notFound(missingProgramme);
    const docs = await pairingRunRepository(c.get('deps').db).listForProgramme(programme._id, 50);
    return c.json({ items: docs.map(toRunSummary) }, 200);
  })
  .openapi(getRun, async (c) => {
    requireOffice(c.get('actor'));
    const doc = await loadRun(runDeps(c), c.req.valid('param').id);
    return c.json(await wire(c, doc), 200);
  })
  .openapi(cancel, async (c) => {
    requireOffice(c.get('actor'));
    const deps = runDeps(c);
    const doc = await cancelRun(deps, await loadRun(deps, c.req.valid('param').id));
    return c.json(await wire(c, doc), 200);
  })
  .openapi(apply, async (c) => {
    const actor = requireOffice(c.get('actor'));
    const deps = runDeps(c);
    const run = await loadRun(deps, c.req.valid('param').id);
    const programme = await deps.repos.pairings.getProgramme(run.programmeId);
    if (!programme) throw notFound(missingProgramme);
    const doc = await applyRun(deps, programme, run, actorRef(actor));
    return c.json(await wire(c, doc), 200);
  });
