import { paraglideVitePlugin } from '@inlang/paraglide-js';
import { sveltekit } from '@sveltejs/kit/vite';
import tailwindcss from '@tailwindcss/vite';
import { defineConfig } from 'vitest/config';

export default defineConfig({
  plugins: [
    tailwindcss(),
    sveltekit(),
    // Messages are compiled at build time from messages/*.json; nothing is fetched (the plugin
    // modules in project.inlang point into node_modules, not at a CDN).
    paraglideVitePlugin({
      project: './project.inlang',
      outdir: './src/lib/paraglide',
      strategy: ['cookie', 'preferredLanguage', 'baseLocale'],
    }),
  ],
  test: {
    include: ['src/**/*.test.ts'],
  },
});
