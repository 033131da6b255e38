import { fail, redirect } from '@sveltejs/kit';
import { m } from '$lib/paraglide/messages';
import { createApiClient } from '$lib/server/api';
import { apiErrors, text } from '$lib/server/forms';
import { fieldGroups } from '$lib/taxonomy';
import { listSaved } from '../../search/saved.server';
import type { Actions, PageServerLoad } from './$types';

// The expert's ranked feed: GET /experts/{id}/matches, with the score's reasons. The filters
// narrow the ranked list (field, town); the ranking itself stays the matcher's.

export const load: PageServerLoad = async ({ locals, fetch, url }) => {
  if (!locals.user) redirect(303, '/sign-in');
  const expertId = locals.user.expertId;
  if (locals.user.role !== 'expert' || !expertId) redirect(303, '/');
  const api = createApiClient(fetch, locals.lang, locals.sessionCookie);
  const field = url.searchParams.get('field') ?? '';
  const town = url.searchParams.get('town') ?? '';
  const [matchesRes, engagementsRes, saved] = await Promise.all([
    api.experts[':id'].matches.$get({ param: { id: expertId }, query: { limit: '50' } }),
    api.engagements.$get({ query: { expertId, limit: '100' } }),
    listSaved(api, 'problems'),
  ]);
  const all = matchesRes.ok ? (await matchesRes.json()).items : null;
  const matches = (all ?? []).filter(
    (match) =>
      (!field || match.problem.fields.includes(field)) && (!town || match.problem.town === town),
  );
  const towns = [...new Set((all ?? []).map((match) => match.problem.town).filter(Boolean))];
  return {
    available: all !== null,
    matches,
    towns,
    field,
    town,
    engaged: engagementsRes.ok ? (await engagementsRes.json()).items.map((e) => e.problemId) : [],
    saved,
    fieldGroups: fieldGroups(locals.lang),
  };
};

export const actions: Actions = {
  interest: async ({ request, fetch, locals }) => {
    const form = await request.formData();
    const note = text(form, 'note');
    const res = await createApiClient(fetch, locals.lang, locals.sessionCookie).problems[
      ':id'
    ].interest.$post({
      param: { id: text(form, 'problemId') },
      json: note ? { note } : {},
    });
    if (!res.ok) return fail(400, await apiErrors(res));
    return { ok: true, message: m.feed_interest_sent() };
  },
};
