import { fail, redirect } from '@sveltejs/kit';
import { createApiClient } from '$lib/server/api';
import { all, apiErrors, list, text } from '$lib/server/forms';
import { fieldGroups, type FieldCode } from '$lib/taxonomy';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = ({ locals }) => {
  if (!locals.user?.organisationId || !locals.user.role.startsWith('company')) redirect(303, '/');
  return { fieldGroups: fieldGroups(locals.lang) };
};

const levels = ['public', 'summary', 'private'] as const;

export const actions: Actions = {
  default: async ({ request, fetch, locals }) => {
    const companyId = locals.user?.organisationId;
    if (!companyId) redirect(303, '/');
    const form = await request.formData();
    const confidentiality =
      levels.find((level) => level === text(form, 'confidentiality')) ?? 'summary';
    const values = {
      companyId,
      title: text(form, 'title'),
      summary: text(form, 'summary'),
      description: text(form, 'description'),
      // The API checks each code against the taxonomy.
      fields: all(form, 'fields') as FieldCode[],
      keywords: list(form, 'keywords'),
      desiredOutcome: text(form, 'desiredOutcome'),
      confidentiality,
    };
    const api = createApiClient(fetch, locals.lang, locals.sessionCookie);
    const res = await api.problems.$post({ json: values });
    if (!res.ok) return fail(400, { values, ...(await apiErrors(res)) });
    const problem = await res.json();
    redirect(303, `/problems/${problem.id}`);
  },
};
