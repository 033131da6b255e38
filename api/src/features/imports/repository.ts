import { randomBytes } from 'node:crypto';
import type { Db } from 'mongodb';
import type { ActorRef } from '../access/actor.js';
import type { RowError } from './cells.js';
import type { ImportEntity } from './columns.js';
import type { FileFormat } from './files.js';

export const importStatuses = [
  'rejected',
  'validated',
  'running',
  'done',
  'failed',
  'interrupted',
] as const;
export type ImportStatus = (typeof importStatuses)[number];

export interface ImportCounts {
  create: number;
  update: number;
  unchanged: number;
}

/** One import: what the file held, what validation found, how far the writer got. */
export interface ImportJobDoc {
  _id: string;
  entity: ImportEntity;
  format: FileFormat;
  dryRun: boolean;
  status: ImportStatus;
  /** Data rows in the file (empty rows are not counted). */
  total: number;
  planned: ImportCounts;
  /** Rows the writer has finished, in file order. */
  processed: number;
  written: { created: number; updated: number };
  /** The first errors found (all of them up to a thousand). */
  errors: RowError[];
  errorCount: number;
  failure?: string;
  createdBy: ActorRef;
  createdAt: Date;
  updatedAt: Date;
  finishedAt?: Date;
}

const alphabet = '0123456789abcdefghjkmnpqrstvwxyz';

function newImportId(): string {
  let out = 'imp_';
  for (const byte of randomBytes(16)) out += alphabet.charAt(byte & 31);
  return out;
}

export const importIdPattern = /^imp_[0-9a-hjkmnp-tv-z]{16}$/;

// A writer that stops reporting for this long died with its process (the API restarted).
const staleAfterMs = 2 * 60_000;

export function createImportJobRepository(db: Db) {
  const jobs = db.collection<ImportJobDoc>('import_jobs');
  return {
    async create(fields: Omit<ImportJobDoc, '_id'>): Promise<ImportJobDoc> {
      const doc = { _id: newImportId(), ...fields };
      await jobs.insertOne(doc);
      return doc;
    },

    async update(id: string, set: Partial<Omit<ImportJobDoc, '_id'>>) {
      await jobs.updateOne({ _id: id }, { $set: set });
    },

    async get(id: string, now: Date): Promise<ImportJobDoc | null> {
      const doc = await jobs.findOne({ _id: id });
      if (doc?.status === 'running' && now.getTime() - doc.updatedAt.getTime() > staleAfterMs) {
        return { ...doc, status: 'interrupted' };
      }
      return doc;
    },
  };
}

export type ImportJobRepository = ReturnType<typeof createImportJobRepository>;
