import type { Cookies } from '@sveltejs/kit';

// The API's better-auth session cookie, re-set on the web app's own origin so that the browser
// only ever talks to the web app. In production better-auth prefixes it with __Secure-.
const sessionCookieNames = ['__Secure-jiedui.session_token', 'jiedui.session_token'];

/** The session cookie to forward to the API, as a Cookie header value, or undefined. */
export function sessionCookieHeader(cookies: Cookies): string | undefined {
  for (const name of sessionCookieNames) {
    // Forward the value exactly as the API set it (already URL-encoded and signed).
    const value = cookies.get(name, { decode: (v) => v });
    if (value) return `${name}=${value}`;
  }
  return undefined;
}

/** Copies the session cookie from an API response onto the web app's origin. */
export function adoptSessionCookie(response: Response, cookies: Cookies, secure: boolean): boolean {
  const header = response.headers.get('set-cookie');
  if (!header) return false;
  for (const name of sessionCookieNames) {
    const match = new RegExp(
      `(?:^|,\\s*)${name.replace(/[.$]/g, '\\$&')}=([^;]*)(?:;[^,]*?Max-Age=(\\d+))?`,
    ).exec(header);
    if (match?.[1]) {
      cookies.set(name, match[1], {
        path: '/',
        httpOnly: true,
        sameSite: 'lax',
        secure,
        maxAge: match[2] ? Number(match[2]) : 60 * 60 * 24 * 14,
        encode: (v) => v,
      });
      return true;
    }
  }
  return false;
}

export function clearSessionCookie(cookies: Cookies) {
  for (const name of sessionCookieNames) cookies.delete(name, { path: '/' });
}
