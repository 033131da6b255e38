import { readdirSync } from 'node:fs';
import { MongoClient, ObjectId } from 'mongodb';
import { createApp } from '../../src/app.js';
import { createImportJobRepository } from '../../src/features/imports/repository.js';
import { createLogger } from '../../src/lib/logger.js';
import { createEmbeddedEngine } from '../../src/search/embedded.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Actor } from '../../src/features/access/actor.js';
import { createTestContext, testCreditCode, type TestContext } from '../helpers.js';
import { as, problemInput } from '../domain/world.js';
import {
  adminOnly,
  callers,
  companyOrOffice,
  everyone,
  expertSelfOrOffice,
  office,
  partiesOrOffice,
  rule,
  signedIn,
  type Fixture,
  type MatrixExtension,
  type Rule,
} from './matrix-kit.js';

// Every route of the OpenAPI document × seven kinds of caller × ownership. A route without a
// rule below fails the test, so a new route cannot ship without deciding who may call it.
// "allow" means the caller got past authorisation (2xx, or a 400/409 about the request itself);
// "deny" means 401 (anonymous) or 403/404 (signed in, not allowed or not allowed to know).

const baseRules: Record<string, Rule> = {
  'GET /health': everyone,
  'GET /ready': everyone,
  'POST /organisations': office,
  'GET /organisations': signedIn,
  'GET /organisations/{id}': signedIn,
  'PATCH /organisations/{id}': companyOrOffice,
  'POST /experts': office,
  'GET /experts': signedIn,
  'GET /experts/{id}': signedIn,
  'PATCH /experts/{id}': expertSelfOrOffice,
  'POST /problems': companyOrOffice,
  'GET /problems': signedIn,
  'GET /problems/{id}': partiesOrOffice,
  'PATCH /problems/{id}': companyOrOffice,
  'GET /problems/{id}/events': partiesOrOffice,
  'POST /problems/{id}/publish': companyOrOffice,
  'POST /problems/{id}/withdraw': companyOrOffice,
  'POST /problems/{id}/start': companyOrOffice,
  'POST /problems/{id}/solve': companyOrOffice,
  'POST /problems/{id}/close': companyOrOffice,
  'POST /problems/{id}/engagements': companyOrOffice,
  'POST /problems/{id}/interest': rule(['expertEngaged']),
  'POST /problems/{id}/outcome': companyOrOffice,
  'GET /problems/{id}/outcome': partiesOrOffice,
  'POST /problems/{id}/outcome/follow-ups': companyOrOffice,
  'GET /problems/{id}/matches': companyOrOffice,
  'GET /engagements': signedIn,
  'GET /engagements/{id}': partiesOrOffice,
  'POST /engagements/{id}/visits': partiesOrOffice,
  'GET /engagements/{id}/visits': partiesOrOffice,
  'POST /engagements/{id}/accept': expertSelfOrOffice,
  'POST /engagements/{id}/decline': expertSelfOrOffice,
  'POST /engagements/{id}/activate': partiesOrOffice,
  'POST /engagements/{id}/solve': companyOrOffice,
  'POST /engagements/{id}/abandon': partiesOrOffice,
  'POST /programmes': office,
  'GET /programmes': signedIn,
  'GET /programmes/{id}': signedIn,
  'POST /programmes/{id}/pairings': office,
  'GET /pairings': signedIn,
  'GET /pairings/{id}': partiesOrOffice,
  'POST /pairings/{id}/activate': office,
  'POST /pairings/{id}/conclude': office,
  'GET /events': office,
  'GET /stats/problems': office,
  'GET /stats/funnel': office,
  'GET /me': signedIn,
  'POST /me/company': signedIn,
  'POST /me/expert': signedIn,
  'POST /organisations/{id}/invitations': companyOrOffice,
  'POST /invitations/accept': signedIn,
  'GET /verification/queue': office,
  'POST /organisations/{id}/verification': office,
  'POST /experts/{id}/verification': office,
  'GET /admin/users': office,
  'POST /admin/users/{id}/role': adminOnly,
  'POST /admin/users/{id}/suspend': adminOnly,
  'POST /admin/users/{id}/reinstate': adminOnly,
  'GET /search/problems': signedIn,
  'GET /search/experts': signedIn,
  'GET /experts/{id}/matches': expertSelfOrOffice,
  'POST /imports/{entity}': office,
  'GET /imports/{id}': office,
  'GET /imports/templates/{file}': signedIn,
  'GET /exports/{file}': signedIn,
  'POST /programmes/{id}/pairing-runs': office,
  'GET /programmes/{id}/pairing-runs': office,
  'GET /pairing-runs/{id}': office,
  'POST /pairing-runs/{id}/cancel': office,
  'POST /pairing-runs/{id}/apply': office,
};

