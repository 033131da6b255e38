// A separate process that imports a file, as the API does: started by kill.test.ts, which
// kills it with SIGKILL half way. Arguments: the store URL, the database name and the CSV file.
// Prints the import's answer as JSON on stdout when it gets that far.
import { readFileSync } from 'node:fs';
import { createApp } from '../../src/app.js';
import type { Actor } from '../../src/features/access/actor.js';
import { createLogger } from '../../src/lib/logger.js';
import { connectStore } from '../../src/lib/mongo.js';
import { createEmbeddedEngine } from '../../src/search/embedded.js';

const [url, dbName, file] = process.argv.slice(2);
if (!url || !dbName || !file) throw new Error('usage: import-child.ts <url> <db> <file.csv>');
const officer: Actor = {
  userId: 'usr_officer',
  role: 'officer',
  name: '王科长',
  organisationId: 'org_office',
};

const store = await connectStore(url, dbName);
const search = createEmbeddedEngine();
const app = createApp({
  db: store.db,
  search,
  logger: createLogger('silent'),
  resolveActor: () => Promise.resolve(officer),
});
const res = await app.request('/imports/experts?wait=true', {
  method: 'POST',
  headers: { 'content-type': 'text/csv' },
  body: readFileSync(file),
});
process.stdout.write(`${JSON.stringify({ status: res.status, body: await res.json() })}\n`);
await search.close();
await store.close();
