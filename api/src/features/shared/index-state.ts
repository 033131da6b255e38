import type { Collection, Db } from 'mongodb';

// What the search indexer has pushed of a searched collection (experts, problems), shared by
// their repositories. A record's `rev` is bumped with every write that changes indexed data; the
// indexer pushes it and records the pushed rev here. The local server (FerretDB 1.24) reads the
// whole collection for every update, even one keyed by `_id`, so recording 10,000 pushes as
// 10,000 updates of the records took minutes. Marks are therefore appended instead, one document
// per pushed batch in `search_marks` (inserts stay cheap), and folded into a few documents once
// they pile up. The records' own `indexedRev` (written 0 by every insert) still counts, so data
// written before this ledger existed needs no migration.

export interface Revision {
  _id: string;
  rev: number;
  /** The highest rev the search index is known to hold; 0 when none. */
  indexedRev: number;
}

interface MarkDoc {
  _id: string;
  collection: string;
  ids: string[];
  revs: number[];
  at: Date;
  /** Written by a fold: it does not count towards the next one. */
  folded?: boolean;
}

/** Ids per mark document: 5,000 ids of ~24 characters stay far below the 16 MB limit. */
const perMark = 5_000;
/** More unfolded mark documents than this for one collection are folded on the next read. */
const foldAbove = 64;

let sequence = 0;
const markId = () =>
  `mark_${Date.now().toString(36)}_${process.pid.toString(36)}_${(sequence++).toString(36)}`;

export function createIndexState<T extends { _id: string; rev: number; indexedRev: number }>(
  db: Db,
  records: Collection<T>,
) {
  const marks = db.collection<MarkDoc>('search_marks');
  const name = records.collectionName;

  async function insertMarks(entries: readonly { id: string; rev: number }[], folded = false) {
    const docs: MarkDoc[] = [];
    const at = new Date();
    for (let i = 0; i < entries.length; i += perMark) {
      const slice = entries.slice(i, i + perMark);
      docs.push({
        _id: markId(),
        collection: name,
        ids: slice.map((e) => e.id),
        revs: slice.map((e) => e.rev),
        at,
        ...(folded ? { folded } : {}),
      });
    }
    if (docs.length > 0) await marks.insertMany(docs);
  }

  return {
    /**
     * rev and indexed rev of every record: the indexer finds its gaps in TypeScript (FerretDB
     * evaluates no `$expr`). Folds the marks when they have piled up.
     */
    async revisions(): Promise<Revision[]> {
      const [rows, marked] = await Promise.all([
        records.find({}, { projection: { rev: 1, indexedRev: 1 } }).toArray() as unknown as Promise<
          { _id: string; rev: number; indexedRev?: number }[]
        >,
        marks.find({ collection: name }).toArray(),
      ]);
      const best = new Map<string, number>();
      for (const mark of marked) {
        mark.ids.forEach((id, i) => {
          const rev = mark.revs[i] ?? 0;
          if (rev > (best.get(id) ?? 0)) best.set(id, rev);
        });
      }
      const out = rows.map((row) => ({
        _id: row._id,
        rev: row.rev,
        indexedRev: Math.max(row.indexedRev ?? 0, best.get(row._id) ?? 0),
      }));
      if (marked.filter((m) => !m.folded).length > foldAbove) {
        // Keep what still says more than the record itself; marks of deleted records go. The
        // old documents are removed by id after the folded ones are in: a concurrent mark
        // written meanwhile survives, and folding twice only duplicates entries.
        await insertMarks(
          out
            .filter((row) => row.indexedRev > 0)
            .map((row) => ({ id: row._id, rev: row.indexedRev })),
          true,
        );
        await marks.deleteMany({ _id: { $in: marked.map((m) => m._id) } });
      }
      return out;
    },

    /** Records that the search index holds these revs (a lower one never wins over a higher). */
    markIndexed: (entries: readonly { id: string; rev: number }[]) => insertMarks(entries),

    /** Up to `limit` records in storage order: corpus statistics for matching. */
    sample: (limit: number) =>
      records
        .find({}, { projection: { outbox: 0 } })
        .limit(limit)
        .toArray() as unknown as Promise<T[]>,
  };
}