// Features that came later keep their rules in matrix-rules/<feature>.ts.
const ruleDir = new URL('./matrix-rules/', import.meta.url);
const extensions: MatrixExtension[] = await Promise.all(
  readdirSync(ruleDir)
    .filter((file) => file.endsWith('.ts'))
    .sort()
    .map(
      async (file) =>
        ((await import(new URL(file, ruleDir).href)) as { default: MatrixExtension }).default,
    ),
);
const rules: Record<string, Rule> = Object.assign(
  {},
  baseRules,
  ...extensions.map((extension) => extension.rules),
) as Record<string, Rule>;

let serial = 70_000;

/** A private open problem of company A with expert 1 engaged, a solved one with its outcome, a pairing. */
async function createFixture(ctx: TestContext): Promise<Fixture> {
  const users = ctx.store.db.collection('user');
  const userId = async (name: string) => {
    const _id = new ObjectId();
    await users.insertOne({
      _id,
      email: `${_id.toHexString()}@matrix.test`,
      name,
      emailVerified: true,
      createdAt: new Date(),
      updatedAt: new Date(),
    });
    return _id.toHexString();
  };
  const officer: Actor = { userId: await userId('王科长'), role: 'officer', name: '王科长' };
  const admin: Actor = { userId: await userId('李主任'), role: 'admin', name: '李主任' };
  const office = as(ctx, admin);
  const created = async (path: string, body: unknown) => {
    const res = await office.call('POST', path, body);
    if (res.status !== 201) throw new Error(`${path}: ${res.status} ${JSON.stringify(res.body)}`);
    return res.body as { id: string; rev: number };
  };
  const org = async (kind: string, name: string) => {
    const o = await created('/organisations', { kind, name, creditCode: testCreditCode(serial++) });
    await office.call('POST', `/organisations/${o.id}/verification`, {
      rev: o.rev,
      decision: 'approve',
    });
    return o.id;
  };
  const university = await org('university', '矩阵大学');
  const companyA = await org('company', '矩阵甲公司');
  const companyB = await org('company', '矩阵乙公司');
  const expert = async (name: string) => {
    const e = await created('/experts', {
      organisationId: university,
      name,
      email: `e${serial++}@matrix.edu.cn`,
      fields: ['mech.cnc'],
      capacity: 10,
    });
    await office.call('POST', `/experts/${e.id}/verification`, { rev: e.rev, decision: 'approve' });
    return e.id;
  };
  const e1 = await expert('甲专家');
  const e2 = await expert('乙专家');
  const actors = {
    owner: {
      userId: await userId('甲老板'),
      role: 'company_owner',
      name: '甲老板',
      organisationId: companyA,
    },
    otherCompany: {
      userId: await userId('乙老板'),
      role: 'company_owner',
      name: '乙老板',
      organisationId: companyB,
    },
    expertEngaged: {
      userId: await userId('甲专家'),
      role: 'expert',
      name: '甲专家',
      organisationId: university,
      expertId: e1,
    },
    expertNotEngaged: {
      userId: await userId('乙专家'),
      role: 'expert',
      name: '乙专家',
      organisationId: university,
      expertId: e2,
    },
    officer,
    admin,
  } satisfies Fixture['actors'];

  const openProblem = async (confidentiality: string) => {
    const p = await created('/problems', problemInput(companyA, { confidentiality }));
    await office.call('POST', `/problems/${p.id}/publish`, { rev: p.rev });
    const engagement = await created(`/problems/${p.id}/engagements`, { expertId: e1 });
    await as(ctx, actors.expertEngaged).call('POST', `/engagements/${engagement.id}/accept`, {
      rev: engagement.rev,
    });
    return { problem: p.id, engagement: engagement.id };
  };
  const live = await openProblem('private');
  const done = await openProblem('private');
  await office.call('POST', `/engagements/${done.engagement}/activate`, { rev: 2 });
  const current = (await office.call('GET', `/problems/${done.problem}`)).body as { rev: number };
  await office.call('POST', `/problems/${done.problem}/solve`, { rev: current.rev });
  await created(`/problems/${done.problem}/outcome`, outcome);

  const programme = await created('/programmes', { name: '矩阵计划', year: 2026 });
  const pairing = await created(`/programmes/${programme.id}/pairings`, {
    expertId: e1,
    companyId: companyA,
  });
  const run = await office.call('POST', `/programmes/${programme.id}/pairing-runs`, {
    expertIds: [e1, e2],
    problemIds: [live.problem],
  });
  if (run.status !== 202) throw new Error(`pairing run: ${run.status} ${JSON.stringify(run.body)}`);
  return {
    actors,
    ids: {
      university,
      companyA,
      companyB,
      e1,
      e2,
      problem: live.problem,
      engagement: live.engagement,
      solvedProblem: done.problem,
      programme: programme.id,
      pairing: pairing.id,
      pairingRun: run.body.id as string,
      targetUser: await userId('被管理的用户'),
      importJob: (
        await createImportJobRepository(ctx.store.db).create({
          entity: 'experts',
          format: 'csv',
          dryRun: true,
          status: 'validated',
          total: 0,
          planned: { create: 0, update: 0, unchanged: 0 },
          processed: 0,
          written: { created: 0, updated: 0 },
          errors: [],
          errorCount: 0,
          createdBy: { userId: admin.userId, role: 'admin', name: admin.name },
          createdAt: new Date(),
          updatedAt: new Date(),
        })
      )._id,
    },
  };
}

