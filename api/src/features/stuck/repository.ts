import type { Db } from 'mongodb';
import { documentKey, withDocumentLock } from '../../lib/keyed-lock.js';
import type { ActorRef } from '../access/actor.js';
import type { EngagementDoc } from '../engagements/repository.js';
import type { ProblemDoc } from '../problems/repository.js';
import type { StuckRuleId, StuckRuleOverrides } from './rules.js';
import type { contactChannels } from './schemas.js';

export interface StuckLogEntryDoc {
  id: string;
  kind: 'contact' | 'reminder' | 'resolution';
  at: Date;
  by: ActorRef;
  contact?: string;
  channel?: (typeof contactChannels)[number];
  contactedAt?: Date;
  agreed?: string;
  note?: string;
  recipients?: string[];
  mailed?: number;
}

/** What the office did about one stuck item: its coordination log and, once done, how. */
export interface StuckCaseDoc {
  _id: string;
  rule: StuckRuleId;
  entityId: string;
  log: StuckLogEntryDoc[];
  resolvedAt?: Date;
  createdAt: Date;
  updatedAt: Date;
}

interface StuckSettingsDoc {
  _id: 'rules';
  rules: StuckRuleOverrides;
  rev: number;
  updatedAt: Date;
  updatedBy: ActorRef;
}

const problemFacts = {
  status: 1,
  openedAt: 1,
  firstEngagedAt: 1,
  title: 1,
  companyId: 1,
  companyName: 1,
} as const;
const engagementFacts = {
  status: 1,
  createdAt: 1,
  activatedAt: 1,
  lastVisitAt: 1,
  updatedAt: 1,
  problemId: 1,
  problemTitle: 1,
  expertId: 1,
  expertName: 1,
  companyId: 1,
} as const;

export function createStuckRepository(db: Db) {
  // Read-only here: the rules read the records that problems/ and engagements/ write.
  const problemRecords = db.collection<ProblemDoc>('problems');
  const engagementRecords = db.collection<EngagementDoc>('engagements');
  const cases = db.collection<StuckCaseDoc>('stuck_cases');
  const settings = db.collection<StuckSettingsDoc>('stuck_settings');
  const companies = db.collection<{ _id: string; name: string; kind: string }>('organisations');

  return {
    // Cases are few (the office writes them by hand) and read whole; lookups are by _id.
    ensureIndexes: () => Promise.resolve(),

    async rules(): Promise<{ rev: number; rules: StuckRuleOverrides }> {
      const doc = await settings.findOne({ _id: 'rules' });
      return { rev: doc?.rev ?? 0, rules: doc?.rules ?? {} };
    },

    /** Saves the overrides if the stored rev is still `rev`; false when someone saved first. */
    async saveRules(rev: number, rules: StuckRuleOverrides, actor: ActorRef, now: Date) {
      return withDocumentLock(documentKey('stuck_settings', 'rules'), async () => {
        const current = await settings.findOne({ _id: 'rules' });
        if ((current?.rev ?? 0) !== rev) return { ok: false as const, rev: current?.rev ?? 0 };
        const next = { rules, rev: rev + 1, updatedAt: now, updatedBy: actor };
        if (current) await settings.updateOne({ _id: 'rules' }, { $set: next });
        else await settings.insertOne({ _id: 'rules', ...next });
        return { ok: true as const, rev: rev + 1 };
      });
    },

    /** Every case (the rules' records come from the office's in-memory facts). */
    async cases(): Promise<Map<string, StuckCaseDoc>> {
      const all = await cases.find({}).toArray();
      return new Map(all.map((c) => [c._id, c]));
    },

    getProblem: (id: string) => problemRecords.findOne({ _id: id }, { projection: problemFacts }),
    getEngagement: (id: string) =>
      engagementRecords.findOne({ _id: id }, { projection: engagementFacts }),
    getCompanyName: async (id: string) =>
      (await companies.findOne({ _id: id }, { projection: { name: 1 } }))?.name,
    getCase: (key: string) => cases.findOne({ _id: key }),

    /** Appends to a case's log, creating the case on its first entry; resolves it if asked. */
    async append(
      key: string,
      fields: { rule: StuckRuleId; entityId: string },
      entry: StuckLogEntryDoc,
      options: { resolve?: boolean } = {},
    ): Promise<StuckCaseDoc> {
      return withDocumentLock(documentKey('stuck_cases', key), async () => {
        const current = await cases.findOne({ _id: key });
        const resolved = options.resolve ? { resolvedAt: entry.at } : {};
        if (!current) {
          const doc: StuckCaseDoc = {
            _id: key,
            ...fields,
            log: [entry],
            ...resolved,
            createdAt: entry.at,
            updatedAt: entry.at,
          };
          await cases.insertOne(doc);
          return doc;
        }
        await cases.updateOne(
          { _id: key },
          { $push: { log: entry }, $set: { updatedAt: entry.at, ...resolved } },
        );
        return { ...current, log: [...current.log, entry], ...resolved, updatedAt: entry.at };
      });
    },
  };
}

export type StuckRepository = ReturnType<typeof createStuckRepository>;
