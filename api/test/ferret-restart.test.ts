import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort, startFerret } from '@jiedui/ferretdb';
import { MongoClient } from 'mongodb';
import { describe, expect, it } from 'vitest';

// The local database server is started again when it dies (FerretDB's SQLite library can fault
// with SIGBUS under concurrent readers), and the official driver carries on once it is back.
describe('the local database server', () => {
  it('is started again after a crash, with its data, and the driver reconnects', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'jiedui-ferret-restart-'));
    const lines: string[] = [];
    const server = await startFerret({
      port: await freePort(),
      dataDir,
      log: (line) => lines.push(line),
    });
    const client = new MongoClient(server.url, { serverSelectionTimeoutMS: 10_000 });
    try {
      const items = client.db('restart').collection<{ _id: string; n: number }>('items');
      await items.insertOne({ _id: 'a', n: 1 });
      const first = server.pid;
      server.child.kill('SIGKILL');

      // A read right after the crash waits for the server to be back, then sees the data.
      expect(await items.findOne({ _id: 'a' })).toEqual({ _id: 'a', n: 1 });
      expect(server.pid).not.toBe(first);
      expect(lines.some((line) => line.includes('starting it again'))).toBe(true);
      await items.insertOne({ _id: 'b', n: 2 });
      expect(await items.countDocuments()).toBe(2);
    } finally {
      await client.close();
      await server.stop();
      rmSync(dataDir, { recursive: true, force: true });
    }
  });
});
