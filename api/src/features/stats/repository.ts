import type { Db } from 'mongodb';
import type { EngagementDoc } from '../engagements/repository.js';
import type { OutcomeDoc } from '../outcomes/repository.js';
import type { ProblemDoc } from '../problems/repository.js';

export interface ProblemFacts {
  _id: string;
  status: ProblemDoc['status'];
  town?: string;
  industry?: string;
  fields: string[];
  openedAt: Date;
  firstEngagedAt?: Date;
  solvedAt?: Date;
  closedAt?: Date;
}

/** An expert who accepted an engagement on a problem, with the expert's university. */
export interface EngagedParty {
  problemId: string;
  universityId: string;
  expertId: string;
  expertName: string;
}

/**
 * Reads for statistics. Only stages FerretDB 1.24 runs ($match, $project, $group with $sum);
 * grouping by quarter, percentiles and joins happen in TypeScript (stats/service.ts).
 */
export function createStatsRepository(db: Db) {
  const problems = db.collection<ProblemDoc>('problems');
  const engagements = db.collection<EngagementDoc>('engagements');
  const outcomes = db.collection<OutcomeDoc>('outcomes');

  return {
    ensureIndexes: () => Promise.resolve(),

    /**
     * Published problems opened in [from, to). A problem the office closed as a duplicate of
     * another is left out: it was merged into the problem that counts.
     */
    openedProblems(range: { from?: Date; to?: Date }) {
      const openedAt: Record<string, Date | boolean> = {};
      if (range.from) openedAt.$gte = range.from;
      if (range.to) openedAt.$lt = range.to;
      if (!range.from && !range.to) openedAt.$exists = true;
      return problems
        .aggregate<ProblemFacts>([
          { $match: { openedAt, closeReason: { $ne: 'duplicate' } } },
          {
            $project: {
              status: 1,
              town: 1,
              industry: 1,
              fields: 1,
              openedAt: 1,
              firstEngagedAt: 1,
              solvedAt: 1,
              closedAt: 1,
            },
          },
        ])
        .toArray();
    },

    /**
     * Every problem's facts in one scan (status included, drafts too): the dashboard filters the
     * range and counts the funnel from the same read, and the stuck-item rules read the title and
     * company. FerretDB reads whole documents for any filter but `_id`, so one scan serves all.
     */
    allProblemFacts(filter: { _id?: string } = {}) {
      return problems
        .find(filter, {
          projection: {
            status: 1,
            town: 1,
            industry: 1,
            fields: 1,
            openedAt: 1,
            firstEngagedAt: 1,
            solvedAt: 1,
            closedAt: 1,
            closeReason: 1,
            title: 1,
            companyId: 1,
            companyName: 1,
          },
        })
        .toArray() as Promise<
        (Omit<ProblemFacts, 'openedAt'> & {
          openedAt?: Date;
          closeReason?: string;
          title: string;
          companyId: string;
          companyName: string;
        })[]
      >;
    },

    /**
     * Every engagement's status, parties and dates in one scan: the dashboard's funnel and
     * groups, and the stuck-item rules (invitation date, start, last visit).
     */
    allEngagementFacts(filter: { _id?: string } = {}) {
      return engagements
        .find(filter, {
          projection: {
            status: 1,
            acceptedAt: 1,
            problemId: 1,
            universityId: 1,
            expertId: 1,
            expertName: 1,
            problemTitle: 1,
            companyId: 1,
            createdAt: 1,
            activatedAt: 1,
            lastVisitAt: 1,
            updatedAt: 1,
          },
        })
        .toArray() as Promise<
        (EngagedParty & {
          _id: string;
          status: string;
          acceptedAt?: Date;
          problemTitle: string;
          companyId: string;
          createdAt: Date;
          activatedAt?: Date;
          lastVisitAt?: Date;
          updatedAt: Date;
        })[]
      >;
    },

    /** Which experts (and their universities) took part in which problems: accepted engagements. */
    engagedParties() {
      return engagements
        .aggregate<EngagedParty>([
          { $match: { acceptedAt: { $exists: true } } },
          { $project: { _id: 0, problemId: 1, universityId: 1, expertId: 1, expertName: 1 } },
        ])
        .toArray();
    },

    /**
     * Outcomes confirmed on or after `since`. An outcome is confirmed after its problem was
     * opened, so outcomes of problems opened in a range starting at `since` are all among these;
     * the caller keeps the ones of its problems.
     */
    outcomesSince(since: Date | undefined) {
      return outcomes
        .aggregate<{
          problemId: string;
          economicBenefit: { amountFen: number };
          contractAmount: { amountFen: number };
        }>([
          ...(since ? [{ $match: { confirmedAt: { $gte: since } } }] : []),
          { $project: { _id: 0, problemId: 1, economicBenefit: 1, contractAmount: 1 } },
        ])
        .toArray();
    },

    /** Organisations' name, kind and verification state: every one, or one by `_id`. */
    organisationFacts(filter: { _id?: string } = {}) {
      return db
        .collection<{
          _id: string;
          name: string;
          kind: string;
          verification: string;
        }>('organisations')
        .find(filter, { projection: { name: 1, kind: 1, verification: 1 } })
        .toArray();
    },

    /** Experts' verification state: every one, or one by `_id`. */
    expertFacts(filter: { _id?: string } = {}) {
      return db
        .collection<{ _id: string; verification: string }>('experts')
        .find(filter, { projection: { verification: 1 } })
        .toArray();
    },

    /** Outcomes with their ids and confirmation dates: every one, or one by `_id`. */
    outcomeFacts(filter: { _id?: string } = {}) {
      return outcomes
        .find(filter, {
          projection: { problemId: 1, economicBenefit: 1, contractAmount: 1, confirmedAt: 1 },
        })
        .toArray() as Promise<
        {
          _id: string;
          problemId: string;
          economicBenefit: { amountFen: number };
          contractAmount: { amountFen: number };
          confirmedAt: Date;
        }[]
      >;
    },

    problemStatusCounts() {
      return problems
        .aggregate<{ _id: string; n: number }>([{ $group: { _id: '$status', n: { $sum: 1 } } }])
        .toArray();
    },

    engagementStatusCounts() {
      return engagements
        .aggregate<{ _id: string; n: number }>([{ $group: { _id: '$status', n: { $sum: 1 } } }])
        .toArray();
    },
  };
}

export type StatsRepository = ReturnType<typeof createStatsRepository>;
