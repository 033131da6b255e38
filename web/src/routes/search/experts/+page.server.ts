import { loadSearchPage, savedSearchActions } from '../saved.server';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = (event) =>
  loadSearchPage(event, 'experts', async (api, query, page) => {
    const res = await api.search.experts.$get({
      query: {
        ...(query.q ? { q: query.q } : {}),
        ...(query.fields ? { fields: query.fields.join(',') } : {}),
        ...(query.town ? { town: query.town } : {}),
        ...(query.university ? { university: query.university } : {}),
        ...(query.available ? { available: 'true' as const } : {}),
        ...page,
      },
    });
    return res.ok ? await res.json() : null;
  });

export const actions: Actions = savedSearchActions('experts');