const outcome = {
  summary: '问题已解决，良品率显著提升。',
  economicBenefit: { amountFen: 100 },
  contractAmount: { amountFen: 100 },
  rating: 5,
};

function resolvePath(method: string, path: string, ids: Record<string, string>): string {
  for (const extension of extensions) {
    const resolved = extension.resolve?.(method, path, ids);
    if (resolved !== undefined) return resolved;
  }
  const id = (() => {
    if (path.startsWith('/organisations/')) return ids.companyA;
    if (path.startsWith('/experts/')) return ids.e1;
    if (path.startsWith('/problems/') && path.includes('/outcome')) return ids.solvedProblem;
    if (path.startsWith('/problems/')) return ids.problem;
    if (path.startsWith('/engagements/')) return ids.engagement;
    if (path.startsWith('/programmes/')) return ids.programme;
    if (path.startsWith('/pairings/')) return ids.pairing;
    if (path.startsWith('/pairing-runs/')) return ids.pairingRun;
    if (path.startsWith('/admin/users/')) return ids.targetUser;
    if (path === '/imports/{id}') return ids.importJob;
    return undefined;
  })();
  const concrete = (id ? path.replace('{id}', id) : path)
    .replace('{entity}', 'experts')
    .replace('{file}', 'experts.csv');
  if (concrete === '/imports/experts') return `${concrete}?dryRun=true`;
  return method === 'GET' && concrete === '/stats/problems' ? `${concrete}?groupBy=town` : concrete;
}

