import { statsFactsOf } from '../stats/facts-cache.js';
import { createRoute, z } from '@hono/zod-openapi';
import { idSchema } from '../../lib/ids.js';
import { errors, json, jsonBody } from '../../lib/openapi.js';
import { createRouter } from '../../lib/router.js';
import { isCompanyUser } from '../access/actor.js';
import { requireActor, requireCompanyManager, requireOffice } from '../access/policy.js';
import { notFound } from '../shared/versioned.js';
import {
  BoardQuerySchema,
  BoardSchema,
  MergeResultSchema,
  MergeSchema,
  OfficeCountsSchema,
  OfficeEditSchema,
  ProposalDecisionSchema,
  ProposalIdSchema,
  ProposalListQuerySchema,
  ProposalSchema,
} from './schemas.js';
import { decideProposal, mergeProblems, pairingBoard, proposeEdit, toProposal } from './service.js';

const tags = ['curation'];
const ProblemParams = z.object({ id: idSchema('problem') });
const ProposalParams = z.object({ id: ProposalIdSchema });
const ProposalList = z.object({ items: z.array(ProposalSchema) }).openapi('EditProposalList');

const propose = createRoute({
  method: 'post',
  path: '/problems/{id}/edit-proposals',
  tags,
  summary:
    "Edit a company's problem on its behalf (office staff): applied at once with the consent the company gave (channel and note recorded), otherwise a proposal the company accepts or rejects",
  request: { params: ProblemParams, body: jsonBody(OfficeEditSchema) },
  responses: {
    201: json(ProposalSchema, 'Applied (status applied) or proposed (status pending)'),
    ...errors(401, 403, 404, 409),
  },
});

const problemProposals = createRoute({
  method: 'get',
  path: '/problems/{id}/edit-proposals',
  tags,
  summary: "The office's edit proposals on one problem, newest first (its company or the office)",
  request: { params: ProblemParams },
  responses: { 200: json(ProposalList, 'Proposals'), ...errors(401, 403, 404) },
});

const proposals = createRoute({
  method: 'get',
  path: '/edit-proposals',
  tags,
  summary: 'Edit proposals, newest first: every one for the office, its own for a company',
  request: { query: ProposalListQuerySchema },
  responses: { 200: json(ProposalList, 'Proposals'), ...errors(401, 403) },
});

const decide = (decision: 'accept' | 'reject') =>
  createRoute({
    method: 'post',
    path: `/edit-proposals/{id}/${decision}` as const,
    tags,
    summary:
      decision === 'accept'
        ? "Accept the office's proposal: the edit is applied and recorded as the company's (the company only)"
        : "Reject the office's proposal; the problem stays as it is (the company only)",
    request: { params: ProposalParams, body: jsonBody(ProposalDecisionSchema) },
    responses: { 200: json(ProposalSchema, 'Decided'), ...errors(401, 403, 404, 409) },
  });

const merge = createRoute({
  method: 'post',
  path: '/problems/{id}/merge',
  tags,
  summary:
    "Merge a duplicate into a canonical problem of the same company (office staff): engagements move with their history, the duplicate is closed with reason 'duplicate'",
  request: { params: ProblemParams, body: jsonBody(MergeSchema) },
  responses: { 200: json(MergeResultSchema, 'Merged'), ...errors(401, 403, 404, 409) },
});

const board = createRoute({
  method: 'get',
  path: '/office/board',
  tags,
  summary:
    'The pairing board: engagements by status, filtered by town, industry, university or expert (office staff)',
  request: { query: BoardQuerySchema },
  responses: { 200: json(BoardSchema, 'Columns by status'), ...errors(401, 403) },
});

const counts = createRoute({
  method: 'get',
  path: '/office/counts',
  tags,
  summary:
    "What waits for the office: verifications, drafts, proposals (office staff; the navigation's badges)",
  responses: { 200: json(OfficeCountsSchema, 'Counts'), ...errors(401, 403) },
});

export const curationRoutes = createRouter()
  .openapi(propose, async (c) => {
    const actor = requireOffice(c.get('actor'));
    const body = c.req.valid('json');
    const proposal = await proposeEdit(
      c.get('repos'),
      actor,
      c.req.valid('param').id,
      body,
      c.get('now')(),
    );
    return c.json(proposal, 201);
  })
  .openapi(problemProposals, async (c) => {
    const actor = requireActor(c.get('actor'));
    const repos = c.get('repos');
    const doc = await repos.problems.get(c.req.valid('param').id);
    if (!doc) throw notFound({ zh: '难题', en: 'problem' });
    requireCompanyManager(actor, doc.companyId);
    const rows = await repos.curation.listProposals({ problemId: doc._id }, 100);
    return c.json({ items: rows.map(toProposal) }, 200);
  })
  .openapi(proposals, async (c) => {
    const actor = requireActor(c.get('actor'));
    const query = c.req.valid('query');
    const scope: Record<string, string> = {};
    if (isCompanyUser(actor) && actor.organisationId) scope.companyId = actor.organisationId;
    else requireOffice(actor);
    if (query.status) scope.status = query.status;
    const rows = await c.get('repos').curation.listProposals(scope, query.limit);
    return c.json({ items: rows.map(toProposal) }, 200);
  })
  .openapi(decide('accept'), async (c) => {
    const actor = requireActor(c.get('actor'));
    const proposal = await decideProposal(
      c.get('repos'),
      actor,
      c.req.valid('param').id,
      'accept',
      c.req.valid('json').note,
      c.get('now')(),
    );
    return c.json(proposal, 200);
  })
  .openapi(decide('reject'), async (c) => {
    const actor = requireActor(c.get('actor'));
    const proposal = await decideProposal(
      c.get('repos'),
      actor,
      c.req.valid('param').id,
      'reject',
      c.req.valid('json').note,
      c.get('now')(),
    );
    return c.json(proposal, 200);
  })
  .openapi(merge, async (c) => {
    const actor = requireOffice(c.get('actor'));
    const result = await mergeProblems(
      c.get('repos'),
      actor,
      c.req.valid('param').id,
      c.req.valid('json'),
      c.get('now')(),
    );
    return c.json(result, 200);
  })
  .openapi(board, async (c) => {
    requireOffice(c.get('actor'));
    return c.json(await pairingBoard(c.get('repos'), c.req.valid('query')), 200);
  })
  .openapi(counts, async (c) => {
    requireOffice(c.get('actor'));
    // From the statistics' in-memory facts (kept in step with writes): on the local store each
    // count would otherwise scan a whole collection.
    const repos = c.get('repos');
    const [facts, proposals] = await Promise.all([
      statsFactsOf(c.get('deps').db, repos).read(),
      repos.curation.pendingProposals(),
    ]);
    const waiting = (state: string) => state === 'pending' || state === 'info_requested';
    return c.json(
      {
        companies: facts.organisations.filter(
          (o) => o.kind === 'company' && waiting(o.verification),
        ).length,
        experts: facts.experts.filter((e) => waiting(e.verification)).length,
        drafts: facts.problems.filter((p) => p.status === 'draft').length,
        proposals,
      },
      200,
    );
  });
