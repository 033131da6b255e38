import type { Lang } from '../../../lib/i18n.js';
import { fieldLeaf, type FieldCode } from '../../taxonomy/index.js';
import type { Rng } from './rng.js';
import {
  lexiconOf,
  groupLexicon,
  keywordEn,
  capitalize,
  fill,
  readMetric,
  changeZh,
  changeEn,
  approaches,
  models,
  factors,
} from './text-kit.js';

const titlesZh = [
  '基于{m1}的{object}{approach}研究',
  '{object}{metric}的{m1}方法研究',
  '面向{application}的{object}{m1}技术',
  '{m1}在{object}{approach}中的应用',
  '{object}{metric}影响因素分析与{m1}优化',
  '考虑{factor}的{object}{metric}{model}',
  '{m1}与{m2}融合的{object}{approach}方法',
  '{object}{approach}中的{m1}关键技术',
  '基于{m1}和{m2}的{object}{metric}提升方法',
  '{application}用{object}的{m1}研究',
] as const;

const titlesEn = [
  '{M1}-based {approach} of {object}',
  'Improving the {metric} of {object} via {m1}',
  '{M1} for {object} in {application}',
  'A {m1} approach to {approach} of {object}',
  'Effects of {factor} on the {metric} of {object}',
  'Combining {m1} and {m2} to improve the {metric} of {object}',
  '{M1} for {application}: a case study on {object}',
  'A {model} for the {metric} of {object} using {m1}',
] as const;

const backgroundZh = [
  '{object}的{metric}是影响{application}产品质量与成本的关键因素。',
  '{object}在{application}领域应用广泛，但其{metric}长期难以满足要求。',
  '随着{application}的快速发展，对{object}的{metric}提出了更高要求。',
  '现有{object}{approach}方法普遍存在{issue}等不足。',
  '针对{object}{issue}的问题，',
] as const;

const methodZh = [
  '本文提出了一种基于{m1}的{object}{approach}方法，并结合{m2}建立了{model}。',
  '采用{m1}与{m2}相结合的方法，系统研究了{factor}对{metric}的影响规律。',
  '以{object}为研究对象，构建了考虑{factor}的{model}，并利用{m1}对关键参数进行了优化。',
  '首先通过{m1}分析了{issue}的形成机理，进而提出了基于{m2}的改进策略。',
] as const;

const resultZh = [
  '试验结果表明，所提方法使{metric}{change}。',
  '实际应用表明，{metric}{change}，满足了{application}的工程要求。',
  '与常规方法相比，{metric}{change}，{metric2}也得到明显改善。',
  '在{n}个实际场景中的验证结果显示，{metric}{change}。',
] as const;

const closingZh = [
  '研究结果可为{object}的{approach}提供理论依据和技术参考。',
  '该方法已在{n}家企业推广应用，取得了良好的经济效益。',
  '相关成果对{application}领域的{m1}工程应用具有借鉴意义。',
] as const;

const backgroundEn = [
  'The {metric} of {object} largely determines product quality and cost in {application}.',
  'In {application}, the {metric} of {object} remains a persistent bottleneck.',
  'Rising demands from {application} place stricter requirements on the {metric} of {object}.',
] as const;

const methodEn = [
  'This paper proposes a {m1}-based {approach} method for {object} and builds a {model} with {m2}.',
  'Combining {m1} with {m2}, we systematically investigate the influence of {factor} on the {metric}.',
  'Taking {object} as the subject, a {model} considering {factor} is established and its key parameters are optimized by {m1}.',
] as const;

const resultEn = [
  'Experiments show that the proposed method {change}.',
  'Validation in {n} field deployments shows that the method {change}.',
  'Compared with conventional practice, the method {change}, and the {metric2} is also markedly improved.',
] as const;

const closingEn = [
  'The results provide a reference for the {approach} of {object} in {application}.',
  'The method has been deployed in {n} companies with clear economic benefits.',
] as const;

export interface Publication {
  readonly lang: Lang;
  readonly title: string;
  /** Two to four sentences. */
  readonly abstract: string;
  readonly venue: string;
  readonly year: number;
  /** Three to five of the leaf's keywords, in the publication's language. */
  readonly keywords: readonly string[];
  readonly field: FieldCode;
}

/**
 * A journal paper in the leaf's field. Without a language, three in four are Chinese, as in the
 * publication lists of a provincial engineering faculty.
 */
export function publication(
  rng: Rng,
  field: FieldCode,
  lang: Lang = rng.chance(0.75) ? 'zh' : 'en',
  years: readonly [from: number, to: number] = [2014, 2025],
): Publication {
  const { leaf, groupCode } = lexiconOf(field);
  const group = groupLexicon(groupCode);
  const [m1 = '', m2 = ''] = rng.sample(leaf.methods, 2);
  const object = rng.pick(leaf.objects);
  const [metricData, metric2Data] = rng.sample(leaf.metrics, 2);
  if (!metricData) throw new Error(`field ${field} has no metrics`);
  const reading = readMetric(rng, metricData);
  const application = rng.pick(group.applications);
  const approach = rng.pick(approaches);
  const model = rng.pick(models);
  const factor = rng.pick(factors);
  const n = String(rng.int(3, 12));
  const year = rng.int(years[0], years[1]);
  const keywordPool = fieldLeaf(field).keywords;
  const extra = rng.sample(
    keywordPool.filter(([zh]) => zh !== m1 && zh !== m2),
    rng.int(1, 3),
  );
  const keywordsZh = [m1, m2, ...extra.map(([zh]) => zh)];

  if (lang === 'zh') {
    const slots = {
      m1,
      m2,
      object: object[0],
      metric: reading.zh,
      metric2: metric2Data?.[0] ?? reading.zh,
      application: application[0],
      approach: approach[0],
      model: model[0],
      factor: factor[0],
      issue: rng.pick(leaf.issues),
      change: changeZh(rng, reading),
      n,
    };
    const background = rng.pick(backgroundZh);
    // "针对…的问题，" opens a sentence that the method sentence completes.
    const sentences = [fill(background, slots), fill(rng.pick(methodZh), slots)];
    sentences.push(fill(rng.pick(resultZh), slots));
    if (rng.chance(0.5)) sentences.push(fill(rng.pick(closingZh), slots));
    return {
      lang,
      title: fill(rng.pick(titlesZh), slots),
      abstract: sentences.join(''),
      venue: rng.pick(group.venues.zh),
      year,
      keywords: keywordsZh,
      field,
    };
  }

  const m1En = keywordEn(field, m1);
  const slots = {
    m1: m1En,
    M1: capitalize(m1En),
    m2: keywordEn(field, m2),
    object: object[1],
    metric: reading.en,
    metric2: metric2Data?.[1] ?? reading.en,
    application: application[1],
    approach: approach[1],
    model: model[1],
    factor: factor[1],
    change: changeEn(rng, reading),
    n,
  };
  const sentences = [
    capitalize(fill(rng.pick(backgroundEn), slots)),
    capitalize(fill(rng.pick(methodEn), slots)),
    capitalize(fill(rng.pick(resultEn), slots)),
  ];
  if (rng.chance(0.4)) sentences.push(fill(rng.pick(closingEn), slots));
  return {
    lang,
    title: capitalize(fill(rng.pick(titlesEn), slots)),
    abstract: sentences.join(' '),
    venue: rng.pick(group.venues.en),
    year,
    keywords: keywordsZh.map((zh) => keywordEn(field, zh)),
    field,
  };
}
