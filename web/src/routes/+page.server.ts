import { createApiClient } from '$lib/server/api';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ fetch, locals }) => {
  try {
    const res = await createApiClient(fetch, locals.lang).ready.$get();
    return { readiness: await res.json() };
  } catch {
    return { readiness: null };
  }
};
