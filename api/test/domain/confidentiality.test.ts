import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestContext, type TestContext } from '../helpers.js';
import { createWorld, openProblem, type World } from './world.js';

describe('confidentiality of problems in the domain API', () => {
  let ctx: TestContext;
  let world: World;
  let summaryOnly: { id: string };
  let privateOne: { id: string };
  let publicOne: { id: string };
  beforeAll(async () => {
    ctx = await createTestContext();
    world = await createWorld(ctx);
    summaryOnly = await openProblem(world, { title: '摘要公开的难题', confidentiality: 'summary' });
    privateOne = await openProblem(world, {
      title: '仅对接专家可见的难题',
      confidentiality: 'private',
    });
    publicOne = await openProblem(world, { title: '完全公开的难题', confidentiality: 'public' });
    const invitedExpert = world.experts[0];
    if (!invitedExpert) throw new Error('no expert');
    await world.ownerApi.call('POST', `/problems/${privateOne.id}/engagements`, {
      expertId: invitedExpert.id,
    });
  });
  afterAll(async () => {
    await ctx.close();
  });

  const stranger = () => world.experts[1]?.api ?? world.otherOwnerApi;

  it('shows others only the title, fields and summary of a summary-only problem', async () => {
    const res = await stranger().call('GET', `/problems/${summaryOnly.id}`);
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ visibility: 'summary', title: '摘要公开的难题' });
    for (const hidden of ['description', 'desiredOutcome', 'budget', 'deadline'])
      expect(res.body).not.toHaveProperty(hidden);
    const owner = await world.ownerApi.call('GET', `/problems/${summaryOnly.id}`);
    expect(owner.body).toMatchObject({ visibility: 'full' });
    expect(owner.body.description).toContain('保压');
  });

  it('hides a private problem from everyone but the company, engaged experts and the office', async () => {
    expect((await stranger().call('GET', `/problems/${privateOne.id}`)).status).toBe(404);
    expect((await world.otherOwnerApi.call('GET', `/problems/${privateOne.id}`)).status).toBe(404);
    const listed = await stranger().call('GET', '/problems?limit=100');
    const ids = listed.body.items.map((item: { id: string }) => item.id);
    expect(ids).toContain(summaryOnly.id);
    expect(ids).toContain(publicOne.id);
    expect(ids).not.toContain(privateOne.id);
    expect(JSON.stringify(listed.body)).not.toContain('仅对接专家可见');

    const engaged = await world.experts[0]?.api.call('GET', `/problems/${privateOne.id}`);
    expect(engaged?.body).toMatchObject({ visibility: 'full', title: '仅对接专家可见的难题' });
    expect((await world.office.call('GET', `/problems/${privateOne.id}`)).body.visibility).toBe(
      'full',
    );
  });

  it('records reads of confidential details in the audit trail, but not the company’s own', async () => {
    await world.experts[0]?.api.call('GET', `/problems/${privateOne.id}`);
    await world.ownerApi.call('GET', `/problems/${privateOne.id}`);
    const audit = await world.office.call('GET', `/events?entityId=${privateOne.id}&type=viewed`);
    const readers = audit.body.items.map(
      (event: { actor: { userId: string } }) => event.actor.userId,
    );
    expect(readers).toContain(world.experts[0]?.actor.userId);
    expect(readers).not.toContain(world.owner.userId);
  });

  it('never lists drafts to anyone but the company and the office', async () => {
    const draft = (
      await world.ownerApi.call('POST', '/problems', {
        companyId: world.company.id,
        title: '尚未发布的草稿难题',
        summary: '草稿',
        description: '这是一份尚未发布的草稿，只有企业自己和人才办能看到。',
        fields: ['mech.cnc'],
        confidentiality: 'public',
      })
    ).body;
    expect((await stranger().call('GET', `/problems/${draft.id}`)).status).toBe(404);
    const listed = await stranger().call('GET', '/problems?limit=100&status=draft');
    expect(listed.body.items).toEqual([]);
  });
});
