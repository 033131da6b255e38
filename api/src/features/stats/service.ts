import { percentile } from '../../lib/percentile.js';
import { quarterOf } from '../../lib/time.js';
import type { Lang } from '../../lib/i18n.js';
import { fieldLabel } from '../taxonomy/index.js';
import type { ProblemFacts } from './repository.js';
import type { StatsDimension, StatsRow } from './schemas.js';

const dayMs = 24 * 60 * 60 * 1000;
const round1 = (value: number | null) => (value === null ? null : Math.round(value * 10) / 10);

interface Inputs {
  problems: ProblemFacts[];
  universitiesByProblem: Map<string, Set<string>>;
  universityNames: Map<string, string>;
  outcomesByProblem: Map<string, { economicBenefitFen: number; contractAmountFen: number }>;
}

function keysOf(problem: ProblemFacts, by: StatsDimension, inputs: Inputs): string[] {
  switch (by) {
    case 'quarter':
      return [quarterOf(problem.openedAt)];
    case 'town':
      return [problem.town ?? '—'];
    case 'industry':
      return [problem.industry ?? '—'];
    case 'field':
      return problem.fields.length > 0 ? problem.fields : ['—'];
    case 'university': {
      const universities = inputs.universitiesByProblem.get(problem._id);
      return universities && universities.size > 0 ? [...universities] : ['—'];
    }
  }
}

function summarise(key: string, label: string, problems: ProblemFacts[], inputs: Inputs): StatsRow {
  const toEngaged: number[] = [];
  const toSolved: number[] = [];
  let engaged = 0;
  let solved = 0;
  let closed = 0;
  let economicBenefitFen = 0;
  let contractAmountFen = 0;
  for (const problem of problems) {
    if (problem.firstEngagedAt) {
      engaged++;
      toEngaged.push((problem.firstEngagedAt.getTime() - problem.openedAt.getTime()) / dayMs);
    }
    if (problem.status === 'solved') {
      solved++;
      if (problem.solvedAt)
        toSolved.push((problem.solvedAt.getTime() - problem.openedAt.getTime()) / dayMs);
      const outcome = inputs.outcomesByProblem.get(problem._id);
      economicBenefitFen += outcome?.economicBenefitFen ?? 0;
      contractAmountFen += outcome?.contractAmountFen ?? 0;
    }
    if (problem.status === 'closed') closed++;
  }
  return {
    key,
    label,
    posted: problems.length,
    engaged,
    solved,
    closed,
    solvedRate: problems.length > 0 ? Math.round((solved / problems.length) * 1000) / 1000 : null,
    daysToFirstEngagement: {
      n: toEngaged.length,
      median: round1(percentile(toEngaged, 50)),
      p90: round1(percentile(toEngaged, 90)),
    },
    daysToSolved: {
      n: toSolved.length,
      median: round1(percentile(toSolved, 50)),
      p90: round1(percentile(toSolved, 90)),
    },
    economicBenefitFen,
    contractAmountFen,
  };
}

/**
 * Problems opened in the range, grouped by one dimension. A problem counts once per group it
 * belongs to (a problem with two fields, or engaged by two universities, counts in both), and
 * once in the total.
 */
export function problemStats(by: StatsDimension, inputs: Inputs, lang: Lang) {
  const groups = new Map<string, ProblemFacts[]>();
  for (const problem of inputs.problems) {
    for (const key of keysOf(problem, by, inputs)) {
      const list = groups.get(key) ?? [];
      list.push(problem);
      groups.set(key, list);
    }
  }
  const label = (key: string) => {
    if (key === '—') return lang === 'zh' ? '未填写' : 'Not given';
    if (by === 'university') return inputs.universityNames.get(key) ?? key;
    if (by === 'field') return fieldLabel(key, lang) ?? key;
    return key;
  };
  const rows = [...groups.entries()]
    .map(([key, problems]) => summarise(key, label(key), problems, inputs))
    .sort((a, b) =>
      by === 'quarter'
        ? a.key.localeCompare(b.key)
        : b.posted - a.posted || a.key.localeCompare(b.key),
    );
  return {
    groupBy: by,
    rows,
    total: summarise('total', lang === 'zh' ? '合计' : 'Total', inputs.problems, inputs),
  };
}
