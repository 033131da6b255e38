import type { Handle, HandleServerError } from '@sveltejs/kit';
import { sequence } from '@sveltejs/kit/hooks';
import { paraglideMiddleware } from '$lib/paraglide/server';
import { createApiClient } from '$lib/server/api';
import { sessionCookieHeader } from '$lib/server/session';

const i18n: Handle = ({ event, resolve }) =>
  paraglideMiddleware(event.request, ({ request, locale }) => {
    event.request = request;
    event.locals.lang = locale === 'en' ? 'en' : 'zh';
    return resolve(event, {
      transformPageChunk: ({ html }) => html.replace('%lang%', locale),
    });
  });

// Who is signed in, asked of the API once per request.
const session: Handle = async ({ event, resolve }) => {
  event.locals.user = null;
  const cookie = sessionCookieHeader(event.cookies);
  if (cookie) {
    event.locals.sessionCookie = cookie;
    try {
      const res = await createApiClient(event.fetch, event.locals.lang, cookie).me.$get();
      if (res.ok) event.locals.user = await res.json();
    } catch {
      // The API is down: the page renders signed out and says so where it needs the API.
    }
  }
  return resolve(event);
};

export const handle = sequence(i18n, session);

// Expected errors (error(404, …)) never reach here; only the unexpected are logged.
export const handleError: HandleServerError = ({ error, event, status, message }) => {
  const id = crypto.randomUUID();
  console.error(
    JSON.stringify({ level: 'error', id, status, path: event.url.pathname, error: String(error) }),
  );
  return {
    message:
      event.locals.lang === 'en'
        ? `${message} (ref ${id})`
        : `服务器出错了，请稍后再试（编号 ${id}）`,
    code: 'INTERNAL',
  };
};
