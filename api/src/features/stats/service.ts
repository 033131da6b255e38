import { percentile } from '../../lib/percentile.js';
import { quarterOf } from '../../lib/time.js';
import type { Lang } from '../../lib/i18n.js';
import { fieldLabel } from '../taxonomy/index.js';
import type { StatsFacts } from './facts-cache.js';
import type { Repositories } from '../repositories.js';
import type { EngagedParty, ProblemFacts } from './repository.js';
import { statsDimensions, type StatsDimension, type StatsRow } from './schemas.js';

const dayMs = 24 * 60 * 60 * 1000;
const round1 = (value: number | null) => (value === null ? null : Math.round(value * 10) / 10);

export interface StatsInputs {
  problems: ProblemFacts[];
  universitiesByProblem: Map<string, Set<string>>;
  universityNames: Map<string, string>;
  expertsByProblem: Map<string, Set<string>>;
  expertNames: Map<string, string>;
  outcomesByProblem: Map<string, { economicBenefitFen: number; contractAmountFen: number }>;
}
type Inputs = StatsInputs;

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
    case 'expert': {
      const experts = inputs.expertsByProblem.get(problem._id);
      return experts && experts.size > 0 ? [...experts] : ['—'];
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
    if (by === 'expert') return inputs.expertNames.get(key) ?? key;
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

/**
 * Everything the statistics need for problems opened in the range, read once: the problems,
 * who took part in them (only when grouping by university or expert needs it), and the
 * outcomes of the problems in the range (not every outcome ever recorded).
 */
export async function loadStatsInputs(
  repos: Repositories,
  range: { from?: Date; to?: Date },
  needParties: boolean,
  read?: {
    problems: ProblemFacts[];
    parties: EngagedParty[];
    /** The outcomes `outcomesSince(range.from)` would read, when already at hand. */
    outcomes?: Awaited<ReturnType<Repositories['stats']['outcomesSince']>>;
  },
): Promise<StatsInputs> {
  const problems = read?.problems ?? (await repos.stats.openedProblems(range));
  const solved = new Set(problems.filter((p) => p.status === 'solved').map((p) => p._id));
  const inRange = new Set(problems.map((p) => p._id));
  const [parties, outcomes] = await Promise.all([
    read ? read.parties : needParties ? repos.stats.engagedParties() : Promise.resolve([]),
    solved.size === 0
      ? Promise.resolve([])
      : read?.outcomes
        ? Promise.resolve(read.outcomes)
        : repos.stats.outcomesSince(range.from),
  ]);
  const universitiesByProblem = new Map<string, Set<string>>();
  const expertsByProblem = new Map<string, Set<string>>();
  const expertNames = new Map<string, string>();
  for (const row of parties) {
    if (!inRange.has(row.problemId)) continue;
    const universities = universitiesByProblem.get(row.problemId) ?? new Set<string>();
    universities.add(row.universityId);
    universitiesByProblem.set(row.problemId, universities);
    const experts = expertsByProblem.get(row.problemId) ?? new Set<string>();
    experts.add(row.expertId);
    expertsByProblem.set(row.problemId, experts);
    expertNames.set(row.expertId, row.expertName);
  }
  const universityIds = new Set<string>();
  for (const set of universitiesByProblem.values()) for (const id of set) universityIds.add(id);
  const organisations =
    universityIds.size > 0
      ? await repos.organisations.getMany([...universityIds])
      : new Map<string, { name: string }>();
  return {
    problems,
    universitiesByProblem,
    universityNames: new Map([...organisations].map(([id, org]) => [id, org.name])),
    expertsByProblem,
    expertNames,
    outcomesByProblem: new Map(
      outcomes
        .filter((o) => solved.has(o.problemId))
        .map((o) => [
          o.problemId,
          {
            economicBenefitFen: o.economicBenefit.amountFen,
            contractAmountFen: o.contractAmount.amountFen,
          },
        ]),
    ),
  };
}

/**
 * What the dashboard reads, in one scan of problems and one of engagements: the funnel (every
 * record by status) and the statistics' inputs for the range, filtered here exactly as
 * openedProblems and engagedParties filter in the store.
 */
export async function loadDashboard(
  repos: Repositories,
  range: { from?: Date; to?: Date },
  facts?: StatsFacts,
) {
  const [allProblems, allEngagements] = facts
    ? [facts.problems, facts.engagements]
    : await Promise.all([repos.stats.allProblemFacts(), repos.stats.allEngagementFacts()]);
  const count = (statuses: string[]) => {
    const counts: Record<string, number> = {};
    for (const status of statuses) counts[status] = (counts[status] ?? 0) + 1;
    return counts;
  };
  const funnel = {
    problems: count(allProblems.map((p) => p.status)),
    engagements: count(allEngagements.map((e) => e.status)),
  };
  const problems: ProblemFacts[] = [];
  for (const { closeReason, openedAt, ...facts } of allProblems) {
    if (!openedAt || closeReason === 'duplicate') continue;
    if (range.from && openedAt < range.from) continue;
    if (range.to && openedAt >= range.to) continue;
    problems.push({ ...facts, openedAt });
  }
  const parties: EngagedParty[] = allEngagements
    .filter((e) => e.acceptedAt !== undefined)
    .map(({ problemId, universityId, expertId, expertName }) => ({
      problemId,
      universityId,
      expertId,
      expertName,
    }));
  const outcomes = facts?.outcomes.filter((o) => !range.from || o.confirmedAt >= range.from);
  const inputs = await loadStatsInputs(repos, range, true, { problems, parties, outcomes });
  return { funnel, inputs };
}

/** The outcome dashboard: one table per dimension over the same problems, and their total. */
export function dashboard(inputs: StatsInputs, lang: Lang) {
  const tables = Object.fromEntries(
    statsDimensions.map((by) => [by, problemStats(by, inputs, lang).rows]),
  ) as Record<StatsDimension, StatsRow[]>;
  return { total: problemStats('quarter', inputs, lang).total, tables };
}

const exportHeaders: Record<Lang, string[]> = {
  zh: [
    '分组',
    '发布难题数',
    '已对接数',
    '已解决数',
    '已关闭数',
    '解决率（%）',
    '首次对接天数·中位数',
    '首次对接天数·P90',
    '解决天数·中位数',
    '解决天数·P90',
    '经济效益（万元）',
    '合同金额（万元）',
  ],
  en: [
    'Group',
    'Posted',
    'Engaged',
    'Solved',
    'Closed',
    'Solved rate (%)',
    'Days to first engagement, median',
    'Days to first engagement, p90',
    'Days to solved, median',
    'Days to solved, p90',
    'Economic benefit (10k yuan)',
    'Contract amount (10k yuan)',
  ],
};

const wan = (fen: number) => Math.round(fen / 100) / 10_000;

/** A statistics table as spreadsheet rows: the header, one row per group, the total last. */
export function statsTable(rows: StatsRow[], total: StatsRow, lang: Lang) {
  const cells = (row: StatsRow): (string | number)[] => [
    row.label,
    row.posted,
    row.engaged,
    row.solved,
    row.closed,
    row.solvedRate === null ? '' : Math.round(row.solvedRate * 1000) / 10,
    row.daysToFirstEngagement.median ?? '',
    row.daysToFirstEngagement.p90 ?? '',
    row.daysToSolved.median ?? '',
    row.daysToSolved.p90 ?? '',
    wan(row.economicBenefitFen),
    wan(row.contractAmountFen),
  ];
  return { header: exportHeaders[lang], rows: [...rows.map(cells), cells(total)] };
}

const funnelHeaders: Record<Lang, string[]> = {
  zh: ['类别', '状态', '数量'],
  en: ['Kind', 'Status', 'Count'],
};

/** The funnel (counts by status) as spreadsheet rows. */
export function funnelTable(
  funnel: { problems: Record<string, number>; engagements: Record<string, number> },
  labels: Record<string, Record<Lang, string>>,
  lang: Lang,
) {
  const kind = {
    problems: { zh: '难题', en: 'Problems' },
    engagements: { zh: '对接', en: 'Engagements' },
  };
  const rows: (string | number)[][] = [];
  for (const key of ['problems', 'engagements'] as const) {
    for (const [status, n] of Object.entries(funnel[key]))
      rows.push([kind[key][lang], labels[status]?.[lang] ?? status, n]);
  }
  return { header: funnelHeaders[lang], rows };
}

/** Sheet names of the exported tables (Excel allows at most 31 characters). */
export const tableTitles: Record<StatsDimension | 'funnel', Record<Lang, string>> = {
  quarter: { zh: '按季度', en: 'By quarter' },
  town: { zh: '按乡镇', en: 'By town' },
  industry: { zh: '按行业', en: 'By industry' },
  university: { zh: '按高校', en: 'By university' },
  expert: { zh: '按专家', en: 'By expert' },
  field: { zh: '按领域', en: 'By field' },
  funnel: { zh: '状态漏斗', en: 'Funnel' },
};

/** Problem and engagement statuses in words, for the funnel export. */
export const statusLabels: Record<string, Record<Lang, string>> = {
  draft: { zh: '草稿', en: 'draft' },
  open: { zh: '征集中', en: 'open' },
  in_progress: { zh: '对接中', en: 'in progress' },
  solved: { zh: '已解决', en: 'solved' },
  closed: { zh: '已关闭', en: 'closed' },
  withdrawn: { zh: '已撤回', en: 'withdrawn' },
  invited: { zh: '已邀请', en: 'invited' },
  interested: { zh: '有意向', en: 'interested' },
  accepted: { zh: '已接受', en: 'accepted' },
  declined: { zh: '已婉拒', en: 'declined' },
  active: { zh: '进行中', en: 'active' },
  abandoned: { zh: '已终止', en: 'abandoned' },
};
