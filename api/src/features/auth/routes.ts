import { z } from 'zod';
import { ApiError } from '../../lib/errors.js';
import { createRouter } from '../../lib/router.js';
import type { ActorResolver } from '../access/actor.js';
import type { Auth } from './auth.js';
import type { Lockout } from './lockout.js';

const SignInSchema = z.object({ email: z.string().max(320) }).loose();

/**
 * /auth/* is better-auth's handler, fronted here for one thing better-auth lacks: a
 * per-account sign-in lock (lockout.ts). Everything else passes straight through.
 */
export function authRoutes(auth: Auth, lockout: Lockout) {
  const routes = createRouter();
  routes.post('/sign-in/email', async (c) => {
    const parsed = SignInSchema.safeParse(
      await c.req.raw
        .clone()
        .json()
        .catch(() => null),
    );
    if (!parsed.success) return auth.handler(c.req.raw);
    const email = parsed.data.email;
    const state = await lockout.check(email);
    if (!state.allowed) {
      c.header('retry-after', String(state.retryAfterSeconds));
      const minutes = Math.ceil(state.retryAfterSeconds / 60);
      throw new ApiError('RATE_LIMITED', {
        message:
          state.reason === 'locked'
            ? {
                zh: `登录失败次数过多，账户已临时锁定，请 ${minutes} 分钟后再试，或通过“忘记密码”重置后立即登录。`,
                en: `Too many failed sign-ins: locked for ${minutes} min. Reset your password to get back in now.`,
              }
            : {
                zh: `登录失败次数较多，请 ${state.retryAfterSeconds} 秒后再试。`,
                en: `Too many failed sign-ins; try again in ${state.retryAfterSeconds} s.`,
              },
        details: { reason: state.reason, retryAfterSeconds: state.retryAfterSeconds },
      });
    }
    const res = await auth.handler(c.req.raw);
    if (res.status === 401) await lockout.recordFailure(email);
    if (res.ok) await lockout.clear(email);
    return res;
  });
  routes.on(['GET', 'POST'], '/*', (c) => auth.handler(c.req.raw));
  return routes;
}

/** Resolves the acting user from the session cookie (or bearer token) of a request. */
export function sessionResolver(auth: Auth): ActorResolver {
  return async (request) => {
    const session = await auth.api.getSession({ headers: request.headers });
    if (!session) return null;
    const user = session.user as typeof session.user & {
      role?: string;
      organisationId?: string | null;
      expertId?: string | null;
      status?: string;
    };
    if (user.status === 'suspended') return null;
    const role = (user.role ?? 'pending') as NonNullable<
      Awaited<ReturnType<ActorResolver>>
    >['role'];
    return {
      userId: user.id,
      role,
      name: user.name,
      ...(user.organisationId ? { organisationId: user.organisationId } : {}),
      ...(user.expertId ? { expertId: user.expertId } : {}),
    };
  };
}
