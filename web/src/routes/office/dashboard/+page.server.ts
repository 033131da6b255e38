import { error } from '@sveltejs/kit';
import { createApiClient } from '$lib/server/api';
import type { PageServerLoad } from './$types';

const date = /^\d{4}-\d{2}-\d{2}$/;
const maxRows = 15;

// The figures are the statistics API's own (GET /stats/dashboard, whose tables equal
// GET /stats/problems by each dimension; tested in api/test/office/dashboard.test.ts).
export const load: PageServerLoad = async ({ locals, fetch, url }) => {
  const range = {
    ...(date.test(url.searchParams.get('from') ?? '')
      ? { from: url.searchParams.get('from') ?? '' }
      : {}),
    ...(date.test(url.searchParams.get('to') ?? '')
      ? { to: url.searchParams.get('to') ?? '' }
      : {}),
  };
  const res = await createApiClient(fetch, locals.lang, locals.sessionCookie).stats.dashboard.$get({
    query: range,
  });
  if (!res.ok) error(res.status === 400 ? 400 : 502, 'API');
  const dashboard = await res.json();
  // The page shows the largest groups of each table (quarters all); every row is in the
  // exports. On the demo data the expert table alone has hundreds of rows.
  const shown = Object.fromEntries(
    Object.entries(dashboard.tables).map(([by, rows]) => [
      by,
      by === 'quarter' ? rows : rows.slice(0, maxRows),
    ]),
  ) as typeof dashboard.tables;
  const sizes = Object.fromEntries(
    Object.entries(dashboard.tables).map(([by, rows]) => [by, rows.length]),
  ) as Record<keyof typeof dashboard.tables, number>;
  return { dashboard: { ...dashboard, tables: shown }, sizes, range };
};
