import { createUserRepository } from '../../src/features/users/repository.js';
import type { Role } from '../../src/features/access/actor.js';
import { testApiURL, testWebURL, type TestContext } from '../helpers.js';

export interface Browser {
  cookie: string;
  call(
    method: string,
    path: string,
    body?: unknown,
    headers?: Record<string, string>,
  ): Promise<{ status: number; body: any; headers: Headers }>;
}

function parseBody(text: string): unknown {
  if (!text) return null;
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

/** A client that keeps the session cookie, as a browser on the web app's origin would. */
export function browser(ctx: TestContext, ip = '10.0.0.1'): Browser {
  const client: Browser = {
    cookie: '',
    async call(method, path, body, headers = {}) {
      const res = await ctx.app.request(`${testApiURL}${path}`, {
        method,
        headers: {
          origin: testWebURL,
          'x-forwarded-for': ip,
          ...(body === undefined ? {} : { 'content-type': 'application/json' }),
          ...(client.cookie ? { cookie: client.cookie } : {}),
          ...headers,
        },
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      });
      const setCookie = res.headers.get('set-cookie');
      if (setCookie) {
        const pair = setCookie.split(';')[0] ?? '';
        client.cookie = pair.endsWith('=') ? '' : pair;
      }
      const text = await res.text();
      return { status: res.status, body: parseBody(text), headers: res.headers };
    },
  };
  return client;
}

export async function signUp(
  ctx: TestContext,
  email: string,
  password = 'correct horse battery',
  name = '测试用户',
) {
  const b = browser(ctx);
  const res = await b.call('POST', '/auth/sign-up/email', { email, password, name });
  if (res.status !== 200) throw new Error(`sign-up ${res.status} ${JSON.stringify(res.body)}`);
  return b;
}

/** Gives a user a role directly in the store: how the first admin is made. */
export async function grantRole(
  ctx: TestContext,
  email: string,
  role: Role,
  organisationId?: string,
) {
  const users = createUserRepository(ctx.store.db);
  const user = await users.getByEmail(email);
  if (!user) throw new Error(`no user ${email}`);
  await users.setMembership(user._id.toHexString(), {
    role,
    ...(organisationId ? { organisationId } : {}),
  });
  return user._id.toHexString();
}
