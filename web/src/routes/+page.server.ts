import { createApiClient } from '$lib/server/api';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ fetch, locals }) => {
  const api = createApiClient(fetch, locals.lang);
  try {
    const res = await api.ready.$get();
    const body = await res.json();
    return { reachable: true as const, readiness: body };
  } catch {
    return { reachable: false as const, readiness: null };
  }
};
