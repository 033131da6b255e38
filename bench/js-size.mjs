// Usage: pnpm --filter @jiedui/web run build && node bench/js-size.mjs
// Per page: the client JS a first visit loads (the app entry, the start chunk, the layout and
// the page's node, with their static imports), gzipped at level 9.
import { readFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
const out =
  process.argv[2] ?? fileURLToPath(new URL('../web/.svelte-kit/output/client', import.meta.url));
const manifest = JSON.parse(readFileSync(join(out, '.vite/manifest.json'), 'utf8'));
const size = new Map();
const gz = (file) => {
  if (!size.has(file)) size.set(file, gzipSync(readFileSync(join(out, file)), { level: 9 }).length);
  return size.get(file);
};
const closure = (key, seen = new Set()) => {
  const entry = manifest[key];
  if (!entry || seen.has(entry.file)) return seen;
  seen.add(entry.file);
  for (const dep of entry.imports ?? []) closure(dep, seen);
  return seen;
};
const keys = Object.keys(manifest);
const routeOf = (k) => {
  try {
    return /src\/routes(.*)"/.exec(readFileSync(join(out, '../../..', k), 'utf8'))?.[1] ?? k;
  } catch {
    return k;
  }
};
const base = new Set();
for (const k of keys) if (manifest[k].isEntry && !k.includes('/nodes/')) closure(k, base);
closure('.svelte-kit/generated/client-optimized/nodes/0.js', base);
const pages = keys.filter((k) => k.includes('client-optimized/nodes/') && !k.endsWith('/0.js'));
const rows = pages
  .map((k) => {
    const files = closure(k, new Set(base));
    const total = [...files].filter((f) => f.endsWith('.js')).reduce((s, f) => s + gz(f), 0);
    return [routeOf(k), total];
  })
  .sort((a, b) => b[1] - a[1]);
for (const [k, t] of rows) console.log((t / 1024).toFixed(1).padStart(7), 'KB', k);
const all = keys.map((k) => manifest[k].file).filter((f) => f.endsWith('.js'));
console.log(
  'all client JS together:',
  ([...new Set(all)].reduce((s, f) => s + gz(f), 0) / 1024).toFixed(1),
  'KB',
);
