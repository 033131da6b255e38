import { bodyLimit } from 'hono/body-limit';
import { except } from 'hono/combine';
import { HTTPException } from 'hono/http-exception';
import { requestId } from 'hono/request-id';
import { secureHeaders } from 'hono/secure-headers';
import { MongoNetworkError, MongoServerSelectionError } from 'mongodb';
import { ApiError, defaultMessage, errorEnvelope, type ErrorCode } from './lib/errors.js';
import { pickLang } from './lib/i18n.js';
import { anonymousResolver } from './features/access/actor.js';
import { createRouter, type AppDeps } from './lib/router.js';

export type { AppDeps } from './lib/router.js';
export { createRepositories, ensureIndexes } from './features/repositories.js';
import { adminRoutes } from './features/admin/routes.js';
import { authRoutes, sessionResolver } from './features/auth/routes.js';
import { docsRoutes } from './features/docs/routes.js';
import { engagementRoutes } from './features/engagements/routes.js';
import { problemEngagementRoutes } from './features/engagements/problem-routes.js';
import { curationRoutes } from './features/curation/routes.js';
import { eventRoutes } from './features/events/routes.js';
import { expertRoutes } from './features/experts/routes.js';
import { publicationImportRoutes } from './features/experts/publication-routes.js';
import { exportRoutes } from './features/exports/routes.js';
import { importRoutes } from './features/imports/routes.js';
import { organisationRoutes } from './features/organisations/routes.js';
import { outcomeRoutes } from './features/outcomes/routes.js';
import { pairingRoutes } from './features/pairings/routes.js';
import { pairingRunRoutes } from './features/pairing-runs/routes.js';
import { problemRoutes } from './features/problems/routes.js';
import { statsRoutes } from './features/stats/routes.js';
import { matchingRoutes } from './features/matching/routes.js';
import { searchRoutes } from './features/search/routes.js';
import { notificationRoutes } from './features/notifications/routes.js';
import { installNotifier } from './features/notifications/service.js';
import { stuckRoutes } from './features/stuck/routes.js';
import { savedSearchRoutes } from './features/saved-searches/routes.js';
import { userRoutes } from './features/users/routes.js';
import { verificationRoutes } from './features/verification/routes.js';
import { createRepositories } from './features/repositories.js';
import { systemRoutes } from './features/system/routes.js';

function statusToCode(status: number): ErrorCode {
  if (status === 401) return 'UNAUTHENTICATED';
  if (status === 403) return 'FORBIDDEN';
  if (status === 404) return 'NOT_FOUND';
  if (status === 409) return 'CONFLICT';
  if (status === 413) return 'PAYLOAD_TOO_LARGE';
  if (status === 415) return 'UNSUPPORTED_MEDIA_TYPE';
  if (status === 429) return 'RATE_LIMITED';
  if (status >= 400 && status < 500) return 'BAD_REQUEST';
  return 'INTERNAL';
}

