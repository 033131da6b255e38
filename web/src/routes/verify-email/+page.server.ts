import { fail } from '@sveltejs/kit';
import { m } from '$lib/paraglide/messages';
import { apiBaseUrl } from '$lib/server/api';
import type { Actions, PageServerLoad } from './$types';

// better-auth's email verification under the API's /auth: the link's token is checked here on
// the server; a signed-in user may ask for a new link. When the API has no verification mail
// configured, the page says so instead of pretending.

export const load: PageServerLoad = async ({ url, fetch, locals }) => {
  const token = url.searchParams.get('token');
  if (!token) return { state: 'idle' as const };
  const res = await fetch(`${apiBaseUrl()}/auth/verify-email?token=${encodeURIComponent(token)}`, {
    headers: { 'accept-language': locals.lang === 'en' ? 'en' : 'zh-CN' },
    redirect: 'manual',
  });
  return { state: res.ok || res.status === 302 ? ('ok' as const) : ('failed' as const) };
};

export const actions: Actions = {
  resend: async ({ fetch, locals }) => {
    const email = locals.user?.email;
    if (!email) return fail(401, { message: m.join_sign_in_first() });
    const res = await fetch(`${apiBaseUrl()}/auth/send-verification-email`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        'accept-language': locals.lang === 'en' ? 'en' : 'zh-CN',
        ...(locals.sessionCookie ? { cookie: locals.sessionCookie } : {}),
      },
      body: JSON.stringify({ email }),
    });
    if (!res.ok) return fail(400, { message: m.verify_unavailable() });
    return { sent: true, message: m.verify_sent() };
  },
};
