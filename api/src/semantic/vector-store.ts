import { Binary, type Db } from 'mongodb';
import type { VectorItem } from './vector-index.js';

// Vectors stored with the documents they come from, in a `vectors` collection. A record is
// immutable and keyed by what it was computed from: kind, document id, the document's rev and the
// model id. Unpatched FerretDB 1.24 read the whole collection for every update, so new
// vectors are inserted, never updated, and superseded ones are deleted in batches; a crash
// between the two leaves an old record that the next load ignores (the highest rev wins).

export type VectorKind = 'expert' | 'problem';

export interface VectorRecord {
  _id: string;
  kind: VectorKind;
  docId: string;
  rev: number;
  modelId: string;
  dims: number;
  refs: string[];
  /** Every vector of the record, float32 little-endian, one after another. */
  data: Binary;
  /** Small facts the vector search filters on (problem status, expert eligibility). */
  meta?: Record<string, string | boolean>;
  at: Date;
}

export interface StoredVectors {
  kind: VectorKind;
  docId: string;
  rev: number;
  items: VectorItem[];
  meta: Record<string, string | boolean>;
}

const recordId = (kind: VectorKind, docId: string, rev: number, modelId: string) =>
  `${kind}:${docId}:${rev}:${modelId}`;

function encode(items: readonly VectorItem[], dims: number): Binary {
  const all = new Float32Array(items.length * dims);
  items.forEach((item, i) => {
    all.set(item.vector, i * dims);
  });
  return new Binary(Buffer.from(all.buffer, all.byteOffset, all.byteLength));
}

function decode(record: VectorRecord): VectorItem[] {
  const bytes = Buffer.from(record.data.buffer);
  // Copied into an aligned buffer: a Float32Array view needs a 4-byte aligned offset.
  const floats = new Float32Array(new Uint8Array(bytes).buffer);
  return record.refs.map((ref, i) => ({
    ref,
    vector: floats.slice(i * record.dims, (i + 1) * record.dims),
  }));
}

export function createVectorStore(db: Db, modelId: string, collection = 'vectors') {
  const vectors = db.collection<VectorRecord>(collection);

  return {
    collection: vectors,

    async save(entries: readonly StoredVectors[], dims: number, now = new Date()) {
      if (entries.length === 0) return;
      const docs = entries.map((e): VectorRecord => ({
        _id: recordId(e.kind, e.docId, e.rev, modelId),
        kind: e.kind,
        docId: e.docId,
        rev: e.rev,
        modelId,
        dims,
        refs: e.items.map((i) => i.ref),
        data: encode(e.items, dims),
        meta: e.meta,
        at: now,
      }));
      // A record with the same id holds the same vectors: a retried batch skips it.
      await vectors.insertMany(docs, { ordered: false }).catch((error: unknown) => {
        const code = (error as { code?: number }).code;
        if (code !== 11000) throw error;
      });
    },

    /**
     * Streams every record once (one scan, rather than `$in` batches of ids) and calls
     * `onRecord` for the newest rev of each document seen so far, so a later, newer record
     * replaces an earlier one. Returns the ids of superseded records (older revs,
     * other models) for `drop`.
     */
    async load(onRecord: (entry: StoredVectors) => void): Promise<string[]> {
      const newest = new Map<string, { id: string; rev: number }>();
      const stale: string[] = [];
      for await (const record of vectors.find({})) {
        if (record.modelId !== modelId) {
          stale.push(record._id);
          continue;
        }
        const key = `${record.kind}:${record.docId}`;
        const seen = newest.get(key);
        if (seen && seen.rev >= record.rev) {
          stale.push(record._id);
          continue;
        }
        if (seen) stale.push(seen.id);
        newest.set(key, { id: record._id, rev: record.rev });
        onRecord({
          kind: record.kind,
          docId: record.docId,
          rev: record.rev,
          items: decode(record),
          meta: record.meta ?? {},
        });
      }
      return stale;
    },

    async drop(ids: readonly string[], batchSize = 1_000) {
      for (let i = 0; i < ids.length; i += batchSize) {
        await vectors.deleteMany({ _id: { $in: ids.slice(i, i + batchSize) } });
      }
    },

    recordId: (kind: VectorKind, docId: string, rev: number) => recordId(kind, docId, rev, modelId),
  };
}

export type VectorStore = ReturnType<typeof createVectorStore>;
