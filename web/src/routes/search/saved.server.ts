import { fail, redirect } from '@sveltejs/kit';
import { m } from '$lib/paraglide/messages';
import { createApiClient } from '$lib/server/api';
import { apiErrors, text } from '$lib/server/forms';
import { queryFromParams, type SavedQuery } from './saved';

// Saved searches, shared by both search pages (and the expert's feed): a search is its filters,
// stored through the API (own-only) and replayed as a query string.

export type SavedKind = 'problems' | 'experts';
type Api = ReturnType<typeof createApiClient>;

export async function listSaved(api: Api, kind: SavedKind) {
  const res = await api['saved-searches'].$get({ query: { kind, limit: '50' } });
  return res.ok ? (await res.json()).items : [];
}

const pageSize = 20;

/**
 * What a search page loads: the filters of its URL, one page of results (null when the search
 * is unavailable) through `search`, and the reader's saved searches of that kind.
 */
export async function loadSearchPage<Result>(
  { locals, fetch, url }: { locals: App.Locals; fetch: typeof globalThis.fetch; url: URL },
  kind: SavedKind,
  search: (api: Api, query: SavedQuery, page: { limit: string; offset: string }) => Promise<Result>,
) {
  if (!locals.user) redirect(303, '/sign-in');
  const api = createApiClient(fetch, locals.lang, locals.sessionCookie);
  const query = queryFromParams(url.searchParams);
  const offset = Math.max(0, Math.min(980, Number(url.searchParams.get('offset') ?? 0) || 0));
  const [result, saved] = await Promise.all([
    search(api, query, { limit: String(pageSize), offset: String(offset) }),
    listSaved(api, kind),
  ]);
  return { query, offset, pageSize, result, saved };
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
