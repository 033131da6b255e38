import { redirect } from '@sveltejs/kit';
import type { Actions } from './$types';

// The language switch works without JavaScript: a form posts here, the choice is kept in
// Paraglide's cookie, and the user returns to the page they were on.
export const actions: Actions = {
  default: async ({ request, cookies }) => {
    const form = await request.formData();
    const lang = form.get('lang') === 'en' ? 'en' : 'zh-CN';
    const requested = form.get('redirectTo');
    const back = typeof requested === 'string' ? requested : '/';
    cookies.set('PARAGLIDE_LOCALE', lang, {
      path: '/',
      maxAge: 60 * 60 * 24 * 400,
      sameSite: 'lax',
      httpOnly: false,
    });
    redirect(303, back.startsWith('/') && !back.startsWith('//') ? back : '/');
  },
};
