import { env } from '$env/dynamic/private';
import type { AppType } from '@jiedui/api';
import { hc } from 'hono/client';

export function apiBaseUrl(): string {
  return env.API_URL ?? 'http://127.0.0.1:8787';
}

/**
 * The one typed client of the Jiedui API; every server load and action goes through it. It
 * carries the user's language and session cookie.
 */
export function createApiClient(
  fetchImpl: typeof fetch,
  lang: 'zh' | 'en',
  sessionCookie?: string,
) {
  return hc<AppType>(apiBaseUrl(), {
    fetch: fetchImpl,
    headers: {
      'accept-language': lang === 'en' ? 'en' : 'zh-CN',
      ...(sessionCookie ? { cookie: sessionCookie } : {}),
    },
  });
}

export type ApiClient = ReturnType<typeof createApiClient>;

/** The message of an API error envelope, or a fallback. */
export async function apiErrorMessage(res: Response, fallback: string): Promise<string> {
  try {
    const body = (await res.json()) as { error?: { message?: string }; message?: string };
    return body.error?.message ?? body.message ?? fallback;
  } catch {
    return fallback;
  }
}
