import { redirect } from '@sveltejs/kit';
import { fail, message, superValidate } from 'sveltekit-superforms';
import { zod4 } from 'sveltekit-superforms/adapters';
import { m } from '$lib/paraglide/messages';
import { createApiClient } from '$lib/server/api';
import { apiErrors, fieldErrorsOnto, ProblemFormSchema, type ProblemForm } from '$lib/server/forms';
import { wanToFen } from '$lib/status';
import { fieldGroups, type FieldCode } from '$lib/taxonomy';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ locals }) => {
  if (!locals.user?.organisationId || !locals.user.role.startsWith('company')) redirect(303, '/');
  return {
    form: await superValidate(zod4(ProblemFormSchema)),
    fieldGroups: fieldGroups(locals.lang),
  };
};

const splitList = (value: string) =>
  value
    .split(/[,，、;；]/)
    .map((item) => item.trim())
    .filter((item) => item.length > 0);

function toInput(companyId: string, data: ProblemForm) {
  const money = (wan: string) => ({ amountFen: wanToFen(wan), currency: 'CNY' as const });
  return {
    companyId,
    title: data.title,
    summary: data.summary,
    description: data.description,
    // The API checks each code against the taxonomy.
    fields: data.fields as FieldCode[],
    keywords: splitList(data.keywords),
    desiredOutcome: data.desiredOutcome,
    confidentiality: data.confidentiality,
    ...(data.budgetMin !== '' || data.budgetMax !== ''
      ? {
          budget: {
            min: money(data.budgetMin === '' ? '0' : data.budgetMin),
            max: money(data.budgetMax === '' ? data.budgetMin : data.budgetMax),
          },
        }
      : {}),
    ...(data.deadline ? { deadline: data.deadline } : {}),
  };
}

export const actions: Actions = {
  default: async ({ request, fetch, locals }) => {
    const companyId = locals.user?.organisationId;
    if (!companyId) redirect(303, '/');
    const form = await superValidate(request, zod4(ProblemFormSchema));
    if (!form.valid) return fail(400, { form });
    const api = createApiClient(fetch, locals.lang, locals.sessionCookie);
    const res = await api.problems.$post({ json: toInput(companyId, form.data) });
    if (!res.ok) {
      const errors = await apiErrors(res);
      fieldErrorsOnto(form, errors.fields, { budget: 'budgetMax' });
      return message(
        form,
        Object.keys(errors.fields).length > 0 ? m.form_fix_errors() : errors.message,
        {
          status: 400,
        },
      );
    }
    const problem = await res.json();
    redirect(303, `/problems/${problem.id}`);
  },
};
