import type { Db } from 'mongodb';

/** What the seed needs to know about a whole database: whether anything is in it. */
export function createDemoRepository(db: Db) {
  const collectionNames = async () =>
    (await db.listCollections({}, { nameOnly: true }).toArray())
      .map((entry) => entry.name)
      .filter((name) => !name.startsWith('system.'));

  return {
    /**
     * Collections holding at least one document. The API creates empty collections with its
     * indexes at start, so "empty" means no documents, not no collections.
     */
    async collectionsWithData(): Promise<string[]> {
      const names = await collectionNames();
      const found: string[] = [];
      for (const name of names) {
        if (await db.collection(name).findOne({}, { projection: { _id: 1 } })) found.push(name);
      }
      return found.sort();
    },

    async dropAll(): Promise<void> {
      for (const name of await collectionNames()) await db.collection(name).drop();
    },
  };
}
