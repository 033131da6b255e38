import { fail, redirect } from '@sveltejs/kit';
import { createApiClient } from '$lib/server/api';
import { all, apiErrors, list, text } from '$lib/server/forms';
import { fieldGroups, type FieldCode } from '$lib/taxonomy';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ locals, fetch }) => {
  if (!locals.user) redirect(303, '/sign-in');
  if (locals.user.role !== 'pending') redirect(303, '/');
  const api = createApiClient(fetch, locals.lang, locals.sessionCookie);
  const res = await api.organisations.$get({
    query: { kind: 'university', limit: '100', sort: 'name', order: 'asc' },
  });
  const institutes = await api.organisations.$get({
    query: { kind: 'institute', limit: '100', sort: 'name', order: 'asc' },
  });
  const universities = [
    ...(res.ok ? (await res.json()).items : []),
    ...(institutes.ok ? (await institutes.json()).items : []),
  ].map((org) => ({ id: org.id, name: org.name }));
  return { universities, fieldGroups: fieldGroups(locals.lang) };
};

export const actions: Actions = {
  company: async ({ request, fetch, locals }) => {
    const form = await request.formData();
    const values = {
      name: text(form, 'name'),
      creditCode: text(form, 'creditCode'),
      town: text(form, 'town'),
      industry: text(form, 'industry'),
    };
    const res = await createApiClient(fetch, locals.lang, locals.sessionCookie).me.company.$post({
      json: {
        ...values,
        ...(values.town ? {} : { town: undefined }),
        ...(values.industry ? {} : { industry: undefined }),
      },
    });
    if (!res.ok) return fail(400, { kind: 'company' as const, values, ...(await apiErrors(res)) });
    redirect(303, '/problems');
  },
  expert: async ({ request, fetch, locals }) => {
    const form = await request.formData();
    const values = {
      organisationId: text(form, 'organisationId'),
      name: text(form, 'name') || (locals.user?.name ?? ''),
      title: text(form, 'title'),
      // The API checks each code against the taxonomy.
      fields: all(form, 'fields') as FieldCode[],
      keywords: list(form, 'keywords'),
    };
    const res = await createApiClient(fetch, locals.lang, locals.sessionCookie).me.expert.$post({
      json: values,
    });
    if (!res.ok) return fail(400, { kind: 'expert' as const, values, ...(await apiErrors(res)) });
    redirect(303, '/');
  },
};
