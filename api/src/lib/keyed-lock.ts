/**
 * Serialises async work per key inside this process. FerretDB 1.24 (the local store) does not
 * apply a conditional update atomically: measured here, ten concurrent
 * `updateOne({ _id, rev: 1 }, { $inc: { rev: 1 } })` calls reported up to seven winners and
 * lost increments. Real MongoDB is atomic, so with one API process per local store every write
 * to a document goes through this lock and stays correct on both.
 */
export function createKeyedLock() {
  const tails = new Map<string, Promise<unknown>>();
  return async function withLock<T>(key: string, work: () => Promise<T>): Promise<T> {
    const previous = tails.get(key) ?? Promise.resolve();
    const run = previous.then(work, work);
    const tail = run.catch(() => undefined);
    tails.set(key, tail);
    try {
      return await run;
    } finally {
      if (tails.get(key) === tail) tails.delete(key);
    }
  };
}

/** The one lock for document writes in this process. */
export const withDocumentLock = createKeyedLock();

export function documentKey(collectionName: string, id: string): string {
  return `${collectionName}/${id}`;
}
