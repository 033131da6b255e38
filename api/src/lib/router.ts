import { OpenAPIHono, z } from '@hono/zod-openapi';
import type { Semantic } from '../semantic/service.js';
import type { Db } from 'mongodb';
import type { Actor, ActorResolver } from '../features/access/actor.js';
import type { Auth } from '../features/auth/auth.js';
import type { Lockout } from '../features/auth/lockout.js';
import type { Mailer } from './mailer.js';
import type { Repositories } from '../features/repositories.js';
import type { SearchEngine } from '../search/index.js';
import { ApiError } from './errors.js';
import type { Lang } from './i18n.js';
import type { Logger } from './logger.js';

export interface AppDeps {
  db: Db;
  search: SearchEngine;
  logger: Logger;
  bodyLimit?: number;
  /** Largest import file (POST /imports/…); the other routes keep `bodyLimit`. Default 64 MiB. */
  importBodyLimit?: number;
  version?: string;
  /** Who is calling: sessions in production, a fixed actor in tests. */
  resolveActor?: ActorResolver;
  /** The clock every write reads; tests move it to check time-based rules. */
  clock?: () => Date;
  /** better-auth and the sign-in lock; without them every request is anonymous. */
  auth?: { auth: Auth; lockout: Lockout };
  mailer?: Mailer;
  /** The web app's public URL, for links in mails. */
  webURL?: string;
  /** Origins whose browsers may send cookie-authenticated writes (CSRF check). */
  trustedOrigins?: string[];
  /** Semantic matching (src/semantic); absent or disabled: lexical-only. */
  semantic?: Semantic;
}

export interface AppVariables {
  requestId: string;
  lang: Lang;
  log: Logger;
  deps: AppDeps;
  repos: Repositories;
  actor: Actor | null;
  now: () => Date;
}

export interface AppEnv {
  Variables: AppVariables;
}

/** Creates a router whose failed validations become one VALIDATION_FAILED envelope. */
export function createRouter() {
  return new OpenAPIHono<AppEnv>({
    defaultHook: (result) => {
      if (!result.success) {
        throw new ApiError('VALIDATION_FAILED', { details: z.flattenError(result.error) });
      }
    },
  });
}
