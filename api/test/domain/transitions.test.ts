import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { engagementMachine } from '../../src/features/engagements/machine.js';
import { pairingMachine } from '../../src/features/pairings/machine.js';
import { problemMachine } from '../../src/features/problems/machine.js';
import { createTestContext, testCreditCode, type TestContext } from '../helpers.js';
import { createWorld, problemInput, type World } from './world.js';

// Every (state, action) pair of every machine, driven through the HTTP API: the legal ones move
// the record and log an event, the illegal ones answer 409 with the allowed actions and change
// nothing. The expected outcome comes from the machine table itself, so a new state or action
// is covered without editing this file.
describe('every transition, legal and illegal', () => {
  let ctx: TestContext;
  let world: World;
  beforeAll(async () => {
    ctx = await createTestContext();
    world = await createWorld(ctx, { capacity: 20 });
  });
  afterAll(async () => {
    await ctx.close();
  });

  const reason = { close: 'other', decline: 'timing', abandon: 'budget' } as Record<string, string>;

  async function move(path: string, action: string, rev: number, api = world.office) {
    return api.call('POST', `${path}/${action}`, {
      rev,
      ...(reason[action] ? { reasonCode: reason[action] } : {}),
    });
  }

  const problemPaths: Record<string, string[]> = {
    draft: [],
    open: ['publish'],
    in_progress: ['publish', 'start'],
    solved: ['publish', 'start', 'solve'],
    closed: ['publish', 'close'],
    withdrawn: ['withdraw'],
  };

  it('covers the problem machine', async () => {
    expect(Object.keys(problemPaths).sort()).toEqual([...problemMachine.states].sort());
    for (const state of problemMachine.states) {
      for (const action of Object.keys(problemMachine.actions)) {
        let problem = (await world.office.call('POST', '/problems', problemInput(world.company.id)))
          .body;
        for (const step of problemPaths[state] ?? [])
          problem = (await move(`/problems/${problem.id}`, step, problem.rev)).body;
        expect(problem.status).toBe(state);
        const res = await move(`/problems/${problem.id}`, action, problem.rev);
        const legal = problemMachine.allowed(state).includes(action as never);
        expect(res.status, `${state} —${action}→`).toBe(legal ? 200 : 409);
        if (legal) {
          expect(res.body.status).toBe(
            problemMachine.actions[action as keyof typeof problemMachine.actions].to,
          );
        } else {
          expect(res.body.error.details.allowed).toEqual(problemMachine.allowed(state));
          expect((await world.office.call('GET', `/problems/${problem.id}`)).body.rev).toBe(
            problem.rev,
          );
        }
      }
    }
  });

  const engagementPaths: Record<string, { origin: 'invited' | 'interested'; steps: string[] }> = {
    invited: { origin: 'invited', steps: [] },
    interested: { origin: 'interested', steps: [] },
    accepted: { origin: 'invited', steps: ['accept'] },
    declined: { origin: 'invited', steps: ['decline'] },
    active: { origin: 'invited', steps: ['accept', 'activate'] },
    solved: { origin: 'invited', steps: ['accept', 'activate', 'solve'] },
    abandoned: { origin: 'invited', steps: ['accept', 'abandon'] },
  };

  it('covers the engagement machine', async () => {
    expect(Object.keys(engagementPaths).sort()).toEqual([...engagementMachine.states].sort());
    const expert = world.experts[2];
    if (!expert) throw new Error('no expert');
    for (const state of engagementMachine.states) {
      for (const action of Object.keys(engagementMachine.actions)) {
        const draft = (
          await world.office.call(
            'POST',
            '/problems',
            problemInput(world.company.id, { confidentiality: 'public' }),
          )
        ).body;
        const problem = (await move(`/problems/${draft.id}`, 'publish', draft.rev)).body;
        const path = engagementPaths[state];
        if (!path) throw new Error(state);
        let engagement =
          path.origin === 'invited'
            ? (
                await world.office.call('POST', `/problems/${problem.id}/engagements`, {
                  expertId: expert.id,
                })
              ).body
            : (await expert.api.call('POST', `/problems/${problem.id}/interest`, {})).body;
        for (const step of path.steps)
          engagement = (await move(`/engagements/${engagement.id}`, step, engagement.rev)).body;
        expect(engagement.status).toBe(state);
        const res = await move(`/engagements/${engagement.id}`, action, engagement.rev);
        const legal = engagementMachine.allowed(state).includes(action as never);
        expect(res.status, `${state} —${action}→`).toBe(legal ? 200 : 409);
        if (!legal)
          expect(res.body.error.details.allowed).toEqual(engagementMachine.allowed(state));
      }
    }
  });

  it('covers the pairing machine', async () => {
    const programme = (
      await world.office.call('POST', '/programmes', { name: '状态机全覆盖计划', year: 2026 })
    ).body;
    const steps: Record<string, string[]> = {
      proposed: [],
      active: ['activate'],
      concluded: ['activate', 'conclude'],
    };
    let n = 0;
    for (const state of pairingMachine.states) {
      for (const action of Object.keys(pairingMachine.actions)) {
        const expert = world.experts[n % 3];
        const company = (
          await world.office.call('POST', '/organisations', {
            kind: 'company',
            name: `结对测试企业${n}`,
            creditCode: testCreditCode(50_000 + n),
          })
        ).body;
        n++;
        let pairing = (
          await world.office.call('POST', `/programmes/${programme.id}/pairings`, {
            expertId: expert?.id,
            companyId: company.id,
          })
        ).body;
        expect(pairing.status).toBe('proposed');
        for (const step of steps[state] ?? [])
          pairing = (await move(`/pairings/${pairing.id}`, step, pairing.rev)).body;
        const res = await move(`/pairings/${pairing.id}`, action, pairing.rev);
        const legal = pairingMachine.allowed(state).includes(action as never);
        expect(res.status, `${state} —${action}→`).toBe(legal ? 200 : 409);
      }
    }
  });
});
