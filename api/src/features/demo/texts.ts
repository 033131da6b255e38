import type { Rng } from './corpus/index.js';

// Short texts of the engagement record: what an expert writes after a visit, what a company
// writes when it confirms an outcome. Built from the problem's own keywords so that they read as
// belonging to it.

const visitNotes = [
  '赴{company}现场调研，查看生产线运行情况，与技术负责人讨论{title}，建议先开展{kw}对比试验。',
  '现场取样{n}组，带回实验室分析；初步判断与{kw}有关，下周反馈检测结果。',
  '与企业技术团队召开方案讨论会，确定以{kw}为主、{kw2}为辅的改进思路，并明确分工和时间节点。',
  '第{n}次到厂指导，调整关键工艺参数后试生产一批，各项指标较上次有明显改善。',
  '对企业{m}名技术人员开展{kw}专题培训，现场解答操作中遇到的问题。',
] as const;

const progressNotes = [
  '完成第{n}轮{kw}试验，数据已整理成报告发给企业，下一步扩大样本量验证。',
  '实验室小试结果达到预期，正在与企业商定中试方案。',
  '仿真分析完成，{kw2}方案的效果优于原方案，待现场验证。',
  '企业反馈试生产良品率提升，正在固化工艺参数并编写作业指导书。',
] as const;

function fill(template: string, slots: Record<string, string>): string {
  return template.replace(/\{(\w+)\}/g, (whole, name: string) => slots[name] ?? whole);
}

export function visitNote(
  rng: Rng,
  kind: 'visit' | 'progress',
  problem: { title: string; keywords: readonly string[]; companyName: string },
  n: number,
): string {
  const [kw = '工艺优化', kw2 = kw] = rng.shuffle(problem.keywords);
  return fill(rng.pick(kind === 'visit' ? visitNotes : progressNotes), {
    company: problem.companyName,
    title: `“${problem.title}”`,
    kw,
    kw2,
    n: String(n),
    m: String(rng.int(3, 15)),
  });
}

const outcomeOpenings = [
  '经{expert}团队多次现场诊断和{kw}试验，',
  '在{expert}的指导下，企业采用{kw}方案，',
  '双方联合开展{kw}攻关，',
] as const;

const outcomeClosings = [
  '改进方案已在产线稳定运行三个月以上。',
  '相关工艺规范已纳入企业作业指导书，并培养了两名技术骨干。',
  '企业已据此完成设备改造，产品通过客户验收。',
] as const;

/** What the company writes when it confirms that a problem is solved. */
export function outcomeSummary(
  rng: Rng,
  problem: { keywords: readonly string[]; desiredOutcome: string },
  expert: string,
): string {
  const kw = problem.keywords[0] ?? '工艺优化';
  // desiredOutcome reads "形成…方案，指标提高到…以上": its second half is the target that was met.
  const target = problem.desiredOutcome.split('，').at(-1) ?? problem.desiredOutcome;
  return `${fill(rng.pick(outcomeOpenings), { expert, kw })}${target}的目标已实现。${rng.pick(outcomeClosings)}`;
}

const followUpNotes = [
  '回访：改进后的工艺运行稳定，企业计划推广到第二条产线。',
  '回访：效益持续显现，企业与专家团队正在商谈二期合作。',
  '回访：客户投诉明显减少，企业已就相关技术申请专利。',
] as const;

export function followUpNote(rng: Rng): string {
  return rng.pick(followUpNotes);
}

const declineNotes: Record<string, string> = {
  outside_expertise: '该问题与本人研究方向相差较大，建议邀请其他专家。',
  no_capacity: '近期承担的项目较多，暂时无法投入足够时间。',
  timing: '本学期教学任务较重，下学期可再联系。',
  budget: '预算与所需试验投入差距较大。',
  conflict_of_interest: '与该企业的竞争对手有合作协议，需回避。',
  other: '经沟通，双方约定暂不开展合作。',
};

export function declineNote(reason: string): string {
  return declineNotes[reason] ?? '暂不合作。';
}
