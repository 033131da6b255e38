import { error, fail, redirect } from '@sveltejs/kit';
import { createApiClient } from '$lib/server/api';
import { apiErrors, text } from '$lib/server/forms';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ locals, fetch, url }) => {
  if (!locals.user) redirect(303, '/sign-in');
  const unread = url.searchParams.get('unread') === 'true';
  const cursor = url.searchParams.get('cursor');
  const res = await createApiClient(fetch, locals.lang, locals.sessionCookie).notifications.$get({
    query: {
      limit: '30',
      ...(unread ? { unread: 'true' as const } : {}),
      ...(cursor ? { cursor } : {}),
    },
  });
  if (res.status === 400) redirect(303, '/notifications');
  if (!res.ok) error(res.status, 'API');
  return { page: await res.json(), unread, lang: locals.lang };
};

// Only paths of this app are followed, never another site.
const internal = (link: string) => (/^\/(?!\/)/.test(link) ? link : '/notifications');

export const actions: Actions = {
  read: async ({ request, fetch, locals }) => {
    const form = await request.formData();
    const api = createApiClient(fetch, locals.lang, locals.sessionCookie);
    const res = await api.notifications[':id'].read.$post({
      param: { id: text(form, 'id') },
      json: {},
    });
    if (!res.ok) return fail(res.status === 404 ? 404 : 400, await apiErrors(res));
    const link = text(form, 'link');
    if (link) redirect(303, internal(link));
    return { read: true };
  },
  readAll: async ({ fetch, locals }) => {
    const res = await createApiClient(fetch, locals.lang, locals.sessionCookie).notifications[
      'read-all'
    ].$post({ json: {} });
    if (!res.ok) return fail(400, await apiErrors(res));
    return { marked: (await res.json()).updated };
  },
};
