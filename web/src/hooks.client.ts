import type { HandleClientError } from '@sveltejs/kit';
import { m } from '$lib/paraglide/messages';

// The browser's half of the error funnel: an unexpected error in a client-side load or
// navigation renders the same +error page as the server's, in the user's language.
export const handleError: HandleClientError = ({ error, status }) => {
  console.error(error);
  return { message: status === 404 ? m.error_not_found() : m.error_server(), code: 'INTERNAL' };
};
