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

    /** Published problems opened in [from, to). */
    openedProblems(range: { from?: Date; to?: Date }) {
      const openedAt: Record<string, Date> = {};
      if (range.from) openedAt.$gte = range.from;
      if (range.to) openedAt.$lt = range.to;
      return problems
        .aggregate<ProblemFacts>([
          { $match: { openedAt: Object.keys(openedAt).length ? openedAt : { $exists: true } } },
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

    /** Which universities took part in which problems (engagements that were accepted). */
    engagedUniversities() {
      return engagements
        .aggregate<{ problemId: string; universityId: string }>([
          { $match: { acceptedAt: { $exists: true } } },
          { $project: { _id: 0, problemId: 1, universityId: 1 } },
        ])
        .toArray();
    },

    outcomes() {
      return outcomes
        .aggregate<{
          problemId: string;
          economicBenefit: { amountFen: number };
          contractAmount: { amountFen: number };
        }>([{ $project: { _id: 0, problemId: 1, economicBenefit: 1, contractAmount: 1 } }])
        .toArray();
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
