import { fieldLeaf, type FieldCode } from '../../taxonomy/index.js';
import type { Industry } from './county.js';
import type { Rng } from './rng.js';
import { lexiconOf, groupLexicon, fill, readMetric, withUnit } from './text-kit.js';

// Problems, written the way a company writes them: plain, specific, a little anxious.

const problemTitles = [
  '{object}{issue}问题亟待解决',
  '求助：{object}{issue}，{metric}难以稳定达标',
  '如何解决{object}{issue}？',
  '{object}{metric}优化技术需求',
  '寻求{m1}技术支持：{object}{issue}',
  '{object}{issue}原因分析及改进',
  '关于{object}{issue}的技术难题',
  '急需{m1}方面专家：解决{object}{issue}',
  '{object}方面{issue}，求{m1}解决方案',
  '{m1}技术在我司{object}上的应用需求',
  '{object}{metric}达不到客户要求，寻求技术合作',
  '{issue}导致{object}返工率高，求助高校专家',
] as const;

const situations = [
  '我公司是一家{profile}企业，年产值约{revenue}，近期在{object}方面遇到{issue}的问题。',
  '近{months}个月来{object}{issue}的情况明显增多，{metric}目前约为{current}。',
  '目前{object}的{metric}在{current}左右，{issue}造成的返工和客户投诉每年损失约{loss}万元。',
  '随着客户对{object}质量要求的提高，{issue}已成为制约我们接单的主要问题。',
  '{object}是我们的主打产品，但{issue}一直没有彻底解决，{metric}维持在{current}上下。',
] as const;

const attempts = [
  '我们{tried}，也{tried2}，但问题仍反复出现。',
  '前期{tried}，有一定改善，但效果不稳定。',
  '曾{tried}，效果有限，找不到根本原因。',
  '也了解过{m1}，但公司缺少这方面的专业人员，不知道从哪里入手。',
] as const;

const constraints = [
  '改造不能影响现有产线节拍，设备投入控制在{capex}万元以内。',
  '方案需兼容现有设备，尽量不新增大型设备。',
  '要求在{months2}个月内完成小试和现场验证。',
  '涉及核心工艺配方，合作需签署保密协议。',
  '现场可提供试验条件和样品，技术人员可全程配合。',
  '单件成本增加不能超过{costPct}%。',
] as const;

const outcomes = [
  '希望与高校专家合作，形成可落地的{m1}方案，并在我司产线完成验证。',
  '期望熟悉{m1}的专家到现场诊断，找出{issue}的根本原因，并给出改进措施。',
  '最终希望借助{m1}形成稳定的工艺规范和作业指导书，并培养一到两名技术骨干。',
  '如{m1}方面的合作效果良好，愿意开展长期合作，共同申报科技项目和专利。',
] as const;

const desiredOutcomes = [
  '形成可落地的技术方案并完成现场验证',
  '提交原因分析报告和改进方案',
  '开发样机并通过客户验证',
  '形成工艺规范，实现批量稳定生产',
  '联合开发新工艺并申请专利',
] as const;

const budgets: readonly (readonly [readonly [min: number, max: number], number])[] = [
  [[3, 5], 10],
  [[5, 10], 25],
  [[10, 20], 25],
  [[20, 50], 22],
  [[50, 100], 12],
  [[100, 200], 6],
];

export interface ProblemText {
  readonly title: string;
  /** Three to six sentences: situation, what was tried, target, constraints, desired outcome. */
  readonly description: string;
  /** One line, quoting the target indicator. */
  readonly desiredOutcome: string;
  /** Two or three of the leaf's Chinese keywords. */
  readonly keywords: readonly string[];
  readonly budgetWan: { readonly min: number; readonly max: number };
  readonly field: FieldCode;
}

function revenue(wan: number): string {
  return wan >= 10_000 ? `${String(wan / 10_000)}亿元` : `${String(wan)}万元`;
}

export function problemText(rng: Rng, field: FieldCode, industry: Industry): ProblemText {
  const { leaf, groupCode } = lexiconOf(field);
  const group = groupLexicon(groupCode);
  const [m1 = ''] = rng.sample(leaf.methods, 1);
  const [metricData, metric2Data] = rng.sample(leaf.metrics, 2);
  if (!metricData) throw new Error(`field ${field} has no metrics`);
  const reading = readMetric(rng, metricData);
  const [tried = '', tried2 = ''] = rng.sample(group.tried, 2);
  const current = withUnit(reading.current, reading.unit, reading.decimals);
  const target = withUnit(reading.target, reading.unit, reading.decimals);
  const slots = {
    profile: rng.pick(industry.profiles),
    object: rng.pick(leaf.objects)[0],
    issue: rng.pick(leaf.issues),
    metric: reading.zh,
    current,
    m1,
    tried,
    tried2,
    revenue: revenue(rng.int(2, 60) * 500),
    months: String(rng.int(2, 10)),
    months2: String(rng.int(3, 12)),
    loss: String(rng.int(10, 300)),
    capex: String(rng.int(2, 20) * 10),
    costPct: String(rng.int(2, 8)),
  };

  const direction = reading.lower ? '降低到' : '提高到';
  const bound = reading.lower ? '以内' : '以上';
  let targetSentence = `希望将${reading.zh}从目前的${current}${direction}${target}${bound}`;
  if (metric2Data && rng.chance(0.5)) {
    targetSentence += `，同时${metric2Data[0]}不能比现在差`;
  }
  targetSentence += '。';

  const sentences = [fill(rng.pick(situations), slots)];
  if (rng.chance(0.8)) sentences.push(fill(rng.pick(attempts), slots));
  sentences.push(targetSentence);
  if (rng.chance(0.7)) sentences.push(fill(rng.pick(constraints), slots));
  const budget = rng.weighted(budgets);
  if (rng.chance(0.4)) sentences.push(`项目预算约${budget[0]}–${budget[1]}万元。`);
  // Every outcome sentence names a technique, so each description carries a taxonomy keyword.
  sentences.push(fill(rng.pick(outcomes), slots));

  const others = rng.sample(
    fieldLeaf(field)
      .keywords.map(([zh]) => zh)
      .filter((zh) => zh !== m1),
    rng.int(1, 2),
  );
  return {
    title: fill(rng.pick(problemTitles), slots),
    description: sentences.join(''),
    desiredOutcome: `${rng.pick(desiredOutcomes)}，${reading.zh}${direction}${target}${bound}`,
    keywords: [m1, ...others],
    budgetWan: { min: budget[0], max: budget[1] },
    field,
  };
}
