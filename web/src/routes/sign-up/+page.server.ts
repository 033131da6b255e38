import { fail, redirect } from '@sveltejs/kit';
import { z } from 'zod';
import { m } from '$lib/paraglide/messages';
import { apiBaseUrl, apiErrorMessage } from '$lib/server/api';
import { formValues, safeRedirect, SignUpSchema } from '$lib/server/auth-forms';
import { adoptSessionCookie } from '$lib/server/session';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = ({ locals }) => {
  if (locals.user) redirect(303, '/');
};

interface FieldErrors {
  name?: string | undefined;
  email?: string | undefined;
  password?: string | undefined;
}

const noErrors: FieldErrors = {};

export const actions: Actions = {
  default: async ({ request, fetch, cookies, url, getClientAddress }) => {
    const values = formValues(await request.formData(), ['name', 'email', 'password']);
    const parsed = SignUpSchema.safeParse(values);
    if (!parsed.success) {
      const fields = z.flattenError(parsed.error).fieldErrors;
      const errors: FieldErrors = {
        name: fields.name ? m.form_required() : undefined,
        email: fields.email ? m.form_invalid_email() : undefined,
        password: fields.password ? m.sign_up_password_hint() : undefined,
      };
      return fail(400, {
        name: values.name,
        email: values.email,
        errors,
        message: m.sign_up_failed(),
      });
    }
    const res = await fetch(`${apiBaseUrl()}/auth/sign-up/email`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-forwarded-for': getClientAddress() },
      body: JSON.stringify(parsed.data),
    });
    if (!res.ok) {
      return fail(400, {
        name: values.name,
        email: values.email,
        errors: noErrors,
        message: await apiErrorMessage(res, m.sign_up_failed()),
      });
    }
    adoptSessionCookie(res, cookies, url.protocol === 'https:');
    redirect(303, safeRedirect(url.searchParams.get('redirectTo')));
  },
};
