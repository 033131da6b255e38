import { createApiClient } from '$lib/server/api';
import type { PageServerLoad } from './$types';

type Verification = 'pending' | 'info_requested' | 'verified' | 'rejected';

export const load: PageServerLoad = async ({ fetch, locals }) => {
  const api = createApiClient(fetch, locals.lang, locals.sessionCookie);
  const user = locals.user;
  // A signed-in company or expert sees where its verification stands and what to do next.
  const verification = async (): Promise<Verification | null> => {
    try {
      if (user?.role === 'expert' && user.expertId) {
        const res = await api.experts[':id'].$get({ param: { id: user.expertId } });
        return res.ok ? (await res.json()).verification : null;
      }
      if (user?.organisationId && user.role.startsWith('company')) {
        const res = await api.organisations[':id'].$get({ param: { id: user.organisationId } });
        return res.ok ? (await res.json()).verification : null;
      }
    } catch {
      // The API is down: the status section below says so.
    }
    return null;
  };
  const readiness = async () => {
    try {
      const res = await api.ready.$get();
      return await res.json();
    } catch {
      return null;
    }
  };
  const [state, ready] = await Promise.all([verification(), readiness()]);
  return { readiness: ready, verification: state };
};
