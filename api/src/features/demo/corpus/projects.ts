import type { FieldCode } from '../../taxonomy/index.js';
import type { Rng } from './rng.js';
import { lexiconOf, groupLexicon, fill, approaches } from './text-kit.js';

interface ProjectSource {
  readonly zh: string;
  readonly share: number;
  readonly amountWan: readonly [min: number, max: number];
  readonly titles: readonly string[];
}

const projectSources: readonly ProjectSource[] = [
  {
    zh: '企业委托横向项目',
    share: 45,
    amountWan: [5, 80],
    titles: [
      '{object}{issue}问题技术攻关',
      '{m1}在{object}中的应用开发',
      '{object}{metric}提升技术服务',
    ],
  },
  {
    zh: '国家自然科学基金面上项目',
    share: 10,
    amountWan: [50, 60],
    titles: ['基于{m1}的{object}{approach}机理研究', '{object}{metric}演化规律及{m1}方法'],
  },
  {
    zh: '国家自然科学基金青年科学基金项目',
    share: 8,
    amountWan: [20, 30],
    titles: ['{object}{approach}中的{m1}基础问题研究'],
  },
  {
    zh: '浙江省重点研发计划项目',
    share: 10,
    amountWan: [100, 500],
    titles: ['{object}{m1}关键技术研究与产业化', '面向{application}的{m1}技术研发与示范'],
  },
  {
    zh: '浙江省自然科学基金项目',
    share: 12,
    amountWan: [10, 20],
    titles: ['基于{m1}的{object}{metric}调控研究'],
  },
  {
    zh: '湖州市科技计划项目',
    share: 8,
    amountWan: [10, 50],
    titles: ['{object}{m1}技术开发与应用', '面向{application}的{object}{approach}'],
  },
  {
    zh: '德清县科技计划项目',
    share: 7,
    amountWan: [5, 30],
    titles: ['德清县{object}{m1}技术推广应用'],
  },
];

export interface PastProject {
  readonly title: string;
  /** Funding programme, e.g. 浙江省重点研发计划项目, or 企业委托横向项目 for industry contracts. */
  readonly source: string;
  readonly role: '主持' | '参与';
  readonly amountWan: number;
  readonly year: number;
  readonly field: FieldCode;
}

export function pastProject(
  rng: Rng,
  field: FieldCode,
  years: readonly [from: number, to: number] = [2014, 2025],
): PastProject {
  const { leaf, groupCode } = lexiconOf(field);
  const group = groupLexicon(groupCode);
  const source = rng.weighted(projectSources.map((s): [ProjectSource, number] => [s, s.share]));
  const title = fill(rng.pick(source.titles), {
    object: rng.pick(leaf.objects)[0],
    issue: rng.pick(leaf.issues),
    metric: rng.pick(leaf.metrics)[0],
    application: rng.pick(group.applications)[0],
    approach: rng.pick(approaches)[0],
    m1: rng.pick(leaf.methods),
  });
  const [min, max] = source.amountWan;
  return {
    title,
    source: source.zh,
    role: rng.chance(0.65) ? '主持' : '参与',
    amountWan: rng.int(min, max),
    year: rng.int(years[0], years[1]),
    field,
  };
}
