import { hash, verify } from '@node-rs/argon2';
import { betterAuth } from 'better-auth';
import { APIError } from 'better-auth/api';
import { mongodbAdapter } from 'better-auth/adapters/mongodb';
import type { Db } from 'mongodb';
import type { Mailer } from '../../lib/mailer.js';
import { createUserRepository } from '../users/repository.js';
import type { Lockout } from './lockout.js';

// argon2id with OWASP's second recommended profile (19 MiB, 2 passes); the binary ships inside
// the registry package, so nothing downloads at install.
const argon2Options = { algorithm: 2, memoryCost: 19_456, timeCost: 2, parallelism: 1 } as const;

export interface AuthConfig {
  lockout: Lockout;
  db: Db;
  secret: string;
  /** The API's own public URL (where /auth lives). */
  baseURL: string;
  /** Where the web app lives: links in mails point there, and its origin may call /auth. */
  webURL: string;
  production: boolean;
  mailer: Mailer;
  /** Rate limits are per IP; tests that sign in many times from one address turn them off. */
  rateLimit?: boolean;
}

export function createAuth(config: AuthConfig) {
  const users = createUserRepository(config.db);
  return betterAuth({
    appName: '结对 Jiedui',
    secret: config.secret,
    baseURL: config.baseURL,
    basePath: '/auth',
    trustedOrigins: [config.webURL, config.baseURL],
    database: mongodbAdapter(config.db, { transaction: false }),
    telemetry: { enabled: false },
    emailAndPassword: {
      enabled: true,
      minPasswordLength: 10,
      maxPasswordLength: 128,
      autoSignIn: true,
      revokeSessionsOnPasswordReset: true,
      resetPasswordTokenExpiresIn: 60 * 60,
      password: {
        hash: (password) => hash(password, argon2Options),
        verify: ({ hash: stored, password }) => verify(stored, password),
      },
      // A new password lifts a sign-in lock: the owner can always get back in.
      onPasswordReset: async ({ user }) => {
        await config.lockout.clear(user.email);
      },
      sendResetPassword: async ({ user, token }) => {
        const link = `${config.webURL}/reset-password?token=${encodeURIComponent(token)}`;
        await config.mailer.send({
          kind: 'reset-password',
          to: user.email,
          subject: '结对平台：重置密码 / Reset your Jiedui password',
          text: `您好，请在一小时内打开以下链接重置密码：\n${link}\n\nOpen this link within an hour to reset your password:\n${link}\n\n如果不是您本人操作，请忽略此邮件。 If you did not ask for this, ignore this mail.`,
        });
      },
    },
    // An address is confirmed by a link mailed on sign-up (and again on request from
    // /verify-email). Signing in does not wait for it: what unlocks the platform is the talent
    // office's verification of the person's organisation or expert profile.
    emailVerification: {
      sendOnSignUp: true,
      autoSignInAfterVerification: true,
      expiresIn: 60 * 60 * 24,
      sendVerificationEmail: async ({ user, token }) => {
        const link = `${config.webURL}/verify-email?token=${encodeURIComponent(token)}`;
        await config.mailer.send({
          kind: 'verify-email',
          to: user.email,
          subject: '结对平台：确认邮箱 / Confirm your email for Jiedui',
          text: `您好，请在 24 小时内打开以下链接确认您的邮箱：\n${link}\n\nOpen this link within 24 hours to confirm your email address:\n${link}\n\n如果不是您本人注册，请忽略此邮件。 If you did not sign up, ignore this mail.`,
        });
      },
    },
    user: {
      additionalFields: {
        role: { type: 'string', required: false, input: false, defaultValue: 'pending' },
        organisationId: { type: 'string', required: false, input: false },
        expertId: { type: 'string', required: false, input: false },
        status: { type: 'string', required: false, input: false, defaultValue: 'active' },
      },
    },
    databaseHooks: {
      session: {
        create: {
          // A suspended account gets no new session, whatever its password.
          before: async (session) => {
            const user = await users.get(session.userId);
            if (user?.status === 'suspended') {
              throw new APIError('FORBIDDEN', {
                code: 'ACCOUNT_SUSPENDED',
                message:
                  '该账户已被人才办停用，请联系人才办。 / This account is suspended; contact the talent office.',
              });
            }
          },
        },
      },
    },
    session: {
      expiresIn: 60 * 60 * 24 * 14,
      updateAge: 60 * 60 * 24,
    },
    rateLimit: {
      enabled: config.rateLimit ?? true,
      window: 60,
      max: 100,
      customRules: {
        '/sign-in/email': { window: 60, max: 10 },
        '/sign-up/email': { window: 60 * 60, max: 20 },
        '/request-password-reset': { window: 60 * 60, max: 10 },
        '/reset-password': { window: 60 * 60, max: 20 },
      },
    },
    advanced: {
      cookiePrefix: 'jiedui',
      useSecureCookies: config.production,
      defaultCookieAttributes: { httpOnly: true, sameSite: 'lax', secure: config.production },
      ipAddress: { ipAddressHeaders: ['x-forwarded-for', 'x-real-ip'] },
    },
  });
}

export type Auth = ReturnType<typeof createAuth>;
