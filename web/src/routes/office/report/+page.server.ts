import { error } from '@sveltejs/kit';
import { createApiClient } from '$lib/server/api';
import { quarterOf, quarterRange } from '../figures';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ locals, fetch, url }) => {
  const quarter = url.searchParams.get('quarter') ?? quarterOf(new Date());
  const range = quarterRange(quarter);
  if (!range) error(400, 'quarter must look like 2026Q3');
  const res = await createApiClient(fetch, locals.lang, locals.sessionCookie).stats.dashboard.$get({
    query: range,
  });
  if (!res.ok) error(502, 'API');
  const dashboard = await res.json();
  // A printed report lists the 20 largest groups of each table; the exports carry them all.
  const tables = Object.fromEntries(
    Object.entries(dashboard.tables).map(([by, rows]) => [by, rows.slice(0, 20)]),
  ) as typeof dashboard.tables;
  return {
    quarter,
    range,
    dashboard: { ...dashboard, tables },
    generatedAt: new Date().toISOString(),
  };
};
