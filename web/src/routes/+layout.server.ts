import { createApiClient } from '$lib/server/api';
import type { LayoutServerLoad } from './$types';

// Every page waits for this at most this long; a slower count simply shows no badge.
const badgeTimeoutMs = 500;

// The unread count of the navigation badge (the API's one-read counter); a failed or late count
// shows no badge, never an error page nor a slow one.
async function unreadCount(fetchImpl: typeof fetch, locals: App.Locals): Promise<number> {
  if (!locals.user) return 0;
  const signal = AbortSignal.timeout(badgeTimeoutMs);
  const count = (async () => {
    const res = await createApiClient(fetchImpl, locals.lang, locals.sessionCookie).notifications[
      'unread-count'
    ].$get(undefined, { init: { signal } });
    return res.ok ? (await res.json()).unreadCount : 0;
  })();
  const late = new Promise<number>((resolve) => {
    signal.addEventListener('abort', () => {
      resolve(0);
    });
  });
  try {
    return await Promise.race([count, late]);
  } catch {
    return 0;
  } finally {
    count.catch(() => undefined);
  }
}

export const load: LayoutServerLoad = async ({ locals, fetch, depends }) => {
  depends('app:notifications');
  return { user: locals.user, lang: locals.lang, unread: await unreadCount(fetch, locals) };
};
