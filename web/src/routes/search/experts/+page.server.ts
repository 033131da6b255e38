import { redirect } from '@sveltejs/kit';
import { createApiClient } from '$lib/server/api';
import { fieldGroups } from '$lib/taxonomy';
import { listSaved, savedSearchActions } from '../saved.server';
import { queryFromParams } from '../saved';
import type { Actions, PageServerLoad } from './$types';

const pageSize = 20;

export const load: PageServerLoad = async ({ locals, fetch, url }) => {
  if (!locals.user) redirect(303, '/sign-in');
  const api = createApiClient(fetch, locals.lang, locals.sessionCookie);
  const query = queryFromParams(url.searchParams);
  const offset = Math.max(0, Math.min(980, Number(url.searchParams.get('offset') ?? 0) || 0));
  const [res, saved] = await Promise.all([
    api.search.experts.$get({
      query: {
        ...(query.q ? { q: query.q } : {}),
        ...(query.fields ? { fields: query.fields.join(',') } : {}),
        ...(query.town ? { town: query.town } : {}),
        ...(query.university ? { university: query.university } : {}),
        ...(query.available ? { available: 'true' as const } : {}),
        limit: String(pageSize),
        offset: String(offset),
      },
    }),
    listSaved(api, 'experts'),
  ]);
  return {
    query,
    offset,
    pageSize,
    result: res.ok ? await res.json() : null,
    saved,
    fieldGroups: fieldGroups(locals.lang),
  };
};

export const actions: Actions = savedSearchActions('experts');
