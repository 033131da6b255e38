import { loadSearchPage, savedSearchActions } from '../saved.server';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = (event) =>
  loadSearchPage(event, 'problems', async (api, query, page) => {
    const res = await api.search.problems.$get({
      query: {
        ...(query.q ? { q: query.q } : {}),
        ...(query.fields ? { fields: query.fields.join(',') } : {}),
        ...(query.town ? { town: query.town } : {}),
        ...(query.industry ? { industry: query.industry } : {}),
        ...(query.status ? { status: query.status } : {}),
        ...page,
      },
    });
    // The API has already cut every hit to what this reader may see; the page shows only that.
    return res.ok ? await res.json() : null;
  });

export const actions: Actions = savedSearchActions('problems');
