import { fail } from '@sveltejs/kit';
import { z } from 'zod';
import { m } from '$lib/paraglide/messages';
import { apiBaseUrl, apiErrorMessage } from '$lib/server/api';
import { text } from '$lib/server/forms';
import type { Actions, PageServerLoad } from './$types';

// Password reset through better-auth's endpoints under the API's /auth: a mail with a one-hour
// link (which points back here with ?token=), then the new password. The answer to a request
// never says whether the address has an account.

export const load: PageServerLoad = ({ url }) => ({ token: url.searchParams.get('token') ?? '' });

const headers = (locals: App.Locals, ip: string) => ({
  'content-type': 'application/json',
  'accept-language': locals.lang === 'en' ? 'en' : 'zh-CN',
  'x-forwarded-for': ip,
});

export const actions: Actions = {
  request: async ({ request, fetch, locals, getClientAddress }) => {
    const email = text(await request.formData(), 'email').toLowerCase();
    if (!z.email().safeParse(email).success)
      return fail(400, { email, message: m.form_invalid_email() });
    const res = await fetch(`${apiBaseUrl()}/auth/request-password-reset`, {
      method: 'POST',
      headers: headers(locals, getClientAddress()),
      body: JSON.stringify({ email }),
    });
    if (res.status === 429)
      return fail(429, { email, message: await apiErrorMessage(res, m.toast_failed()) });
    return { sent: true, message: m.reset_sent() };
  },
  set: async ({ request, fetch, locals, getClientAddress }) => {
    const form = await request.formData();
    const token = text(form, 'token');
    const password = form.get('password');
    const confirm = form.get('confirm');
    if (typeof password !== 'string' || password.length < 10 || password.length > 128)
      return fail(400, { token, field: 'password', message: m.sign_up_password_hint() });
    if (password !== confirm)
      return fail(400, { token, field: 'confirm', message: m.reset_mismatch() });
    const res = await fetch(`${apiBaseUrl()}/auth/reset-password`, {
      method: 'POST',
      headers: headers(locals, getClientAddress()),
      body: JSON.stringify({ newPassword: password, token }),
    });
    if (!res.ok) return fail(400, { token, field: 'token', message: m.reset_invalid() });
    return { done: true, message: m.reset_done() };
  },
};
