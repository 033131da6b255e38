import { createRoute, z } from '@hono/zod-openapi';
import type { Db } from 'mongodb';
import { idSchema } from '../../lib/ids.js';
import { errors, json } from '../../lib/openapi.js';
import { createRouter } from '../../lib/router.js';
import { createCorpus, type Corpus } from '../../matching/corpus.js';
import { matchExperts, matchProblems } from '../../matching/matcher.js';
import { cachedExpert, cachedProblem } from '../../matching/records.js';
import { canManageCompany, requireActor, requireExpertManager } from '../access/policy.js';
import type { Repositories } from '../repositories.js';
import { loadManagedProblem } from '../problems/service.js';
import { notFound } from '../shared/versioned.js';
import {
  ExpertMatchPageSchema,
  MatchQuerySchema,
  ProblemMatchPageSchema,
  ProblemMatchQuerySchema,
} from './schemas.js';

const tags = ['matching'];

// Corpus statistics belong to a store; one app per store shares them across requests.
const corpora = new WeakMap<Db, Corpus>();
function corpusFor(db: Db, repos: Repositories): Corpus {
  let corpus = corpora.get(db);
  if (!corpus) {
    corpus = createCorpus(repos);
    corpora.set(db, corpus);
  }
  return corpus;
}

const expertsForProblem = createRoute({
  method: 'get',
  path: '/problems/{id}/matches',
  tags,
  summary: 'Experts ranked for a problem, with reasons (the company and the office)',
  request: { params: z.object({ id: idSchema('problem') }), query: MatchQuerySchema },
  responses: { 200: json(ExpertMatchPageSchema, 'Best first'), ...errors(401, 403, 404) },
});

const problemsForExpert = createRoute({
  method: 'get',
  path: '/experts/{id}/matches',
  tags,
  summary: 'Open problems ranked for an expert, with reasons (the expert and the office)',
  request: { params: z.object({ id: idSchema('expert') }), query: ProblemMatchQuerySchema },
  responses: { 200: json(ProblemMatchPageSchema, 'Best first'), ...errors(401, 403, 404) },
});

export const matchingRoutes = createRouter()
  .openapi(expertsForProblem, async (c) => {
    const actor = requireActor(c.get('actor'));
    const repos = c.get('repos');
    const deps = c.get('deps');
    const { id } = c.req.valid('param');
    // Its company and the office read any problem: the engagement read that decides what
    // others may see (a scan of the engagements on the local server) is only needed for them.
    // From the record cache: one read by `_id` costs more than the rest of the match.
    const stored = await cachedProblem(repos, id);
    const problem =
      stored && canManageCompany(actor, stored.companyId)
        ? stored
        : await loadManagedProblem(repos, actor, id);
    const matches = await matchExperts(
      { repos, engine: deps.search, corpus: corpusFor(deps.db, repos), semantic: deps.semantic },
      problem,
      c.req.valid('query').limit,
    );
    return c.json(
      {
        items: matches.map(({ expert, score, features, reasons }) => ({
          expert: {
            id: expert._id,
            name: expert.name,
            title: expert.title,
            universityName: expert.universityName,
            fields: expert.fields,
          },
          score,
          features,
          reasons,
        })),
      },
      200,
    );
  })
  .openapi(problemsForExpert, async (c) => {
    const { id } = c.req.valid('param');
    requireExpertManager(c.get('actor'), id);
    const repos = c.get('repos');
    const deps = c.get('deps');
    const expert = await cachedExpert(repos, id);
    if (!expert) throw notFound({ zh: '专家', en: 'expert' });
    const query = c.req.valid('query');
    const matches = await matchProblems(
      { repos, engine: deps.search, corpus: corpusFor(deps.db, repos), semantic: deps.semantic },
      expert,
      { limit: query.limit, ...(query.problemIds ? { problemIds: query.problemIds } : {}) },
    );
    return c.json(
      {
        items: matches.map(({ problem, view, score, features, reasons }) => ({
          problem: {
            id: problem._id,
            visibility: view,
            title: problem.title,
            summary: problem.summary,
            fields: problem.fields,
            companyName: problem.companyName,
            ...(problem.town ? { town: problem.town } : {}),
            ...(problem.industry ? { industry: problem.industry } : {}),
            status: problem.status,
            confidentiality: problem.confidentiality,
          },
          score,
          features,
          reasons,
        })),
      },
      200,
    );
  });
