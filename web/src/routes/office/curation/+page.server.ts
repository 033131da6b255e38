import { error } from '@sveltejs/kit';
import { createApiClient } from '$lib/server/api';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ locals, fetch }) => {
  const api = createApiClient(fetch, locals.lang, locals.sessionCookie);
  const [draftsRes, openRes, proposalsRes] = await Promise.all([
    api.problems.$get({ query: { status: 'draft', limit: '50', sort: 'createdAt' } }),
    api.problems.$get({ query: { status: 'open', limit: '30', sort: 'createdAt' } }),
    api['edit-proposals'].$get({ query: { status: 'pending', limit: '50' } }),
  ]);
  if (!draftsRes.ok || !openRes.ok) error(502, 'API');
  return {
    drafts: (await draftsRes.json()).items,
    recent: (await openRes.json()).items,
    proposals: proposalsRes.ok ? (await proposalsRes.json()).items : [],
  };
};
