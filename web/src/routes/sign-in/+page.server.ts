import { fail, redirect } from '@sveltejs/kit';
import { m } from '$lib/paraglide/messages';
import { apiBaseUrl, apiErrorMessage } from '$lib/server/api';
import { formValues, safeRedirect, SignInSchema } from '$lib/server/auth-forms';
import { adoptSessionCookie } from '$lib/server/session';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = ({ locals }) => {
  if (locals.user) redirect(303, '/');
};

export const actions: Actions = {
  default: async ({ request, fetch, cookies, url, getClientAddress }) => {
    const values = formValues(await request.formData(), ['email', 'password']);
    const parsed = SignInSchema.safeParse(values);
    if (!parsed.success) return fail(400, { email: values.email, message: m.sign_in_failed() });
    const res = await fetch(`${apiBaseUrl()}/auth/sign-in/email`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        'accept-language': cookies.get('PARAGLIDE_LOCALE') === 'en' ? 'en' : 'zh-CN',
        // The API limits sign-in per client address; tell it whose this is.
        'x-forwarded-for': getClientAddress(),
      },
      body: JSON.stringify(parsed.data),
    });
    if (!res.ok) {
      const message =
        res.status === 401 ? m.sign_in_failed() : await apiErrorMessage(res, m.sign_in_failed());
      return fail(res.status === 429 ? 429 : 400, { email: values.email, message });
    }
    adoptSessionCookie(res, cookies, url.protocol === 'https:');
    redirect(303, safeRedirect(url.searchParams.get('redirectTo')));
  },
};
