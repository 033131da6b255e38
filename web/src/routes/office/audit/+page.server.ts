import { error } from '@sveltejs/kit';
import { createApiClient } from '$lib/server/api';
import type { PageServerLoad } from './$types';

const entities = [
  'organisation',
  'expert',
  'problem',
  'engagement',
  'programme',
  'pairing',
  'outcome',
  'user',
] as const;
const types = [
  'created',
  'updated',
  'transition',
  'viewed',
  'note',
  'verification',
  'membership',
] as const;
const date = /^\d{4}-\d{2}-\d{2}$/;

/** The day after a calendar date: the audit viewer's "to" includes the day it names. */
function nextDay(day: string): string {
  const next = new Date(`${day}T00:00:00Z`);
  next.setUTCDate(next.getUTCDate() + 1);
  return next.toISOString().slice(0, 10);
}

export const load: PageServerLoad = async ({ locals, fetch, url }) => {
  const get = (key: string) => url.searchParams.get(key)?.trim() ?? '';
  const filters = {
    entity: (entities as readonly string[]).includes(get('entity')) ? get('entity') : '',
    entityId: get('entityId').slice(0, 40),
    actorId: get('actorId').slice(0, 60),
    type: (types as readonly string[]).includes(get('type')) ? get('type') : '',
    from: date.test(get('from')) ? get('from') : '',
    to: date.test(get('to')) ? get('to') : '',
  };
  const cursor = get('cursor');
  const res = await createApiClient(fetch, locals.lang, locals.sessionCookie).events.$get({
    query: {
      limit: '50',
      ...(filters.entity ? { entity: filters.entity as (typeof entities)[number] } : {}),
      ...(filters.entityId ? { entityId: filters.entityId } : {}),
      ...(filters.actorId ? { actorId: filters.actorId } : {}),
      ...(filters.type ? { type: filters.type as (typeof types)[number] } : {}),
      ...(filters.from ? { from: filters.from } : {}),
      ...(filters.to ? { to: nextDay(filters.to) } : {}),
      ...(cursor ? { cursor } : {}),
    },
  });
  if (!res.ok) error(res.status === 400 ? 400 : 502, 'API');
  const page = await res.json();
  return {
    filters,
    events: page.items,
    nextCursor: page.nextCursor,
    paged: cursor !== '',
    entities,
    types,
  };
};
