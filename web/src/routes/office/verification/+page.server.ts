import { error, fail, redirect } from '@sveltejs/kit';
import { createApiClient } from '$lib/server/api';
import { apiErrors, text } from '$lib/server/forms';
import { m } from '$lib/paraglide/messages';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ locals, fetch }) => {
  if (locals.user?.role !== 'officer' && locals.user?.role !== 'admin') redirect(303, '/');
  const res = await createApiClient(
    fetch,
    locals.lang,
    locals.sessionCookie,
  ).verification.queue.$get();
  if (!res.ok) error(res.status, 'API');
  return { queue: await res.json() };
};

export const actions: Actions = {
  approve: async ({ request, fetch, locals }) => {
    const form = await request.formData();
    const id = text(form, 'id');
    const rev = Number(text(form, 'rev'));
    const api = createApiClient(fetch, locals.lang, locals.sessionCookie);
    const res = id.startsWith('exp_')
      ? await api.experts[':id'].verification.$post({
          param: { id },
          json: { rev, decision: 'approve' },
        })
      : await api.organisations[':id'].verification.$post({
          param: { id },
          json: { rev, decision: 'approve' },
        });
    if (!res.ok) return fail(400, await apiErrors(res));
    return { ok: true };
  },
  /** Reject, or ask for more information: both need a reason, which the applicant sees. */
  decide: async ({ request, fetch, locals }) => {
    const form = await request.formData();
    const id = text(form, 'id');
    const rev = Number(text(form, 'rev'));
    const decision = text(form, 'decision') === 'reject' ? 'reject' : 'request_info';
    const reason = text(form, 'reason');
    if (!reason) return fail(400, { id, message: m.office_reason_required(), fields: {} });
    const api = createApiClient(fetch, locals.lang, locals.sessionCookie);
    const json = { rev, decision, reason } as const;
    const res = id.startsWith('exp_')
      ? await api.experts[':id'].verification.$post({ param: { id }, json })
      : await api.organisations[':id'].verification.$post({ param: { id }, json });
    if (!res.ok) return fail(400, { id, ...(await apiErrors(res)) });
    return { ok: true, decided: decision };
  },
};
