import type { Actor } from '../../src/features/access/actor.js';
import { actorHeaders, jsonRequest, testCreditCode, type TestContext } from '../helpers.js';

let serial = 1000;

export interface Api {
  call(method: string, path: string, body?: unknown): Promise<{ status: number; body: any }>;
}

/** Calls the app as one actor (null: anonymous). */
export function as(ctx: TestContext, actor: Actor | null, lang = 'zh-CN'): Api {
  return {
    async call(method, path, body) {
      const headers: Record<string, string> = { 'accept-language': lang };
      Object.assign(headers, actorHeaders(actor));
      const init = body === undefined ? { method, headers } : jsonRequest(method, body, headers);
      const res = await ctx.app.request(path, init);
      const text = await res.text();
      // Exports and templates answer with files, not JSON.
      const json = (res.headers.get('content-type') ?? '').includes('json');
      return { status: res.status, body: text && json ? JSON.parse(text) : text || null };
    },
  };
}

export const officer: Actor = {
  userId: 'usr_officer',
  role: 'officer',
  name: '王科长',
  organisationId: 'org_office',
};
export const admin: Actor = {
  userId: 'usr_admin',
  role: 'admin',
  name: '李主任',
  organisationId: 'org_office',
};

export interface World {
  office: Api;
  university: { id: string; name: string };
  company: { id: string; name: string };
  otherCompany: { id: string };
  owner: Actor;
  ownerApi: Api;
  otherOwnerApi: Api;
  experts: { id: string; actor: Actor; api: Api }[];
}

/** A university with three experts, two companies with their owners, and the office. */
export async function createWorld(
  ctx: TestContext,
  options: { capacity?: number } = {},
): Promise<World> {
  const office = as(ctx, officer);
  const org = async (kind: string, name: string, town: string, industry?: string) => {
    const res = await office.call('POST', '/organisations', {
      kind,
      name,
      creditCode: testCreditCode(serial++),
      town,
      ...(industry ? { industry } : {}),
    });
    if (res.status !== 201)
      throw new Error(`organisation: ${res.status} ${JSON.stringify(res.body)}`);
    const verified = await office.call('POST', `/organisations/${res.body.id}/verification`, {
      rev: res.body.rev,
      decision: 'approve',
    });
    if (verified.status !== 200)
      throw new Error(`verify: ${verified.status} ${JSON.stringify(verified.body)}`);
    return res.body as { id: string; name: string };
  };
  const university = await org('university', '浙江工业大学', '杭州市');
  const company = await org('company', '德清精工机械有限公司', '乾元镇', '装备制造');
  const otherCompany = await org('company', '德清新材科技有限公司', '新市镇', '新材料');
  const owner: Actor = {
    userId: 'usr_owner',
    role: 'company_owner',
    name: '陈总',
    organisationId: company.id,
  };
  const otherOwner: Actor = {
    userId: 'usr_other',
    role: 'company_owner',
    name: '周总',
    organisationId: otherCompany.id,
  };

  const experts = [];
  for (const [i, name] of ['张伟', '刘洋', 'Emily Chen'].entries()) {
    const res = await office.call('POST', '/experts', {
      organisationId: university.id,
      name,
      email: `expert${serial++}@zjut.edu.cn`,
      title: '教授',
      fields: [['mech.cnc', 'mat.polymer', 'geo.rs'][i]],
      keywords: ['数控', '注塑', '遥感'].slice(i, i + 1),
      capacity: options.capacity ?? 3,
    });
    if (res.status !== 201) throw new Error(`expert: ${res.status} ${JSON.stringify(res.body)}`);
    const verified = await office.call('POST', `/experts/${res.body.id}/verification`, {
      rev: res.body.rev,
      decision: 'approve',
    });
    if (verified.status !== 200)
      throw new Error(`verify expert: ${verified.status} ${JSON.stringify(verified.body)}`);
    const actor: Actor = {
      userId: `usr_exp${i}`,
      role: 'expert',
      name,
      organisationId: university.id,
      expertId: res.body.id,
    };
    experts.push({ id: res.body.id as string, actor, api: as(ctx, actor) });
  }
  return {
    office,
    university,
    company,
    otherCompany,
    owner,
    ownerApi: as(ctx, owner),
    otherOwnerApi: as(ctx, otherOwner),
    experts,
  };
}

export function problemInput(companyId: string, overrides: Record<string, unknown> = {}) {
  return {
    companyId,
    title: '注塑件表面缩痕问题亟待解决',
    summary: '汽车内饰注塑件出现缩痕，良品率仅 82%。',
    description:
      '我司生产的汽车内饰件在保压阶段出现明显缩痕，已尝试调整保压时间和模温，效果有限。希望良品率提升到 97% 以上。',
    fields: ['mat.polymer'],
    keywords: ['注塑', '缩痕'],
    desiredOutcome: '给出工艺参数优化方案并现场验证',
    budget: { min: { amountFen: 5_000_000 }, max: { amountFen: 20_000_000 } },
    deadline: '2027-06-30',
    confidentiality: 'summary',
    ...overrides,
  };
}

/** Creates and publishes a problem; returns its body after publishing. */
export async function openProblem(world: World, overrides: Record<string, unknown> = {}) {
  const created = await world.ownerApi.call(
    'POST',
    '/problems',
    problemInput(world.company.id, overrides),
  );
  if (created.status !== 201)
    throw new Error(`problem: ${created.status} ${JSON.stringify(created.body)}`);
  const published = await world.ownerApi.call('POST', `/problems/${created.body.id}/publish`, {
    rev: created.body.rev,
  });
  if (published.status !== 200)
    throw new Error(`publish: ${published.status} ${JSON.stringify(published.body)}`);
  return published.body;
}
