import { error, redirect } from '@sveltejs/kit';
import { createApiClient } from '$lib/server/api';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ locals, fetch, url }) => {
  if (!locals.user) redirect(303, '/sign-in');
  const companyId = locals.user.organisationId;
  if (!companyId || !locals.user.role.startsWith('company')) redirect(303, '/');
  const status = url.searchParams.get('status') ?? undefined;
  const res = await createApiClient(fetch, locals.lang, locals.sessionCookie).problems.$get({
    query: {
      companyId,
      limit: '50',
      ...(status ? { status: status as 'draft' } : {}),
    },
  });
  if (!res.ok) error(res.status, 'API');
  return { page: await res.json(), status };
};
