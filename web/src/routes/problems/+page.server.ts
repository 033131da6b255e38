import { error, redirect } from '@sveltejs/kit';
import { createApiClient } from '$lib/server/api';
import { fieldGroups, type FieldCode } from '$lib/taxonomy';
import type { PageServerLoad } from './$types';

const statuses = ['draft', 'open', 'in_progress', 'solved', 'closed', 'withdrawn'] as const;
type Status = (typeof statuses)[number];

export const load: PageServerLoad = async ({ locals, fetch, url }) => {
  if (!locals.user) redirect(303, '/sign-in');
  const companyId = locals.user.organisationId;
  if (!companyId || !locals.user.role.startsWith('company')) redirect(303, '/');
  const status = statuses.find((s) => s === url.searchParams.get('status'));
  const field = url.searchParams.get('field') ?? '';
  const cursor = url.searchParams.get('cursor') ?? '';
  const api = createApiClient(fetch, locals.lang, locals.sessionCookie);
  const [res, orgRes] = await Promise.all([
    api.problems.$get({
      query: {
        companyId,
        limit: '20',
        sort: 'updatedAt',
        order: 'desc',
        ...(status ? { status: status satisfies Status } : {}),
        // The API checks the code against the taxonomy (a bad one is a 400, shown as an error).
        ...(field ? { field: field as FieldCode } : {}),
        ...(cursor ? { cursor } : {}),
      },
    }),
    api.organisations[':id'].$get({ param: { id: companyId } }),
  ]);
  if (!res.ok) error(res.status === 400 ? 400 : 502, 'API');
  return {
    page: await res.json(),
    status,
    field,
    verification: orgRes.ok ? (await orgRes.json()).verification : null,
    fieldGroups: fieldGroups(locals.lang),
  };
};
