import { error, fail, redirect } from '@sveltejs/kit';
import { m } from '$lib/paraglide/messages';
import { createApiClient } from '$lib/server/api';
import { apiErrors, text } from '$lib/server/forms';
import type { Actions, PageServerLoad } from './$types';

function companyOf(locals: App.Locals): string {
  if (!locals.user) redirect(303, '/sign-in');
  const id = locals.user.organisationId;
  if (!id || !locals.user.role.startsWith('company')) redirect(303, '/');
  return id;
}

export const load: PageServerLoad = async ({ locals, fetch }) => {
  const id = companyOf(locals);
  const api = createApiClient(fetch, locals.lang, locals.sessionCookie);
  const [orgRes, problemsRes] = await Promise.all([
    api.organisations[':id'].$get({ param: { id } }),
    api.problems.$get({ query: { companyId: id, limit: '100' } }),
  ]);
  if (!orgRes.ok) error(orgRes.status === 404 ? 404 : 502, 'API');
  const problems = problemsRes.ok ? (await problemsRes.json()).items : [];
  const counts: Record<string, number> = {};
  for (const problem of problems) counts[problem.status] = (counts[problem.status] ?? 0) + 1;
  return {
    organisation: await orgRes.json(),
    counts,
    owner: locals.user?.role === 'company_owner',
  };
};

export const actions: Actions = {
  save: async ({ request, fetch, locals }) => {
    const id = companyOf(locals);
    const form = await request.formData();
    const values = {
      name: text(form, 'name'),
      nameEn: text(form, 'nameEn'),
      town: text(form, 'town'),
      industry: text(form, 'industry'),
    };
    const res = await createApiClient(fetch, locals.lang, locals.sessionCookie).organisations[
      ':id'
    ].$patch({
      param: { id },
      json: {
        rev: Number(text(form, 'rev')),
        name: values.name,
        ...(values.nameEn ? { nameEn: values.nameEn } : {}),
        ...(values.town ? { town: values.town } : {}),
        ...(values.industry ? { industry: values.industry } : {}),
      },
    });
    if (!res.ok) return fail(400, { values, ...(await apiErrors(res)) });
    return { message: m.company_saved() };
  },
  invite: async ({ request, fetch, locals }) => {
    const id = companyOf(locals);
    const email = text(await request.formData(), 'email');
    const res = await createApiClient(fetch, locals.lang, locals.sessionCookie).organisations[
      ':id'
    ].invitations.$post({ param: { id }, json: { email } });
    if (!res.ok) return fail(400, { email, ...(await apiErrors(res)) });
    return { message: m.company_invite_sent({ email }) };
  },
};
