import { fail, redirect } from '@sveltejs/kit';
import { m } from '$lib/paraglide/messages';
import { createApiClient } from '$lib/server/api';
import { apiErrors, text } from '$lib/server/forms';
import type { Actions, PageServerLoad } from './$types';

// An invitation link (/join?token=…) from a company owner or an office admin. The invitee signs
// in (or up) with the invited address, comes back here and joins with one button.

export const load: PageServerLoad = ({ url, locals }) => ({
  token: url.searchParams.get('token') ?? '',
  canJoin: locals.user?.role === 'pending',
  returnTo: `/join${url.search}`,
});

export const actions: Actions = {
  default: async ({ request, fetch, locals }) => {
    if (!locals.user) return fail(401, { message: m.join_sign_in_first() });
    const token = text(await request.formData(), 'token');
    if (token.length < 16) return fail(400, { message: m.join_missing() });
    const res = await createApiClient(
      fetch,
      locals.lang,
      locals.sessionCookie,
    ).invitations.accept.$post({
      json: { token },
    });
    if (!res.ok) return fail(400, await apiErrors(res));
    const me = await res.json();
    redirect(303, me.role === 'officer' ? '/office/verification' : '/problems');
  },
};