function bodyFor(method: string, path: string, ids: Record<string, string>): unknown {
  if (method === 'GET') return undefined;
  const key = `${method} ${path}`;
  const transition = { rev: 1, reasonCode: 'budget' };
  const bodies: Record<string, unknown> = {
    'POST /organisations': {
      kind: 'company',
      name: '矩阵新公司',
      creditCode: testCreditCode(serial++),
    },
    'PATCH /organisations/{id}': { rev: 1, name: '矩阵甲公司（更名）' },
    'POST /experts': {
      organisationId: ids.university,
      name: '新专家',
      email: `n${serial++}@matrix.edu.cn`,
      fields: ['mech.cnc'],
    },
    'PATCH /experts/{id}': { rev: 1, bio: '更新简介' },
    'POST /problems': problemInput(ids.companyA ?? ''),
    'PATCH /problems/{id}': { rev: 1, title: '矩阵测试改过的标题' },
    'POST /problems/{id}/close': { rev: 1, reasonCode: 'other' },
    'POST /problems/{id}/engagements': { expertId: ids.e2 },
    'POST /problems/{id}/interest': {},
    'POST /problems/{id}/outcome': outcome,
    'POST /problems/{id}/outcome/follow-ups': { date: '2027-01-01', note: '回访' },
    'POST /engagements/{id}/visits': { date: '2026-11-20', note: '走访' },
    'POST /programmes': { name: '新计划', year: 2026 },
    'POST /programmes/{id}/pairings': { expertId: ids.e2, companyId: ids.companyB },
    'POST /programmes/{id}/pairing-runs': {
      expertIds: [ids.e1, ids.e2],
      problemIds: [ids.problem],
    },
    'POST /me/company': { name: '新注册公司', creditCode: testCreditCode(serial++) },
    'POST /me/expert': { organisationId: ids.university, name: '新专家', fields: ['mech.cnc'] },
    'POST /organisations/{id}/invitations': { email: 'invitee@matrix.test' },
    'POST /invitations/accept': { token: 'x'.repeat(24) },
    'POST /organisations/{id}/verification': { rev: 1, decision: 'approve' },
    'POST /experts/{id}/verification': { rev: 1, decision: 'approve' },
    'POST /admin/users/{id}/role': { role: 'company_member' },
    'POST /admin/users/{id}/suspend': { reason: '矩阵测试' },
    'POST /admin/users/{id}/reinstate': { reason: '矩阵测试' },
  };
  for (const extension of extensions) {
    const extra = extension.bodies?.(ids);
    if (extra && key in extra) return extra[key];
  }
  if (key in bodies) return bodies[key];
  if (path.startsWith('/pairing-runs/')) return {};
  return path.startsWith('/pairings/') ? { rev: 1 } : transition;
}

// The operations come from the OpenAPI document, read once at load time (serving it needs no
// database), so that every route is its own test with its own time limit.
const documentApp = createApp({
  db: new MongoClient('mongodb://127.0.0.1:9/').db('openapi'),
  search: createEmbeddedEngine(),
  logger: createLogger('silent'),
});
const openapi = (await (await documentApp.request('/openapi.json')).json()) as {
  paths: Record<string, Record<string, unknown>>;
};
const operations = Object.entries(openapi.paths).flatMap(([path, methods]) =>
  Object.keys(methods).map((method) => ({ method: method.toUpperCase(), path })),
);

describe('authorisation of every route for every kind of caller', () => {
  let ctx: TestContext;
  beforeAll(async () => {
    ctx = await createTestContext();
  });
  afterAll(async () => {
    await ctx.close();
  });

  it('has a rule for every route in the OpenAPI document, and no rule for a route that is gone', () => {
    const documented = operations.map((op) => `${op.method} ${op.path}`);
    expect(documented.filter((key) => !(key in rules))).toEqual([]);
    expect(Object.keys(rules).filter((key) => !documented.includes(key))).toEqual([]);
  });

  it.each(operations)(
    'allows and denies $method $path exactly as its rule says',
    async ({ method, path }) => {
      const expected = rules[`${method} ${path}`];
      expect(expected, `no rule for ${method} ${path}`).toBeDefined();
      if (!expected) return;
      // A fresh fixture per route: one caller's successful write must not decide the next one's fate.
      const fixture = await createFixture(ctx);
      for (const extension of extensions)
        if (extension.fixture) Object.assign(fixture.ids, await extension.fixture(ctx, fixture));
      const mismatches: string[] = [];
      for (const caller of callers) {
        const actor = caller === 'anonymous' ? null : fixture.actors[caller];
        const res = await as(ctx, actor).call(
          method,
          resolvePath(method, path, fixture.ids),
          bodyFor(method, path, fixture.ids),
        );
        const denied = res.status === 401 || res.status === 403 || res.status === 404;
        const outcomeOk =
          res.status < 500 &&
          (expected[caller] === 'allow'
            ? !denied
            : denied && (caller !== 'anonymous' || res.status === 401));
        if (!outcomeOk)
          mismatches.push(
            `${caller}: expected ${expected[caller]}, got ${res.status} ${JSON.stringify(res.body?.error?.code ?? '')}`,
          );
      }
      expect(mismatches).toEqual([]);
    },
    60_000,
  );
});
