import type { Cookies } from '@sveltejs/kit';
import { describe, expect, it } from 'vitest';
import { adoptSessionCookie, sessionCookieHeader } from './session';

function fakeCookies() {
  const jar = new Map<string, { value: string; options: Record<string, unknown> }>();
  const cookies = {
    get: (name: string) => jar.get(name)?.value,
    set: (name: string, value: string, options: Record<string, unknown>) =>
      jar.set(name, { value, options }),
    delete: (name: string) => jar.delete(name),
  } as unknown as Cookies;
  return { cookies, jar };
}

describe('session cookie relay', () => {
  it('re-sets the API session cookie on the web origin, exactly as signed, HttpOnly and Lax', () => {
    const { cookies, jar } = fakeCookies();
    const res = new Response(null, {
      headers: {
        'set-cookie':
          'jiedui.session_token=abc.def%2Fg%3D; Max-Age=1209600; Path=/; HttpOnly; SameSite=Lax',
      },
    });
    expect(adoptSessionCookie(res, cookies, false)).toBe(true);
    expect(jar.get('jiedui.session_token')).toMatchObject({
      value: 'abc.def%2Fg%3D',
      options: { httpOnly: true, sameSite: 'lax', secure: false, maxAge: 1209600, path: '/' },
    });
    expect(sessionCookieHeader(cookies)).toBe('jiedui.session_token=abc.def%2Fg%3D');
  });

  it('keeps the __Secure- name used in production and ignores responses without a session', () => {
    const { cookies, jar } = fakeCookies();
    const res = new Response(null, {
      headers: {
        'set-cookie':
          '__Secure-jiedui.session_token=xyz; Max-Age=60; Path=/; HttpOnly; Secure; SameSite=Lax',
      },
    });
    expect(adoptSessionCookie(res, cookies, true)).toBe(true);
    expect(jar.get('__Secure-jiedui.session_token')?.options).toMatchObject({
      secure: true,
      maxAge: 60,
    });
    expect(adoptSessionCookie(new Response(null), fakeCookies().cookies, true)).toBe(false);
  });
});
