import { error, fail, redirect } from '@sveltejs/kit';
import { createApiClient } from '$lib/server/api';
import { m } from '$lib/paraglide/messages';
import { apiErrors, list, text } from '$lib/server/forms';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ locals, fetch }) => {
  if (!locals.user) redirect(303, '/sign-in');
  const expertId = locals.user.expertId;
  if (locals.user.role !== 'expert' || !expertId) redirect(303, '/');
  const api = createApiClient(fetch, locals.lang, locals.sessionCookie);
  const [engagementsRes, matchesRes] = await Promise.all([
    api.engagements.$get({ query: { expertId, limit: '50' } }),
    api.experts[':id'].matches.$get({ param: { id: expertId }, query: { limit: '10' } }),
  ]);
  if (!engagementsRes.ok) error(engagementsRes.status, 'API');
  return {
    declineReasons,
    engagements: (await engagementsRes.json()).items,
    // Matching needs the search engine: without it the page still lists engagements.
    recommended: matchesRes.ok ? (await matchesRes.json()).items : [],
  };
};

const declineReasons = [
  'outside_expertise',
  'no_capacity',
  'timing',
  'budget',
  'conflict_of_interest',
  'other',
] as const;

async function transition(
  action: 'accept' | 'decline' | 'activate',
  {
    request,
    fetch,
    locals,
  }: { request: Request; fetch: typeof globalThis.fetch; locals: App.Locals },
) {
  const form = await request.formData();
  const api = createApiClient(fetch, locals.lang, locals.sessionCookie).engagements[':id'];
  const param = { id: text(form, 'engagementId') };
  const rev = Number(text(form, 'rev'));
  const reasonCode = declineReasons.find((r) => r === text(form, 'reasonCode')) ?? 'other';
  const note = text(form, 'note');
  const res =
    action === 'accept'
      ? await api.accept.$post({ param, json: { rev } })
      : action === 'activate'
        ? await api.activate.$post({ param, json: { rev } })
        : await api.decline.$post({ param, json: { rev, reasonCode, ...(note ? { note } : {}) } });
  if (!res.ok) return fail(400, await apiErrors(res));
  return { ok: true, message: done[action]() };
}

const done = { accept: m.toast_done, decline: m.toast_done, activate: m.toast_done };

export const actions: Actions = {
  accept: (event) => transition('accept', event),
  decline: (event) => transition('decline', event),
  activate: (event) => transition('activate', event),
  interest: async ({ request, fetch, locals }) => {
    const form = await request.formData();
    const res = await createApiClient(fetch, locals.lang, locals.sessionCookie).problems[
      ':id'
    ].interest.$post({
      param: { id: text(form, 'problemId') },
      json: {},
    });
    if (!res.ok) return fail(400, await apiErrors(res));
    return { ok: true, message: m.feed_interest_sent() };
  },
  visit: async ({ request, fetch, locals }) => {
    const form = await request.formData();
    const place = text(form, 'place');
    const res = await createApiClient(fetch, locals.lang, locals.sessionCookie).engagements[
      ':id'
    ].visits.$post({
      param: { id: text(form, 'engagementId') },
      json: {
        kind: 'visit',
        date: text(form, 'date'),
        ...(place ? { place } : {}),
        participants: list(form, 'participants'),
        note: text(form, 'note'),
      },
    });
    if (!res.ok) return fail(400, await apiErrors(res));
    return { ok: true };
  },
};
