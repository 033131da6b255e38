import { MongoClient, MongoServerError, type Collection, type Db, type Document } from 'mongodb';
import { ApiError } from './errors.js';

export interface Store {
  client: MongoClient;
  db: Db;
  close(): Promise<void>;
}

/**
 * Connects the one shared MongoClient. The same code path serves the local FerretDB and a real
 * MongoDB; nothing here may depend on which one answers.
 */
export async function connectStore(url: string, dbName: string): Promise<Store> {
  const client = new MongoClient(url, {
    serverSelectionTimeoutMS: 5_000,
    connectTimeoutMS: 5_000,
    appName: 'jiedui-api',
  });
  await client.connect();
  const db = client.db(dbName);
  return {
    client,
    db,
    async close() {
      // FerretDB refuses endSessions on close; the refusal is harmless.
      await client.close().catch(() => undefined);
    },
  };
}

/** Round-trips a ping; resolves with the latency in ms or rejects. */
export async function pingStore(db: Db): Promise<number> {
  const started = performance.now();
  await db.command({ ping: 1 });
  return Math.round(performance.now() - started);
}

/** True for a unique-index violation (E11000), whichever server raised it. */
export function isDuplicateKeyError(error: unknown): error is MongoServerError {
  return error instanceof MongoServerError && error.code === 11000;
}

/** Runs a write and translates a unique-index violation into a CONFLICT ApiError. */
export async function translateDuplicate<T>(
  write: () => Promise<T>,
  message: { zh: string; en: string },
): Promise<T> {
  try {
    return await write();
  } catch (error) {
    if (isDuplicateKeyError(error)) throw new ApiError('CONFLICT', { message, cause: error });
    throw error;
  }
}

export interface IndexSpec {
  key: Record<string, 1 | -1>;
  name: string;
  unique?: boolean;
}

/**
 * Creates the indexes a collection lacks, one at a time. FerretDB 1.24 drops the connection
 * when `createIndexes` names several indexes of which some exist, and silently skips new ones
 * in a mixed batch, so the batch form is never used. Idempotent: run at every start.
 */
export async function ensureCollectionIndexes<T extends Document>(
  collection: Collection<T>,
  specs: readonly IndexSpec[],
) {
  const existing = new Set(
    await collection
      .listIndexes()
      .toArray()
      .then(
        (indexes) => indexes.map((index: Document) => String(index.name)),
        // A collection that does not exist yet has no indexes.
        () => [],
      ),
  );
  for (const spec of specs) {
    if (existing.has(spec.name)) continue;
    await collection.createIndexes([
      { key: spec.key, name: spec.name, ...(spec.unique ? { unique: true } : {}) },
    ]);
  }
}
