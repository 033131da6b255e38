import { env } from '$env/dynamic/private';
import type { AppType } from '@jiedui/api';
import { hc } from 'hono/client';

/** The one typed client of the Jiedui API; every server load and action goes through it. */
export function createApiClient(fetchImpl: typeof fetch, lang: 'zh' | 'en') {
  const baseUrl = env.API_URL ?? 'http://127.0.0.1:8787';
  return hc<AppType>(baseUrl, {
    fetch: fetchImpl,
    headers: { 'accept-language': lang === 'en' ? 'en' : 'zh-CN' },
  });
}

export type ApiClient = ReturnType<typeof createApiClient>;
