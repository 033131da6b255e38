import { error } from '@sveltejs/kit';
import { createApiClient } from '$lib/server/api';
import type { RequestHandler } from './$types';

const files = ['quarter', 'town', 'industry', 'university', 'expert', 'field', 'funnel'].flatMap(
  (table) => [`${table}.xlsx`, `${table}.csv`],
);
const date = /^\d{4}-\d{2}-\d{2}$/;

// The browser talks only to the web app: an export is fetched from the API with the user's
// session and handed over as a download.
export const GET: RequestHandler = async ({ locals, fetch, params, url }) => {
  if (locals.user?.role !== 'officer' && locals.user?.role !== 'admin') error(403, 'forbidden');
  if (!files.includes(params.file)) error(404, 'not found');
  const query: { from?: string; to?: string } = {};
  for (const key of ['from', 'to'] as const) {
    const value = url.searchParams.get(key) ?? '';
    if (date.test(value)) query[key] = value;
  }
  const res = await createApiClient(fetch, locals.lang, locals.sessionCookie).stats.export[
    ':file'
  ].$get({ param: { file: params.file as 'town.xlsx' }, query });
  if (!res.ok) error(res.status === 403 ? 403 : 502, 'API');
  return new Response(res.body, {
    headers: {
      'content-type': res.headers.get('content-type') ?? 'application/octet-stream',
      'content-disposition': res.headers.get('content-disposition') ?? 'attachment',
      'cache-control': 'private, no-store',
    },
  });
};