export function createApp(deps: AppDeps) {
  const repos = createRepositories(deps.db);
  installNotifier({ ...deps, repos });
  const app = createRouter();
  const resolveActor =
    deps.resolveActor ?? (deps.auth ? sessionResolver(deps.auth.auth) : anonymousResolver);
  const trusted = new Set(deps.trustedOrigins ?? []);

  app.use('*', requestId({ headerName: 'X-Request-Id' }));
  app.use('*', async (c, next) => {
    const id = c.get('requestId');
    c.set('lang', pickLang(c.req.header('accept-language')));
    c.set('log', deps.logger.child({ requestId: id }));
    c.set('deps', deps);
    c.set('repos', repos);
    c.set('now', deps.clock ?? (() => new Date()));
    c.set('actor', await resolveActor(c.req.raw));
    const started = performance.now();
    await next();
    c.get('log').info(
      {
        method: c.req.method,
        path: c.req.path,
        status: c.res.status,
        ms: Math.round((performance.now() - started) * 10) / 10,
      },
      'request',
    );
  });
  app.use('*', secureHeaders());
  const limitTo = (maxSize: number) =>
    bodyLimit({
      maxSize,
      onError: () => {
        throw new ApiError('PAYLOAD_TOO_LARGE');
      },
    });
  // Import files are spreadsheets of thousands of rows: their own, larger limit.
  const imports = ['/imports', '/imports/*'];
  app.use('*', except(imports, limitTo(deps.bodyLimit ?? 1_048_576)));
  for (const path of imports) app.use(path, limitTo(deps.importBodyLimit ?? 64 * 1_048_576));

  // CSRF: a browser always sends Origin with a cross-site write; a cookie-authenticated write
  // from an origin that is not ours is refused. Server-side callers (the web app's loads) send
  // no Origin and are unaffected. SameSite=Lax cookies are the second line.
  app.use('*', async (c, next) => {
    const origin = c.req.header('origin');
    const unsafe = !['GET', 'HEAD', 'OPTIONS'].includes(c.req.method);
    if (
      unsafe &&
      origin &&
      c.req.header('cookie') &&
      !trusted.has(origin) &&
      origin !== new URL(c.req.url).origin
    ) {
      throw new ApiError('FORBIDDEN', {
        message: { zh: '请求来源不受信任。', en: 'This request came from an untrusted origin.' },
      });
    }
    await next();
  });

  app.onError((error, c) => {
    const id = c.get('requestId');
    const lang = c.get('lang');
    if (error instanceof ApiError) {
      return c.json(
        errorEnvelope(error.code, error.localized[lang], id, error.details),
        error.status,
      );
    }
    if (error instanceof MongoServerSelectionError || error instanceof MongoNetworkError) {
      deps.logger.error({ requestId: id, err: error }, 'store unavailable');
      return c.json(
        errorEnvelope('STORE_UNAVAILABLE', defaultMessage('STORE_UNAVAILABLE', lang), id),
        503,
      );
    }
    if (error instanceof HTTPException) {
      const code = statusToCode(error.status);
      if (code === 'INTERNAL') deps.logger.error({ requestId: id, err: error }, 'http exception');
      return c.json(
        errorEnvelope(code, defaultMessage(code, lang), id),
        code === 'INTERNAL' ? 500 : error.status,
      );
    }
    deps.logger.error({ requestId: id, err: error }, 'unhandled error');
    return c.json(errorEnvelope('INTERNAL', defaultMessage('INTERNAL', lang), id), 500);
  });

  app.notFound((c) =>
    c.json(
      errorEnvelope('NOT_FOUND', defaultMessage('NOT_FOUND', c.get('lang')), c.get('requestId')),
      404,
    ),
  );

  const routes = app
    .route('/', systemRoutes)
    .route('/organisations', organisationRoutes)
    .route('/experts', expertRoutes)
    .route('/experts', publicationImportRoutes)
    .route('/problems', problemRoutes)
    .route('/problems', problemEngagementRoutes)
    .route('/problems', outcomeRoutes)
    .route('/engagements', engagementRoutes)
    .route('/', pairingRoutes)
    .route('/', pairingRunRoutes)
    .route('/events', eventRoutes)
    .route('/stats', statsRoutes)
    .route('/', curationRoutes)
    .route('/', userRoutes)
    .route('/', verificationRoutes)
    .route('/admin', adminRoutes)
    .route('/search', searchRoutes)
    .route('/saved-searches', savedSearchRoutes)
    .route('/', matchingRoutes)
    .route('/imports', importRoutes)
    .route('/exports', exportRoutes)
    .route('/notifications', notificationRoutes)
    .route('/stuck', stuckRoutes);

  app.route('/docs', docsRoutes);
  if (deps.auth) app.route('/auth', authRoutes(deps.auth.auth, deps.auth.lockout));

  app.doc31('/openapi.json', {
    openapi: '3.1.0',
    info: {
      title: 'Jiedui API',
      version: deps.version ?? '0.1.0',
      description:
        '结对 — university–enterprise technology matchmaking. Errors share one envelope.',
    },
  });

  return routes;
}

export type AppType = ReturnType<typeof createApp>;
