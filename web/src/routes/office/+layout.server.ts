import { redirect } from '@sveltejs/kit';
import { createApiClient } from '$lib/server/api';
import type { LayoutServerLoad } from './$types';

// Every office page: staff only, with what waits for them in the navigation.
export const load: LayoutServerLoad = async ({ locals, fetch }) => {
  if (locals.user?.role !== 'officer' && locals.user?.role !== 'admin') redirect(303, '/');
  const res = await createApiClient(fetch, locals.lang, locals.sessionCookie).office.counts.$get();
  return { officeCounts: res.ok ? await res.json() : null };
};
