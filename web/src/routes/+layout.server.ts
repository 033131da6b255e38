import { createApiClient } from '$lib/server/api';
import type { LayoutServerLoad } from './$types';

// The unread count of the navigation badge; a failed count shows no badge, never an error page.
async function unreadCount(fetchImpl: typeof fetch, locals: App.Locals): Promise<number> {
  if (!locals.user) return 0;
  try {
    const res = await createApiClient(
      fetchImpl,
      locals.lang,
      locals.sessionCookie,
    ).notifications.$get({ query: { limit: '1', unread: 'true' } });
    return res.ok ? (await res.json()).unreadCount : 0;
  } catch {
    return 0;
  }
}

export const load: LayoutServerLoad = async ({ locals, fetch, depends }) => {
  depends('app:notifications');
  return { user: locals.user, lang: locals.lang, unread: await unreadCount(fetch, locals) };
};
