import { createRoute } from '@hono/zod-openapi';
import { errors, json } from '../../lib/openapi.js';
import { createRouter } from '../../lib/router.js';
import { requireOffice } from '../access/policy.js';
import { FunnelSchema, StatsQuerySchema, StatsResponseSchema } from './schemas.js';
import { problemStats } from './service.js';

const tags = ['statistics'];

const problems = createRoute({
  method: 'get',
  path: '/problems',
  tags,
  summary:
    'Problems posted, engaged, solved and closed, solved rate, days to first engagement and to solved (median, p90), benefit — by quarter, town, industry, university or field (office staff)',
  request: { query: StatsQuerySchema },
  responses: { 200: json(StatsResponseSchema, 'Statistics'), ...errors(401, 403) },
});

const funnel = createRoute({
  method: 'get',
  path: '/funnel',
  tags,
  summary: 'How many problems and engagements are in each status now (office staff)',
  responses: { 200: json(FunnelSchema, 'Counts by status'), ...errors(401, 403) },
});

export const statsRoutes = createRouter()
  .openapi(problems, async (c) => {
    requireOffice(c.get('actor'));
    const query = c.req.valid('query');
    const repos = c.get('repos');
    const [facts, engaged, outcomes] = await Promise.all([
      repos.stats.openedProblems({
        ...(query.from ? { from: query.from } : {}),
        ...(query.to ? { to: query.to } : {}),
      }),
      query.groupBy === 'university' ? repos.stats.engagedUniversities() : Promise.resolve([]),
      repos.stats.outcomes(),
    ]);
    const universitiesByProblem = new Map<string, Set<string>>();
    for (const row of engaged) {
      const set = universitiesByProblem.get(row.problemId) ?? new Set<string>();
      set.add(row.universityId);
      universitiesByProblem.set(row.problemId, set);
    }
    const organisations = await repos.organisations.getMany([
      ...new Set(engaged.map((row) => row.universityId)),
    ]);
    const body = problemStats(
      query.groupBy,
      {
        problems: facts,
        universitiesByProblem,
        universityNames: new Map([...organisations].map(([id, org]) => [id, org.name])),
        outcomesByProblem: new Map(
          outcomes.map((o) => [
            o.problemId,
            {
              economicBenefitFen: o.economicBenefit.amountFen,
              contractAmountFen: o.contractAmount.amountFen,
            },
          ]),
        ),
      },
      query.lang ?? c.get('lang'),
    );
    return c.json(body, 200);
  })
  .openapi(funnel, async (c) => {
    requireOffice(c.get('actor'));
    const repos = c.get('repos');
    const [problemCounts, engagementCounts] = await Promise.all([
      repos.stats.problemStatusCounts(),
      repos.stats.engagementStatusCounts(),
    ]);
    return c.json(
      {
        problems: Object.fromEntries(problemCounts.map((row) => [row._id, row.n])),
        engagements: Object.fromEntries(engagementCounts.map((row) => [row._id, row.n])),
      },
      200,
    );
  });
