import type { FieldCode } from '$lib/taxonomy';

// A saved search is its filters: read from a page's query string and written back into one.

export interface SavedQuery {
  q?: string;
  fields?: FieldCode[];
  town?: string;
  industry?: string;
  status?: 'open' | 'in_progress' | 'solved' | 'closed';
  university?: string;
  available?: boolean;
}

/** The filters of a URL as a saved query (only the known, non-empty ones). */
export function queryFromParams(params: URLSearchParams): SavedQuery {
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
      ? { status: status as SavedQuery['status'] }
      : {}),
    ...(get('university') ? { university: get('university') } : {}),
    ...(get('available') === 'true' ? { available: true } : {}),
  };
}

/** A saved query back as the query string of its page. */
export function paramsFromQuery(query: SavedQuery): string {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query) as [
    string,
    string | number | boolean | readonly string[] | undefined,
  ][]) {
    if (value === undefined) continue;
    if (Array.isArray(value)) for (const item of value) params.append(key, String(item));
    else params.set(key, String(value));
  }
  return params.toString();
}
