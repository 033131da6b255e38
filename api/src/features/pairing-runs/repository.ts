import { randomBytes } from 'node:crypto';
import type { Db, Filter, UpdateFilter } from 'mongodb';
import { documentKey, withDocumentLock } from '../../lib/keyed-lock.js';
import type { LocalizedText } from '../../lib/errors.js';
import { ensureCollectionIndexes } from '../../lib/mongo.js';
import type { AssignmentInputRaw, AssignmentResult } from '../../matching/assignment/index.js';
import type { ActorRef } from '../access/actor.js';
import type { RunReasons, RunStatus } from './schemas.js';

export type TargetKind = 'problem' | 'company';

export interface RunSettings {
  targetKind: TargetKind;
  capacity: number;
  capacities: { expertId: string; capacity: number }[];
  minExperts: number;
  maxExperts: number;
  limits: { targetId: string; minExperts: number; maxExperts: number }[];
  forbidden: { expertId: string; targetId: string }[];
  required: { expertId: string; targetId: string }[];
  floor: number | null;
  topK: number;
  note?: string;
}

export interface RunExpert {
  id: string;
  name: string;
  organisationId: string;
  universityName: string;
  /** What the expert has left of their own capacity when the run was created. */
  remaining: number;
}

export interface RunTarget {
  id: string;
  kind: TargetKind;
  title: string;
  companyId: string;
  companyName: string;
}

/** One scored candidate pair, kept so that a rerun reuses it and the review shows its reasons. */
export interface RunCandidate {
  expertId: string;
  targetId: string;
  problemId: string;
  affinity: number;
  reasons: RunReasons;
}

export interface RunProgress {
  phase: string;
  done?: number;
  total?: number;
  elapsedMs?: number;
  incumbent?: number | null;
  bound?: number | null;
}

export interface AppliedRecord {
  at: Date;
  by: ActorRef;
  pairingIds: string[];
  engagementIds: string[];
  skipped: { expertId: string; targetId: string; reason: string }[];
}

export interface PairingRunDoc {
  _id: string;
  programmeId: string;
  status: RunStatus;
  basedOn?: string;
  settings: RunSettings;
  experts: RunExpert[];
  targets: RunTarget[];
  progress: RunProgress;
  candidates?: RunCandidate[];
  /** Exactly what the solver was given; solving it again gives the same result. */
  input?: AssignmentInputRaw;
  result?: AssignmentResult;
  error?: LocalizedText;
  applied?: AppliedRecord;
  /** The process that runs the job; another process's unfinished run died with it. */
  worker: string;
  createdBy: ActorRef;
  createdAt: Date;
  updatedAt: Date;
  startedAt?: Date;
  finishedAt?: Date;
}

const alphabet = '0123456789abcdefghjkmnpqrstvwxyz';

export function newRunId(): string {
  let out = '';
  for (const byte of randomBytes(16)) out += alphabet.charAt(byte & 31);
  return `run_${out}`;
}

const indexed = new WeakSet<Db>();

// The feature list of repositories.ts is not this feature's to change, so the collection's one
// index is created on first use, once per store and process.
export function createPairingRunRepository(db: Db) {
  const runs = db.collection<PairingRunDoc>('pairing_runs');
  const ready = async () => {
    if (indexed.has(db)) return;
    await ensureCollectionIndexes(runs, [
      { key: { programmeId: 1, createdAt: -1 }, name: 'programme_createdAt' },
    ]);
    indexed.add(db);
  };
  const locked = <T>(id: string, work: () => Promise<T>) =>
    withDocumentLock(documentKey('pairing_runs', id), work);

  return {
    async insert(doc: PairingRunDoc) {
      await ready();
      await runs.insertOne(doc);
      return doc;
    },

    get: (id: string) => runs.findOne({ _id: id }),

    async listForProgramme(programmeId: string, limit: number) {
      await ready();
      return runs
        .find(
          { programmeId },
          { projection: { candidates: 0, input: 0 }, sort: { createdAt: -1, _id: -1 }, limit },
        )
        .toArray();
    },

    /** The newest finished run of the programme created before `before`. */
    async previousDone(programmeId: string, before: Date) {
      await ready();
      return runs.findOne(
        { programmeId, status: 'done', createdAt: { $lt: before } },
        { projection: { candidates: 0, input: 0 }, sort: { createdAt: -1, _id: -1 } },
      );
    },

    /**
     * Updates the run only while it is in one of `from`; under the document lock because the
     * local store does not apply conditional updates atomically. Returns whether it applied.
     */
    update(id: string, from: readonly RunStatus[], update: UpdateFilter<PairingRunDoc>) {
      return locked(id, async () => {
        const filter: Filter<PairingRunDoc> = { _id: id, status: { $in: [...from] } };
        const res = await runs.updateOne(filter, update);
        return res.matchedCount === 1;
      });
    },

    /** Runs `work` alone for this run (apply must not interleave with itself). */
    exclusive: <T>(id: string, work: () => Promise<T>) =>
      withDocumentLock(documentKey('pairing_runs/apply', id), work),
  };
}

export type PairingRunRepository = ReturnType<typeof createPairingRunRepository>;
