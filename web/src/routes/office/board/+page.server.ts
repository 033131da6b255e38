import { error, fail } from '@sveltejs/kit';
import { createApiClient } from '$lib/server/api';
import { apiErrors, text } from '$lib/server/forms';
import { m } from '$lib/paraglide/messages';
import type { Actions, PageServerLoad } from './$types';

const problemId = /^prb_[0-9a-z]{16}$/;
const filterKeys = ['town', 'industry', 'universityId', 'expertId'] as const;

export const load: PageServerLoad = async ({ locals, fetch, url }) => {
  const api = createApiClient(fetch, locals.lang, locals.sessionCookie);
  const filters = Object.fromEntries(
    filterKeys.flatMap((key) => {
      const value = url.searchParams.get(key)?.trim();
      return value ? [[key, value]] : [];
    }),
  ) as Partial<Record<(typeof filterKeys)[number], string>>;
  const suggest = url.searchParams.get('suggest') ?? '';
  const [boardRes, openRes, matchesRes] = await Promise.all([
    api.office.board.$get({ query: { ...filters, limit: '30' } }),
    api.problems.$get({ query: { status: 'open', limit: '100', sort: 'createdAt' } }),
    problemId.test(suggest)
      ? api.problems[':id'].matches.$get({ param: { id: suggest }, query: { limit: '8' } })
      : null,
  ]);
  if (!boardRes.ok) error(boardRes.status === 400 ? 400 : 502, 'API');
  return {
    board: await boardRes.json(),
    filters,
    openProblems: openRes.ok ? (await openRes.json()).items : [],
    suggest,
    suggestions: matchesRes?.ok ? (await matchesRes.json()).items : [],
    suggestionsFailed: matchesRes !== null && !matchesRes.ok,
  };
};

export const actions: Actions = {
  invite: async ({ request, fetch, locals }) => {
    const form = await request.formData();
    const id = text(form, 'problemId');
    const expertId = text(form, 'expertId');
    const res = await createApiClient(fetch, locals.lang, locals.sessionCookie).problems[
      ':id'
    ].engagements.$post({ param: { id }, json: { expertId } });
    if (!res.ok) return fail(400, await apiErrors(res));
    return { invited: expertId, done: m.office_board_invited() };
  },
};
