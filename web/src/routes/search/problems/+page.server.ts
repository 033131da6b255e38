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
    api.search.problems.$get({
      query: {
        ...(query.q ? { q: query.q } : {}),
        ...(query.fields ? { fields: query.fields.join(',') } : {}),
        ...(query.town ? { town: query.town } : {}),
        ...(query.industry ? { industry: query.industry } : {}),
        ...(query.status ? { status: query.status } : {}),
        limit: String(pageSize),
        offset: String(offset),
      },
    }),
    listSaved(api, 'problems'),
  ]);
  // The API has already cut every hit to what this reader may see; the page shows only that.
  const result = res.ok ? await res.json() : null;
  return {
    query,
    offset,
    pageSize,
    result,
    saved,
    fieldGroups: fieldGroups(locals.lang),
  };
};

export const actions: Actions = savedSearchActions('problems');
