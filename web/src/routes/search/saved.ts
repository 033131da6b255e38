import { fail } from '@sveltejs/kit';
import { m } from '$lib/paraglide/messages';
import { createApiClient } from '$lib/server/api';
import { apiErrors, text } from '$lib/server/forms';
import type { FieldCode } from '$lib/taxonomy';

// Saved searches, shared by both search pages (and the expert's feed): a search is its filters,
// stored through the API (own-only) and replayed as a query string.

export type SavedKind = 'problems' | 'experts';
type Api = ReturnType<typeof createApiClient>;

export async function listSaved(api: Api, kind: SavedKind) {
  const res = await api['saved-searches'].$get({ query: { kind, limit: '50' } });
  return res.ok ? (await res.json()).items : [];
}

type Query = {
  q?: string;
  fields?: FieldCode[];
  town?: string;
  industry?: string;
  status?: 'open' | 'in_progress' | 'solved' | 'closed';
  university?: string;
  available?: boolean;
};

/** The filters of a URL as a saved query (only the known, non-empty ones). */
export function queryFromParams(params: URLSearchParams): Query {
  const get = (key: string) => params.get(key)?.trim() ?? '';
  const fields = params
    .getAll('fields')
    .flatMap((f) => f.split(','))
    .filter(Boolean);
  const status = get('status');
  return {
    ...(get('q') ? { q: get('q') } : {}),
    // The API checks each code against the taxonomy.
    ...(fields.length > 0 ? { fields: fields as FieldCode[] } : {}),
    ...(get('town') ? { town: get('town') } : {}),
    ...(get('industry') ? { industry: get('industry') } : {}),
    ...(['open', 'in_progress', 'solved', 'closed'].includes(status)
      ? { status: status as Query['status'] }
      : {}),
    ...(get('university') ? { university: get('university') } : {}),
    ...(get('available') === 'true' ? { available: true } : {}),
  };
}

/** A saved query back as the query string of its page. */
export function paramsFromQuery(query: Query): string {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) {
    if (value === undefined) continue;
    if (Array.isArray(value)) for (const item of value) params.append(key, item);
    else params.set(key, String(value));
  }
  return params.toString();
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
