import { randomBytes } from 'node:crypto';
import { inject } from 'vitest';
import { createApp, createRepositories, ensureIndexes } from '../src/app.js';
import { createAuth } from '../src/features/auth/auth.js';
import { createLockout } from '../src/features/auth/lockout.js';
import { createLogger } from '../src/lib/logger.js';
import { createMemoryMailer } from '../src/lib/mailer.js';
import { connectStore, type Store } from '../src/lib/mongo.js';
import type { Actor, ActorResolver } from '../src/features/access/actor.js';
import { createEmbeddedEngine } from '../src/search/embedded.js';
import type { SearchEngine } from '../src/search/index.js';

export const testApiURL = 'http://localhost:8787';
export const testWebURL = 'http://localhost:3000';

export interface TestContext {
  store: Store;
  app: ReturnType<typeof createApp>;
  mailer: ReturnType<typeof createMemoryMailer>;
  close(): Promise<void>;
}

/**
 * Test requests name their actor in this header (URI-encoded JSON). Only the test app reads
 * it: production resolves actors from sessions.
 */
export const actorHeader = 'x-test-actor';

export function actorHeaders(actor: Actor | null): Record<string, string> {
  return actor ? { [actorHeader]: encodeURIComponent(JSON.stringify(actor)) } : {};
}

const testResolver: ActorResolver = (request) => {
  const raw = request.headers.get(actorHeader);
  return Promise.resolve(raw ? (JSON.parse(decodeURIComponent(raw)) as Actor) : null);
};

export interface TestClock {
  now: Date;
  advanceDays(days: number): void;
}

/** An app on its own fresh database in the shared test server; close() disconnects. */
export async function createTestContext(
  options: {
    search?: SearchEngine;
    bodyLimit?: number;
    clock?: TestClock;
    /** Real better-auth sessions instead of the test actor header. */
    auth?: { rateLimit?: boolean; production?: boolean };
  } = {},
): Promise<TestContext> {
  const clock = options.clock;
  const store = await connectStore(inject('mongoUrl'), `test_${randomBytes(6).toString('hex')}`);
  const repos = createRepositories(store.db);
  await ensureIndexes(repos);
  const mailer = createMemoryMailer();
  const now = () => new Date(clock?.now ?? Date.now());
  const lockout = createLockout(store.db, now);
  const auth = options.auth
    ? createAuth({
        db: store.db,
        secret: 'test-secret-test-secret-test-secret-0',
        baseURL: testApiURL,
        webURL: testWebURL,
        production: options.auth.production ?? false,
        mailer,
        lockout,
        rateLimit: options.auth.rateLimit ?? false,
      })
    : undefined;
  const app = createApp({
    db: store.db,
    search: options.search ?? createEmbeddedEngine(),
    logger: createLogger('silent'),
    bodyLimit: options.bodyLimit,
    ...(auth ? { auth: { auth, lockout } } : { resolveActor: testResolver }),
    mailer,
    webURL: testWebURL,
    trustedOrigins: [testWebURL],
    ...(options.clock ? { clock: () => new Date(clock?.now ?? Date.now()) } : {}),
  });
  return {
    store,
    app,
    mailer,
    // The database is left to the run's temporary server (its folder goes at the end):
    // FerretDB deletes a dropped database's SQLite file at once, and a background task of this
    // app still reading it (the notifier, the indexer, the facts cache) then crashed the server
    // with SIGBUS on its WAL index mapping.
    async close() {
      await store.close();
    },
  };
}

export function jsonRequest(
  method: string,
  body: unknown,
  headers: Record<string, string> = {},
): RequestInit {
  return {
    method,
    headers: { 'content-type': 'application/json', ...headers },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  };
}

const creditAlphabet = '0123456789ABCDEFGHJKLMNPQRTUWXY';

/** A valid 统一社会信用代码 for the n-th test company (division 330183, a county in Zhejiang). */
export function testCreditCode(n: number): string {
  let body = '';
  let rest = n;
  for (let i = 0; i < 9; i++) {
    body = creditAlphabet.charAt(rest % 31) + body;
    rest = Math.floor(rest / 31);
  }
  const first17 = `91330183${body}`;
  const weights = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28];
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += creditAlphabet.indexOf(first17.charAt(i)) * (weights[i] ?? 0);
  return first17 + creditAlphabet.charAt((31 - (sum % 31)) % 31);
}

/** A clock that tests move by hand. */
export function createTestClock(start: string): TestClock {
  const clock: TestClock = {
    now: new Date(start),
    advanceDays(days) {
      clock.now = new Date(clock.now.getTime() + days * 86_400_000);
    },
  };
  return clock;
}
