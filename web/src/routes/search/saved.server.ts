import { fail } from '@sveltejs/kit';
import { m } from '$lib/paraglide/messages';
import { createApiClient } from '$lib/server/api';
import { apiErrors, text } from '$lib/server/forms';
import { queryFromParams } from './saved';

// Saved searches, shared by both search pages (and the expert's feed): a search is its filters,
// stored through the API (own-only) and replayed as a query string.

export type SavedKind = 'problems' | 'experts';
type Api = ReturnType<typeof createApiClient>;

export async function listSaved(api: Api, kind: SavedKind) {
  const res = await api['saved-searches'].$get({ query: { kind, limit: '50' } });
  return res.ok ? (await res.json()).items : [];
}

export function savedSearchActions(kind: SavedKind) {
  return {
    save: async ({
      request,
      fetch,
      locals,
    }: {
      request: Request;
      fetch: typeof globalThis.fetch;
      locals: App.Locals;
    }) => {
      const form = await request.formData();
      const query = queryFromParams(new URLSearchParams(text(form, 'query')));
      // An empty name or query falls back too, hence || rather than ??.
      // eslint-disable-next-line @typescript-eslint/prefer-nullish-coalescing
      const name = text(form, 'name') || query.q || m.saved_searches();
      const res = await createApiClient(fetch, locals.lang, locals.sessionCookie)[
        'saved-searches'
      ].$post({ json: { name, kind, query, notify: false } });
      if (!res.ok) return fail(400, await apiErrors(res));
      return { message: m.saved_search_saved() };
    },
    deleteSaved: async ({
      request,
      fetch,
      locals,
    }: {
      request: Request;
      fetch: typeof globalThis.fetch;
      locals: App.Locals;
    }) => {
      const id = text(await request.formData(), 'id');
      const res = await createApiClient(fetch, locals.lang, locals.sessionCookie)['saved-searches'][
        ':id'
      ].$delete({ param: { id } });
      if (!res.ok) return fail(400, await apiErrors(res));
      return { message: m.saved_search_deleted() };
    },
  };
}
