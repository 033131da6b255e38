import { error, fail, redirect } from '@sveltejs/kit';
import { createApiClient } from '$lib/server/api';
import { apiErrors } from '$lib/server/forms';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ locals, fetch, params }) => {
  if (!locals.user) redirect(303, '/sign-in');
  const api = createApiClient(fetch, locals.lang, locals.sessionCookie);
  const [problem, timeline] = await Promise.all([
    api.problems[':id'].$get({ param: { id: params.id } }),
    api.problems[':id'].events.$get({ param: { id: params.id } }),
  ]);
  if (problem.status === 404 || problem.status === 400) error(404, 'not found');
  if (!problem.ok) error(problem.status, 'API');
  return {
    problem: await problem.json(),
    timeline: timeline.ok ? (await timeline.json()).items : [],
  };
};

export const actions: Actions = {
  publish: async ({ fetch, locals, params, request }) => {
    const rev = Number((await request.formData()).get('rev'));
    const res = await createApiClient(fetch, locals.lang, locals.sessionCookie).problems[
      ':id'
    ].publish.$post({
      param: { id: params.id },
      json: { rev },
    });
    if (!res.ok) return fail(res.status === 409 ? 409 : 400, await apiErrors(res));
    return { ok: true };
  },
};
