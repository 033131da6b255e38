import { defineConfig } from 'vitest/config';

// End-to-end tests: the built API and web app on a fresh local database, driven in Debian's
// Chromium. Run after `pnpm -r build` (npm test does this).
export default defineConfig({
  test: {
    include: ['e2e/**/*.e2e.ts'],
    globalSetup: ['e2e/global-setup.ts'],
    testTimeout: 60_000,
    hookTimeout: 120_000,
    fileParallelism: false,
  },
});
