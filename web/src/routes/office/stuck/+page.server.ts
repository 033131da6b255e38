import { error, fail, redirect } from '@sveltejs/kit';
import { createApiClient } from '$lib/server/api';
import { apiErrors, text } from '$lib/server/forms';
import type { Actions, PageServerLoad } from './$types';

const rules = ['problem_unengaged', 'invitation_unanswered', 'engagement_no_visit'] as const;
type Rule = (typeof rules)[number];
const isRule = (value: string | null): value is Rule =>
  (rules as readonly (string | null)[]).includes(value);

export const load: PageServerLoad = async ({ locals, fetch, url }) => {
  if (locals.user?.role !== 'officer' && locals.user?.role !== 'admin') redirect(303, '/');
  const rule = url.searchParams.get('rule');
  const res = await createApiClient(fetch, locals.lang, locals.sessionCookie).stuck.$get({
    query: { limit: '60', ...(isRule(rule) ? { rule } : {}) },
  });
  if (!res.ok) error(res.status, 'API');
  return { stuck: await res.json(), rule: isRule(rule) ? rule : null };
};

const channels = ['phone', 'visit', 'wechat', 'email', 'meeting', 'other'] as const;

export const actions: Actions = {
  log: async ({ request, fetch, locals }) => {
    const form = await request.formData();
    const key = text(form, 'key');
    const channel = text(form, 'channel');
    const contactedAt = text(form, 'contactedAt');
    const res = await createApiClient(fetch, locals.lang, locals.sessionCookie).stuck[
      ':key'
    ].log.$post({
      param: { key },
      json: {
        contact: text(form, 'contact'),
        channel: (channels as readonly string[]).includes(channel)
          ? (channel as (typeof channels)[number])
          : 'other',
        agreed: text(form, 'agreed'),
        ...(contactedAt ? { contactedAt } : {}),
      },
    });
    if (!res.ok) return fail(400, { key, action: 'log', ...(await apiErrors(res)) });
    return { key, action: 'log', done: true };
  },
  remind: async ({ request, fetch, locals }) => {
    const form = await request.formData();
    const key = text(form, 'key');
    const note = text(form, 'note');
    const res = await createApiClient(fetch, locals.lang, locals.sessionCookie).stuck[
      ':key'
    ].remind.$post({ param: { key }, json: note ? { note } : {} });
    if (!res.ok) return fail(400, { key, action: 'remind', ...(await apiErrors(res)) });
    const entry = await res.json();
    return {
      key,
      action: 'remind',
      done: true,
      names: (entry.recipients ?? []).join('、'),
      mailed: entry.mailed ?? 0,
    };
  },
  resolve: async ({ request, fetch, locals }) => {
    const form = await request.formData();
    const key = text(form, 'key');
    const res = await createApiClient(fetch, locals.lang, locals.sessionCookie).stuck[
      ':key'
    ].resolve.$post({ param: { key }, json: { note: text(form, 'note') } });
    if (!res.ok) return fail(400, { key, action: 'resolve', ...(await apiErrors(res)) });
    return { key, action: 'resolve', done: true };
  },
};
