import { statsFactsOf } from './facts-cache.js';
import { createRoute, z } from '@hono/zod-openapi';
import { errors, json } from '../../lib/openapi.js';
import { createRouter } from '../../lib/router.js';
import { toWireDate } from '../../lib/time.js';
import { requireOffice } from '../access/policy.js';
import { contentTypes, writeTable } from '../imports/files.js';
import type { Repositories } from '../repositories.js';
import {
  DashboardSchema,
  FunnelSchema,
  RangeQuerySchema,
  StatsQuerySchema,
  StatsResponseSchema,
  statsExportFiles,
  type StatsDimension,
} from './schemas.js';
import {
  dashboard,
  funnelTable,
  loadDashboard,
  loadStatsInputs,
  problemStats,
  statsTable,
  statusLabels,
  tableTitles,
} from './service.js';

const tags = ['statistics'];

const problems = createRoute({
  method: 'get',
  path: '/problems',
  tags,
  summary:
    'Problems posted, engaged, solved and closed, solved rate, days to first engagement and to solved (median, p90), benefit — by quarter, town, industry, university, expert or field (office staff)',
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

const dashboardRoute = createRoute({
  method: 'get',
  path: '/dashboard',
  tags,
  summary:
    'The outcome dashboard in one read: the funnel and every statistics table over problems opened in the range (office staff)',
  request: { query: RangeQuerySchema },
  responses: { 200: json(DashboardSchema, 'The dashboard'), ...errors(401, 403) },
});

const exportRoute = createRoute({
  method: 'get',
  path: '/export/{file}',
  tags,
  summary:
    'One dashboard table as XLSX or CSV (UTF-8 with BOM), headers in the caller’s language: `town.xlsx`, `quarter.csv`, `funnel.xlsx`… (office staff)',
  request: {
    params: z.object({ file: z.enum(statsExportFiles) }),
    query: RangeQuerySchema,
  },
  responses: {
    200: {
      description: 'The table, its total in the last row',
      content: {
        [contentTypes.csv]: { schema: z.string() },
        [contentTypes.xlsx]: { schema: z.string().openapi({ format: 'binary' }) },
      },
    },
    ...errors(401, 403),
  },
});

const rangeOf = (query: { from?: Date | undefined; to?: Date | undefined }) => ({
  ...(query.from ? { from: query.from } : {}),
  ...(query.to ? { to: query.to } : {}),
});

const needsParties = (by: StatsDimension) => by === 'university' || by === 'expert';

async function readFunnel(repos: Repositories) {
  const [problemCounts, engagementCounts] = await Promise.all([
    repos.stats.problemStatusCounts(),
    repos.stats.engagementStatusCounts(),
  ]);
  return {
    problems: Object.fromEntries(problemCounts.map((row) => [row._id, row.n])),
    engagements: Object.fromEntries(engagementCounts.map((row) => [row._id, row.n])),
  };
}

export const statsRoutes = createRouter()
  .openapi(problems, async (c) => {
    requireOffice(c.get('actor'));
    const query = c.req.valid('query');
    const inputs = await loadStatsInputs(
      c.get('repos'),
      rangeOf(query),
      needsParties(query.groupBy),
    );
    return c.json(problemStats(query.groupBy, inputs, query.lang ?? c.get('lang')), 200);
  })
  .openapi(funnel, async (c) => {
    requireOffice(c.get('actor'));
    return c.json(await readFunnel(c.get('repos')), 200);
  })
  .openapi(dashboardRoute, async (c) => {
    requireOffice(c.get('actor'));
    const query = c.req.valid('query');
    const repos = c.get('repos');
    const facts = await statsFactsOf(c.get('deps').db, repos).read();
    const { funnel: funnelNow, inputs } = await loadDashboard(repos, rangeOf(query), facts);
    return c.json({ funnel: funnelNow, ...dashboard(inputs, query.lang ?? c.get('lang')) }, 200);
  })
  .openapi(exportRoute, async (c) => {
    requireOffice(c.get('actor'));
    const query = c.req.valid('query');
    const lang = query.lang ?? c.get('lang');
    const repos = c.get('repos');
    const [table, format] = c.req.valid('param').file.split('.') as [
      StatsDimension | 'funnel',
      'xlsx' | 'csv',
    ];
    let sheet;
    if (table === 'funnel') {
      sheet = funnelTable(await readFunnel(repos), statusLabels, lang);
    } else {
      const inputs = await loadStatsInputs(repos, rangeOf(query), needsParties(table));
      const stats = problemStats(table, inputs, lang);
      sheet = statsTable(stats.rows, stats.total, lang);
    }
    const body = await writeTable(format, { name: tableTitles[table][lang], ...sheet });
    const stamp = toWireDate(c.get('now')()).slice(0, 10).replace(/-/g, '');
    return c.body(body, 200, {
      'content-type': contentTypes[format],
      'content-disposition': `attachment; filename="stats-${table}-${stamp}.${format}"`,
    });
  });
