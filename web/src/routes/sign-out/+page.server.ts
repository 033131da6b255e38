import { redirect } from '@sveltejs/kit';
import { apiBaseUrl } from '$lib/server/api';
import { clearSessionCookie } from '$lib/server/session';
import type { Actions } from './$types';

export const actions: Actions = {
  default: async ({ fetch, locals, cookies }) => {
    if (locals.sessionCookie) {
      await fetch(`${apiBaseUrl()}/auth/sign-out`, {
        method: 'POST',
        headers: { cookie: locals.sessionCookie, 'content-type': 'application/json' },
        body: '{}',
      }).catch(() => undefined);
    }
    clearSessionCookie(cookies);
    redirect(303, '/');
  },
};
