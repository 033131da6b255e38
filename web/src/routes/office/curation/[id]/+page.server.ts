import { error, fail } from '@sveltejs/kit';
import { createApiClient } from '$lib/server/api';
import { all, apiErrors, list, text } from '$lib/server/forms';
import { m } from '$lib/paraglide/messages';
import type { FieldCode } from '$lib/taxonomy';
import type { Actions, PageServerLoad } from './$types';

const channels = ['phone', 'wechat', 'email', 'in_person', 'document'] as const;

export const load: PageServerLoad = async ({ locals, fetch, params }) => {
  const api = createApiClient(fetch, locals.lang, locals.sessionCookie);
  const problemRes = await api.problems[':id'].$get({ param: { id: params.id } });
  if (problemRes.status === 404 || problemRes.status === 400) error(404, 'not found');
  if (!problemRes.ok) error(problemRes.status, 'API');
  const problem = await problemRes.json();
  const [proposalsRes, siblingsRes, timelineRes] = await Promise.all([
    api.problems[':id']['edit-proposals'].$get({ param: { id: params.id } }),
    api.problems.$get({ query: { companyId: problem.companyId, limit: '100' } }),
    api.problems[':id'].events.$get({ param: { id: params.id } }),
  ]);
  const siblings = siblingsRes.ok ? (await siblingsRes.json()).items : [];
  return {
    problem,
    proposals: proposalsRes.ok ? (await proposalsRes.json()).items : [],
    // A duplicate merges into another live or solved problem of the same company.
    mergeTargets: siblings.filter(
      (p) => p.id !== problem.id && ['draft', 'open', 'in_progress', 'solved'].includes(p.status),
    ),
    timeline: timelineRes.ok ? (await timelineRes.json()).items : [],
  };
};

export const actions: Actions = {
  edit: async ({ request, fetch, locals, params }) => {
    const form = await request.formData();
    const channel = text(form, 'channel');
    const consentNote = text(form, 'consentNote');
    if (channel && !consentNote)
      return fail(400, {
        message: m.office_consent_note_required(),
        fields: { consentNote: m.office_consent_note_required() },
      });
    const fields = all(form, 'fields') as FieldCode[];
    const res = await createApiClient(fetch, locals.lang, locals.sessionCookie).problems[':id'][
      'edit-proposals'
    ].$post({
      param: { id: params.id },
      json: {
        rev: Number(text(form, 'rev')),
        changes: {
          title: text(form, 'title'),
          summary: text(form, 'summary'),
          description: text(form, 'description'),
          ...(fields.length > 0 ? { fields } : {}),
          keywords: list(form, 'keywords'),
        },
        ...(text(form, 'note') ? { note: text(form, 'note') } : {}),
        ...(channel && (channels as readonly string[]).includes(channel)
          ? {
              consent: {
                channel: channel as (typeof channels)[number],
                note: consentNote,
              },
            }
          : {}),
      },
    });
    if (!res.ok) return fail(400, await apiErrors(res));
    const proposal = await res.json();
    return {
      done: proposal.status === 'applied' ? m.office_edit_applied() : m.office_edit_proposed(),
    };
  },

  publish: async ({ request, fetch, locals, params }) => {
    const form = await request.formData();
    const res = await createApiClient(fetch, locals.lang, locals.sessionCookie).problems[
      ':id'
    ].publish.$post({ param: { id: params.id }, json: { rev: Number(text(form, 'rev')) } });
    if (!res.ok) return fail(400, await apiErrors(res));
    return { done: m.office_published() };
  },

  merge: async ({ request, fetch, locals, params }) => {
    const form = await request.formData();
    const into = text(form, 'into');
    if (!into) return fail(400, { message: m.office_merge_pick(), fields: {} });
    const res = await createApiClient(fetch, locals.lang, locals.sessionCookie).problems[
      ':id'
    ].merge.$post({
      param: { id: params.id },
      json: {
        rev: Number(text(form, 'rev')),
        into,
        ...(text(form, 'note') ? { note: text(form, 'note') } : {}),
      },
    });
    if (!res.ok) return fail(400, await apiErrors(res));
    const result = await res.json();
    return {
      done: m.office_merged({ moved: result.moved.length, kept: result.kept.length }),
    };
  },
};
