import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestContext, testCreditCode, type TestContext } from '../helpers.js';
import { createWorld, openProblem, problemInput, type World } from '../domain/world.js';

describe('problem curation by the office', () => {
  let ctx: TestContext;
  let world: World;
  beforeAll(async () => {
    ctx = await createTestContext();
    world = await createWorld(ctx);
  });
  afterAll(async () => {
    await ctx.close();
  });

  it('keeps an officer edit without consent as a proposal until the company accepts it', async () => {
    const problem = await openProblem(world);
    const proposed = await world.office.call('POST', `/problems/${problem.id}/edit-proposals`, {
      rev: problem.rev,
      changes: { title: '汽车内饰注塑件缩痕治理', keywords: ['注塑', '缩痕', '保压'] },
      note: '标题更具体，补充关键词便于匹配',
    });
    expect(proposed.status).toBe(201);
    expect(proposed.body).toMatchObject({
      status: 'pending',
      changes: { title: '汽车内饰注塑件缩痕治理', keywords: ['注塑', '缩痕', '保压'] },
      before: { title: problem.title, keywords: problem.keywords },
      proposedBy: { name: '王科长' },
    });
    // Nothing changed yet.
    const unchanged = await world.ownerApi.call('GET', `/problems/${problem.id}`);
    expect(unchanged.body.title).toBe(problem.title);
    expect(unchanged.body.rev).toBe(problem.rev);

    // The office cannot accept for the company, nor can another company.
    expect(
      (await world.office.call('POST', `/edit-proposals/${proposed.body.id}/accept`, {})).status,
    ).toBe(403);
    expect(
      (await world.otherOwnerApi.call('POST', `/edit-proposals/${proposed.body.id}/accept`, {}))
        .status,
    ).toBe(403);
    const mine = await world.ownerApi.call('GET', '/edit-proposals?status=pending');
    expect(mine.body.items.map((p: { id: string }) => p.id)).toContain(proposed.body.id);
    const theirs = await world.otherOwnerApi.call('GET', '/edit-proposals');
    expect(theirs.body.items).toEqual([]);

    const accepted = await world.ownerApi.call(
      'POST',
      `/edit-proposals/${proposed.body.id}/accept`,
      { note: '同意' },
    );
    expect(accepted.status).toBe(200);
    expect(accepted.body).toMatchObject({ status: 'accepted', decidedBy: { name: '陈总' } });
    const edited = await world.ownerApi.call('GET', `/problems/${problem.id}`);
    expect(edited.body).toMatchObject({
      title: '汽车内饰注塑件缩痕治理',
      keywords: ['注塑', '缩痕', '保压'],
      rev: Number(problem.rev) + 1,
    });
    // Decided once.
    expect(
      (await world.ownerApi.call('POST', `/edit-proposals/${proposed.body.id}/reject`, {})).status,
    ).toBe(409);

    // The trail names the officer who proposed and the company user who accepted.
    const trail = await world.office.call('GET', `/events?entity=problem&entityId=${problem.id}`);
    const actions = trail.body.items.map((e: { action?: string }) => e.action);
    expect(actions).toEqual(expect.arrayContaining(['edit_proposed', 'office_edit_accepted']));
    const applied = trail.body.items.find(
      (e: { action?: string }) => e.action === 'office_edit_accepted',
    );
    expect(applied.actor.name).toBe('陈总');
    expect(applied.note).toContain('王科长');
    expect(applied.note).toContain(proposed.body.id);
  });

  it('applies an edit at once only with the consent the company gave, and records it', async () => {
    const problem = await openProblem(world);
    const missingNote = await world.office.call('POST', `/problems/${problem.id}/edit-proposals`, {
      rev: problem.rev,
      changes: { fields: ['mat.polymer', 'mech.mould'] },
      consent: { channel: 'phone' },
    });
    expect(missingNote.status).toBe(400);
    const applied = await world.office.call('POST', `/problems/${problem.id}/edit-proposals`, {
      rev: problem.rev,
      changes: { fields: ['mat.polymer', 'mech.mould'] },
      consent: { channel: 'phone', note: '11月26日电话联系陈总，同意补充领域' },
    });
    expect(applied.status).toBe(201);
    expect(applied.body).toMatchObject({ status: 'applied', consent: { channel: 'phone' } });
    const edited = await world.ownerApi.call('GET', `/problems/${problem.id}`);
    expect(edited.body.fields).toEqual(['mat.polymer', 'mech.mould']);
    const trail = await world.office.call(
      'GET',
      `/events?entity=problem&entityId=${problem.id}&type=updated`,
    );
    expect(trail.body.items[0]).toMatchObject({
      action: 'office_edit',
      actor: { name: '王科长' },
    });
    expect(trail.body.items[0].note).toContain('company consent obtained by 电话 phone');
    expect(trail.body.items[0].note).toContain('同意补充领域');

    // A stale rev is refused, an edit that changes nothing too.
    expect(
      (
        await world.office.call('POST', `/problems/${problem.id}/edit-proposals`, {
          rev: problem.rev,
          changes: { title: '另一个标题的修改' },
          consent: { channel: 'wechat', note: '微信确认' },
        })
      ).status,
    ).toBe(409);
    expect(
      (
        await world.office.call('POST', `/problems/${problem.id}/edit-proposals`, {
          rev: edited.body.rev,
          changes: { fields: ['mat.polymer', 'mech.mould'] },
        })
      ).status,
    ).toBe(400);
  });

  it('refuses a proposal the problem has outgrown, and records a rejection', async () => {
    const problem = await openProblem(world);
    const proposed = await world.office.call('POST', `/problems/${problem.id}/edit-proposals`, {
      rev: problem.rev,
      changes: { summary: '人才办整理的摘要：注塑件缩痕，良品率 82%。' },
    });
    // The company edits the summary itself in the meantime.
    await world.ownerApi.call('PATCH', `/problems/${problem.id}`, {
      rev: problem.rev,
      summary: '企业自己改的摘要。',
    });
    const stale = await world.ownerApi.call(
      'POST',
      `/edit-proposals/${proposed.body.id}/accept`,
      {},
    );
    expect(stale.status).toBe(409);
    expect(stale.body.error.details.reason).toBe('proposal_outdated');
    const rejected = await world.ownerApi.call(
      'POST',
      `/edit-proposals/${proposed.body.id}/reject`,
      { note: '已自行修改' },
    );
    expect(rejected.body.status).toBe('rejected');
    const listed = await world.ownerApi.call('GET', `/problems/${problem.id}/edit-proposals`);
    expect(listed.body.items).toEqual([
      expect.objectContaining({
        id: proposed.body.id,
        status: 'rejected',
        decisionNote: '已自行修改',
      }),
    ]);
  });

  it('merges a duplicate: engagements move with their history, the duplicate closes as a duplicate', async () => {
    const canonical = await openProblem(world);
    const duplicate = await openProblem(world, { title: '注塑件缩痕（重复提交）' });
    const [e0, e1] = world.experts;
    if (!e0 || !e1) throw new Error('experts');
    // Expert 0 is invited on both; expert 1 only on the duplicate, and accepts there.
    await world.ownerApi.call('POST', `/problems/${canonical.id}/engagements`, { expertId: e0.id });
    const both = await world.ownerApi.call('POST', `/problems/${duplicate.id}/engagements`, {
      expertId: e0.id,
    });
    const only = await world.ownerApi.call('POST', `/problems/${duplicate.id}/engagements`, {
      expertId: e1.id,
    });
    await e1.api.call('POST', `/engagements/${only.body.id}/accept`, { rev: 1 });
    const current = (await world.office.call('GET', `/problems/${duplicate.id}`)).body;

    // Another company's problem cannot be the canonical one; a stale rev is refused.
    const foreign = await world.otherOwnerApi.call(
      'POST',
      '/problems',
      problemInput(world.otherCompany.id),
    );
    expect(
      (
        await world.office.call('POST', `/problems/${duplicate.id}/merge`, {
          rev: current.rev,
          into: foreign.body.id,
        })
      ).status,
    ).toBe(400);
    expect(
      (
        await world.office.call('POST', `/problems/${duplicate.id}/merge`, {
          rev: current.rev - 1,
          into: canonical.id,
        })
      ).status,
    ).toBe(409);
    expect(
      (
        await world.ownerApi.call('POST', `/problems/${duplicate.id}/merge`, {
          rev: current.rev,
          into: canonical.id,
        })
      ).status,
    ).toBe(403);

    const merged = await world.office.call('POST', `/problems/${duplicate.id}/merge`, {
      rev: current.rev,
      into: canonical.id,
      note: '同一企业重复提交',
    });
    expect(merged.status).toBe(200);
    expect(merged.body).toEqual({
      duplicateId: duplicate.id,
      canonicalId: canonical.id,
      duplicateStatus: 'closed',
      moved: [only.body.id],
      kept: [both.body.id],
    });
    const closed = (await world.office.call('GET', `/problems/${duplicate.id}`)).body;
    expect(closed).toMatchObject({ status: 'closed', closeReason: 'duplicate' });
    const moved = (await world.office.call('GET', `/engagements/${only.body.id}`)).body;
    expect(moved).toMatchObject({ problemId: canonical.id, status: 'accepted' });
    // Its history came along: created, accepted, moved.
    const history = await world.office.call(
      'GET',
      `/events?entity=engagement&entityId=${only.body.id}`,
    );
    expect(
      history.body.items.map((e: { action?: string; type: string }) => e.action ?? e.type),
    ).toEqual(['moved', 'accept', 'created']);
    // The expert now reads the canonical problem in full through the moved engagement.
    const read = await e1.api.call('GET', `/problems/${canonical.id}`);
    expect(read.body.visibility).toBe('full');
    // The duplicate's trail points at the canonical problem; the canonical's at the duplicate.
    const byRef = await world.office.call('GET', `/events?ref=${canonical.id}&entity=problem`);
    expect(byRef.body.items[0]).toMatchObject({ entityId: duplicate.id, reasonCode: 'duplicate' });
    const canonicalTrail = await world.office.call(
      'GET',
      `/events?entity=problem&entityId=${canonical.id}&type=note`,
    );
    expect(canonicalTrail.body.items[0]).toMatchObject({ action: 'merged' });
    // A second merge of the same duplicate is refused.
    expect(
      (
        await world.office.call('POST', `/problems/${duplicate.id}/merge`, {
          rev: closed.rev,
          into: canonical.id,
        })
      ).status,
    ).toBe(409);
  });

  it('withdraws a duplicate that is still a draft', async () => {
    const canonical = await openProblem(world);
    const draft = await world.ownerApi.call('POST', '/problems', problemInput(world.company.id));
    const merged = await world.office.call('POST', `/problems/${draft.body.id}/merge`, {
      rev: draft.body.rev,
      into: canonical.id,
    });
    expect(merged.body).toMatchObject({ duplicateStatus: 'withdrawn', moved: [], kept: [] });
    const withdrawn = (await world.office.call('GET', `/problems/${draft.body.id}`)).body;
    expect(withdrawn).toMatchObject({ status: 'withdrawn', closeReason: 'duplicate' });
  });

  it('counts what waits for the office', async () => {
    const before = (await world.office.call('GET', '/office/counts')).body;
    await world.ownerApi.call('POST', '/problems', problemInput(world.company.id));
    const pending = await world.office.call('POST', '/organisations', {
      kind: 'company',
      name: '待审核的公司',
      creditCode: testCreditCode(9_001),
    });
    expect(pending.status).toBe(201);
    const after = (await world.office.call('GET', '/office/counts')).body;
    expect(after.drafts).toBe(Number(before.drafts) + 1);
    expect(after.companies).toBe(Number(before.companies) + 1);
    expect(after.proposals).toBe(before.proposals);
  });
});
