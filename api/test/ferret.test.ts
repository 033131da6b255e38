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

  // tools/ferretdb/patches.json: without it, FerretDB 1.24.2 looked documents up by `_id` with a
  // path expression its own `_id_` index does not match, and SQLite scanned the whole table for
  // every find, update and delete by `_id` (an update 59 ms at 20k small documents, 1.9 ms with
  // the index), and only a filter that was exactly `{_id: value}` was narrowed at all. SQLite's
  // plan says which one ran.
  it('finds, updates and deletes by _id through the _id index', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'jiedui-ferret-index-'));
    const server = await startFerret({ port: await freePort(), dataDir, log: () => undefined });
    const client = new MongoClient(server.url);
    try {
      const db = client.db('plan');
      const items = db.collection<{ _id: string; n: number }>('items');
      await items.insertMany(Array.from({ length: 50 }, (_, n) => ({ _id: `i${n}`, n })));
      const plan = async (command: Record<string, unknown>) => {
        const explained = await db.command({ explain: command });
        return (explained.queryPlanner as { Plan: string[] }).Plan.join('\n');
      };
      const byIndex = /SEARCH \S+ USING INDEX \S+__id_ /;
      expect(await plan({ find: 'items', filter: { _id: 'i7' } })).toMatch(byIndex);
      // With other conditions beside `_id`, and for an `$in` list (patches 2–4).
      expect(await plan({ find: 'items', filter: { _id: 'i7', n: 7 } })).toMatch(byIndex);
      expect(await plan({ find: 'items', filter: { _id: { $in: ['i1', 'i2'] } } })).toMatch(
        byIndex,
      );
      // Anything else is read whole and filtered by FerretDB, as before.
      expect(await plan({ find: 'items', filter: { _id: { $in: ['i1', 2] } } })).toMatch(/SCAN/);
      expect(await plan({ find: 'items', filter: { n: 7 } })).toMatch(/SCAN/);

      // The narrowed rows are filtered again: the other conditions still hold.
      expect(await items.find({ _id: 'i7', n: 8 }).toArray()).toEqual([]);
      const listed = await items
        .find({ _id: { $in: ['i1', 'i2', 'i3', 'nope'] }, n: { $gte: 2 } })
        .sort({ n: 1 })
        .toArray();
      expect(listed).toEqual([
        { _id: 'i2', n: 2 },
        { _id: 'i3', n: 3 },
      ]);
      expect(await items.countDocuments({ _id: { $in: ['i1', 'i9'] } })).toBe(2);
      const stale = await items.updateOne({ _id: 'i7', n: 6 }, { $set: { n: 0 } });
      expect(stale.matchedCount).toBe(0);

      const updated = await items.updateOne({ _id: 'i7', n: 7 }, { $set: { n: -7 } });
      expect(updated.modifiedCount).toBe(1);
      expect(await items.findOne({ _id: 'i7' })).toEqual({ _id: 'i7', n: -7 });
      expect(await items.countDocuments({ n: -7 })).toBe(1);
      expect((await items.deleteOne({ _id: 'i8', n: 9 })).deletedCount).toBe(0);
      expect((await items.deleteOne({ _id: 'i8' })).deletedCount).toBe(1);
      expect(await items.findOne({ _id: 'i8' })).toBeNull();
      expect(await items.countDocuments()).toBe(49);
    } finally {
      await client.close();
      await server.stop();
      rmSync(dataDir, { recursive: true, force: true });
    }
  });
});
