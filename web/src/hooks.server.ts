import type { Handle, HandleServerError } from '@sveltejs/kit';
import { chooseLang } from '$lib/lang';

export const handle: Handle = async ({ event, resolve }) => {
  event.locals.lang = chooseLang(
    event.cookies.get('lang'),
    event.request.headers.get('accept-language'),
  );
  return resolve(event, {
    transformPageChunk: ({ html }) =>
      html.replace('%lang%', event.locals.lang === 'en' ? 'en' : 'zh-CN'),
  });
};

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
