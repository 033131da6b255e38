import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { Scalar } from '@scalar/hono-api-reference';
import { createRouter } from '../../lib/router.js';

// The API reference page loads its script from this API, never from a CDN: the machines that
// run Jiedui may have no internet access.
const scriptPath = createRequire(import.meta.url).resolve(
  '@scalar/api-reference/browser/standalone.js',
);
let script: Promise<Buffer> | undefined;

export const docsRoutes = createRouter();

docsRoutes.get(
  '/',
  Scalar({
    url: '/openapi.json',
    cdn: '/docs/scalar.js',
    pageTitle: '结对 Jiedui API',
    hideClientButton: true,
  }),
);

docsRoutes.get('/scalar.js', async (c) => {
  script ??= readFile(scriptPath);
  c.header('content-type', 'text/javascript; charset=utf-8');
  c.header('cache-control', 'public, max-age=86400');
  return c.body(new Uint8Array(await script));
});
