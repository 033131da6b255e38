import { redirect } from '@sveltejs/kit';
import type { PageServerLoad } from './$types';

// The API's reset mail links to /reset-password?token=…; the page lives at /reset.
export const load: PageServerLoad = ({ url }) => {
  redirect(307, `/reset${url.search}`);
};
