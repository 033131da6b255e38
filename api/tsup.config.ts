import { defineConfig } from 'tsup';

// One file for production: workspace packages (TypeScript sources) are bundled in,
// registry packages stay external and come from node_modules.
export default defineConfig({
  entry: {
    index: 'src/index.ts',
    'embedded-worker': 'src/search/embedded-worker.ts',
    'embed-worker': 'src/semantic/embed-worker.ts',
  },
  format: ['esm'],
  platform: 'node',
  target: 'node20',
  sourcemap: true,
  clean: true,
  noExternal: [/^@jiedui\//],
});
