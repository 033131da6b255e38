import { redirect } from '@sveltejs/kit';
import { createApiClient } from '$lib/server/api';
import type { LayoutServerLoad } from './$types';

// Every office page: staff only, with what waits for them in the navigation. The counts are
// streamed (not awaited) so that a page never waits for them: on the local store counting
// scans whole collections (README, Findings).
export const load: LayoutServerLoad = ({ locals, fetch }) => {
  if (locals.user?.role !== 'officer' && locals.user?.role !== 'admin') redirect(303, '/');
  const counts = createApiClient(fetch, locals.lang, locals.sessionCookie)
    .office.counts.$get()
    .then(async (res) => (res.ok ? await res.json() : null))
    .catch(() => null);
  return { officeCounts: counts };
};
