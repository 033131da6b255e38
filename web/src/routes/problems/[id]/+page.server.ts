import { error, fail, redirect } from '@sveltejs/kit';
import { createApiClient } from '$lib/server/api';
import { apiErrors, text } from '$lib/server/forms';
import { wanToFen } from '$lib/status';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ locals, fetch, params }) => {
  if (!locals.user) redirect(303, '/sign-in');
  const api = createApiClient(fetch, locals.lang, locals.sessionCookie);
  const [problemRes, timelineRes] = await Promise.all([
    api.problems[':id'].$get({ param: { id: params.id } }),
    api.problems[':id'].events.$get({ param: { id: params.id } }),
  ]);
  if (problemRes.status === 404 || problemRes.status === 400) error(404, 'not found');
  if (!problemRes.ok) error(problemRes.status, 'API');
  const problem = await problemRes.json();
  const user = locals.user;
  const manages =
    user.organisationId === problem.companyId || user.role === 'officer' || user.role === 'admin';
  const live = problem.status === 'open' || problem.status === 'in_progress';

  // The company reads the office's pending edit proposals here and accepts or rejects them.
  const owns = user.organisationId === problem.companyId;
  const [matchesRes, engagementsRes, outcomeRes, proposalsRes] = await Promise.all([
    manages && live
      ? api.problems[':id'].matches.$get({ param: { id: params.id }, query: { limit: '10' } })
      : null,
    manages ? api.engagements.$get({ query: { problemId: params.id, limit: '50' } }) : null,
    problem.status === 'solved'
      ? api.problems[':id'].outcome.$get({ param: { id: params.id } })
      : null,
    owns ? api.problems[':id']['edit-proposals'].$get({ param: { id: params.id } }) : null,
  ]);
  const engagements = engagementsRes?.ok ? (await engagementsRes.json()).items : [];
  const visits = await Promise.all(
    engagements
      .filter((e) => e.status === 'accepted' || e.status === 'active' || e.status === 'solved')
      .map(async (e) => {
        const res = await api.engagements[':id'].visits.$get({
          param: { id: e.id },
          query: { limit: '20' },
        });
        return [e.id, res.ok ? (await res.json()).items : []] as const;
      }),
  );
  return {
    problem,
    timeline: timelineRes.ok ? (await timelineRes.json()).items : [],
    // Matching needs the search engine: without it the page still works, minus suggestions.
    suggestions: matchesRes?.ok ? (await matchesRes.json()).items : [],
    engagements,
    visits: Object.fromEntries(visits),
    outcome: outcomeRes?.ok ? await outcomeRes.json() : null,
    proposals: proposalsRes?.ok
      ? (await proposalsRes.json()).items.filter((p) => p.status === 'pending')
      : [],
  };
};

async function rev(request: Request) {
  const form = await request.formData();
  return { form, rev: Number(text(form, 'rev')) };
}

async function decideProposal(
  {
    fetch,
    locals,
    request,
  }: { fetch: typeof globalThis.fetch; locals: App.Locals; request: Request },
  decision: 'accept' | 'reject',
) {
  const form = await request.formData();
  const note = text(form, 'note');
  const res = await createApiClient(fetch, locals.lang, locals.sessionCookie)['edit-proposals'][
    ':id'
  ][decision].$post({
    param: { id: text(form, 'proposalId') },
    json: note ? { note } : {},
  });
  if (!res.ok) return fail(res.status === 409 ? 409 : 400, await apiErrors(res));
  return { ok: true };
}

export const actions: Actions = {
  publish: async ({ fetch, locals, params, request }) => {
    const res = await createApiClient(fetch, locals.lang, locals.sessionCookie).problems[
      ':id'
    ].publish.$post({
      param: { id: params.id },
      json: { rev: (await rev(request)).rev },
    });
    if (!res.ok) return fail(res.status === 409 ? 409 : 400, await apiErrors(res));
    return { ok: true };
  },
  solve: async ({ fetch, locals, params, request }) => {
    const res = await createApiClient(fetch, locals.lang, locals.sessionCookie).problems[
      ':id'
    ].solve.$post({
      param: { id: params.id },
      json: { rev: (await rev(request)).rev },
    });
    if (!res.ok) return fail(res.status === 409 ? 409 : 400, await apiErrors(res));
    return { ok: true };
  },
  invite: async ({ fetch, locals, params, request }) => {
    const form = await request.formData();
    const res = await createApiClient(fetch, locals.lang, locals.sessionCookie).problems[
      ':id'
    ].engagements.$post({
      param: { id: params.id },
      json: { expertId: text(form, 'expertId') },
    });
    if (!res.ok) return fail(400, await apiErrors(res));
    return { ok: true };
  },
  activate: async ({ fetch, locals, request }) => {
    const form = await request.formData();
    const res = await createApiClient(fetch, locals.lang, locals.sessionCookie).engagements[
      ':id'
    ].activate.$post({
      param: { id: text(form, 'engagementId') },
      json: { rev: Number(text(form, 'rev')) },
    });
    if (!res.ok) return fail(400, await apiErrors(res));
    return { ok: true };
  },
  acceptProposal: async (event) => decideProposal(event, 'accept'),
  rejectProposal: async (event) => decideProposal(event, 'reject'),
  outcome: async ({ fetch, locals, params, request }) => {
    const form = await request.formData();
    const res = await createApiClient(fetch, locals.lang, locals.sessionCookie).problems[
      ':id'
    ].outcome.$post({
      param: { id: params.id },
      json: {
        summary: text(form, 'summary'),
        economicBenefit: { amountFen: wanToFen(text(form, 'benefit')), currency: 'CNY' },
        contractAmount: { amountFen: wanToFen(text(form, 'contract')), currency: 'CNY' },
        rating: Number(text(form, 'rating')),
      },
    });
    if (!res.ok) return fail(400, await apiErrors(res));
    return { ok: true };
  },
};
