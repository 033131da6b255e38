import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { lockoutPolicy } from '../../src/features/auth/lockout.js';
import {
  createTestClock,
  createTestContext,
  testCreditCode,
  testWebURL,
  type TestClock,
  type TestContext,
} from '../helpers.js';
import { browser, grantRole, signUp, type Browser } from './session.js';

const company = (n: number) => ({
  name: `德清测试科技有限公司${n}`,
  creditCode: testCreditCode(90_000 + n),
  town: '武康街道',
  industry: '新材料',
});

describe('accounts, sessions and roles', () => {
  let ctx: TestContext;
  let admin: Browser;
  beforeAll(async () => {
    ctx = await createTestContext({ auth: {} });
    await signUp(ctx, 'admin@office.gov.cn', 'admin password 123', '李主任');
    await grantRole(ctx, 'admin@office.gov.cn', 'admin');
    admin = browser(ctx);
    expect(
      (
        await admin.call('POST', '/auth/sign-in/email', {
          email: 'admin@office.gov.cn',
          password: 'admin password 123',
        })
      ).status,
    ).toBe(200);
  });
  afterAll(async () => {
    await ctx.close();
  });

  it('signs up, registers a company pending verification, and publishes once the office approves', async () => {
    const owner = await signUp(ctx, 'owner1@company.cn');
    expect((await owner.call('GET', '/me')).body).toMatchObject({
      email: 'owner1@company.cn',
      role: 'pending',
    });
    const onboarded = await owner.call('POST', '/me/company', company(1));
    expect(onboarded.status).toBe(201);
    expect(onboarded.body).toMatchObject({ role: 'company_owner' });
    const companyId = onboarded.body.organisationId as string;

    const draft = await owner.call('POST', '/problems', {
      companyId,
      title: '锂电池隔膜涂覆均匀性差',
      description: '涂覆厚度波动超过 ±3 微米，导致良率偏低，希望改进涂布工艺。',
      fields: ['energy.battery'],
    });
    expect(draft.status).toBe(201);
    const early = await owner.call('POST', `/problems/${draft.body.id}/publish`, {
      rev: draft.body.rev,
    });
    expect(early.status).toBe(409);
    expect(early.body.error.details.reason).toBe('company_not_verified');

    const queue = await admin.call('GET', '/verification/queue');
    expect(queue.body.companies.map((c: { id: string }) => c.id)).toContain(companyId);
    const org = queue.body.companies.find((c: { id: string }) => c.id === companyId);
    const reject = await admin.call('POST', `/organisations/${companyId}/verification`, {
      rev: org.rev,
      decision: 'reject',
    });
    expect(reject.status).toBe(400);
    const approved = await admin.call('POST', `/organisations/${companyId}/verification`, {
      rev: org.rev,
      decision: 'approve',
    });
    expect(approved.body.verification).toBe('verified');
    expect(
      (await owner.call('POST', `/problems/${draft.body.id}/publish`, { rev: draft.body.rev }))
        .status,
    ).toBe(200);
  });

  it('sets the session cookie HttpOnly and SameSite=Lax, and Secure in production', async () => {
    const res = await browser(ctx).call('POST', '/auth/sign-up/email', {
      email: 'cookie@x.cn',
      password: 'correct horse battery',
      name: 'c',
    });
    const cookie = res.headers.get('set-cookie') ?? '';
    expect(cookie).toMatch(/HttpOnly/i);
    expect(cookie).toMatch(/SameSite=Lax/i);
    expect(cookie).not.toMatch(/Secure/i);

    const prod = await createTestContext({ auth: { production: true } });
    try {
      const secure = await browser(prod).call('POST', '/auth/sign-up/email', {
        email: 'cookie@x.cn',
        password: 'correct horse battery',
        name: 'c',
      });
      expect(secure.headers.get('set-cookie')).toMatch(/Secure/);
    } finally {
      await prod.close();
    }
  });

  it('answers 401 without a session and refuses writes from a foreign origin', async () => {
    expect((await browser(ctx).call('GET', '/me')).status).toBe(401);
    const user = await signUp(ctx, 'csrf@x.cn');
    const foreign = await user.call('POST', '/me/company', company(2), {
      origin: 'https://evil.example',
    });
    expect(foreign.status).toBe(403);
    expect((await user.call('GET', '/me')).body.role).toBe('pending');
    expect((await user.call('POST', '/me/company', company(2))).status).toBe(201);
  });

  it('lists and revokes sessions', async () => {
    await signUp(ctx, 'two@x.cn');
    const laptop = browser(ctx);
    const phone = browser(ctx);
    await laptop.call('POST', '/auth/sign-in/email', {
      email: 'two@x.cn',
      password: 'correct horse battery',
    });
    await phone.call('POST', '/auth/sign-in/email', {
      email: 'two@x.cn',
      password: 'correct horse battery',
    });
    const sessions = await laptop.call('GET', '/auth/list-sessions');
    expect(sessions.body.length).toBeGreaterThanOrEqual(2);
    const phoneToken = decodeURIComponent(phone.cookie.split('=')[1] ?? '').split('.')[0];
    expect((await laptop.call('POST', '/auth/revoke-session', { token: phoneToken })).status).toBe(
      200,
    );
    expect((await phone.call('GET', '/me')).status).toBe(401);
    expect((await laptop.call('GET', '/me')).status).toBe(200);
    expect((await laptop.call('POST', '/auth/sign-out', {})).status).toBe(200);
    expect((await laptop.call('GET', '/me')).status).toBe(401);
  });

  it('lets an admin suspend and reinstate a user, ending their sessions, with events', async () => {
    const user = await signUp(ctx, 'suspend@x.cn');
    const id = (await user.call('GET', '/me')).body.id as string;
    const officer = await signUp(ctx, 'officer@office.gov.cn');
    await grantRole(ctx, 'officer@office.gov.cn', 'officer');
    await officer.call('POST', '/auth/sign-in/email', {
      email: 'officer@office.gov.cn',
      password: 'correct horse battery',
    });
    expect(
      (await officer.call('POST', `/admin/users/${id}/suspend`, { reason: '冒用身份' })).status,
    ).toBe(403);

    const suspended = await admin.call('POST', `/admin/users/${id}/suspend`, {
      reason: '冒用身份',
    });
    expect(suspended.body.status).toBe('suspended');
    expect((await user.call('GET', '/me')).status).toBe(401);
    const again = await browser(ctx).call('POST', '/auth/sign-in/email', {
      email: 'suspend@x.cn',
      password: 'correct horse battery',
    });
    expect(again.status).toBe(403);
    expect(again.body.message).toContain('停用');

    expect(
      (await admin.call('POST', `/admin/users/${id}/reinstate`, { reason: '核实无误' })).body
        .status,
    ).toBe('active');
    expect(
      (
        await browser(ctx).call('POST', '/auth/sign-in/email', {
          email: 'suspend@x.cn',
          password: 'correct horse battery',
        })
      ).status,
    ).toBe(200);
    const audit = await admin.call('GET', `/events?entity=user&entityId=${id}`);
    expect(audit.body.items.map((e: { action?: string }) => e.action)).toEqual([
      'reinstate',
      'suspend',
    ]);
  });

  it('changes a role only by an admin and ends the old sessions', async () => {
    const user = await signUp(ctx, 'role@x.cn');
    const id = (await user.call('GET', '/me')).body.id as string;
    const changed = await admin.call('POST', `/admin/users/${id}/role`, {
      role: 'officer',
      reason: '调入人才办',
    });
    expect(changed.body.role).toBe('officer');
    expect((await user.call('GET', '/me')).status).toBe(401);
    const listed = await admin.call('GET', '/admin/users?role=officer');
    expect(listed.body.items.map((u: { email: string }) => u.email)).toContain('role@x.cn');
  });

  it('joins a company by an emailed invitation, once, and only with the invited address', async () => {
    const owner = await signUp(ctx, 'owner3@company.cn');
    const companyId = (await owner.call('POST', '/me/company', company(3))).body
      .organisationId as string;
    expect(
      (
        await owner.call('POST', `/organisations/${companyId}/invitations`, {
          email: 'member@company.cn',
        })
      ).status,
    ).toBe(201);
    const mail = ctx.mailer.sent.filter((m) => m.kind === 'invitation').at(-1);
    expect(mail?.to).toBe('member@company.cn');
    const token = /token=([^\s]+)/.exec(mail?.text ?? '')?.[1] ?? '';

    const wrong = await signUp(ctx, 'someone-else@company.cn');
    expect(
      (await wrong.call('POST', '/invitations/accept', { token: decodeURIComponent(token) }))
        .status,
    ).toBe(403);
    const member = await signUp(ctx, 'member@company.cn');
    const joined = await member.call('POST', '/invitations/accept', {
      token: decodeURIComponent(token),
    });
    expect(joined.body).toMatchObject({ role: 'company_member', organisationId: companyId });
    const reuse = await signUp(ctx, 'third@company.cn');
    expect(
      (await reuse.call('POST', '/invitations/accept', { token: decodeURIComponent(token) }))
        .status,
    ).toBe(403);
    // A member may not invite others; the owner may.
    expect(
      (
        await member.call('POST', `/organisations/${companyId}/invitations`, {
          email: 'x@company.cn',
        })
      ).status,
    ).toBe(403);
  });
  it('mails a link that confirms the address on sign-up, and signing in does not wait for it', async () => {
    const user = await signUp(ctx, 'confirm@company.cn');
    const session = await user.call('GET', '/auth/get-session');
    expect(session.status).toBe(200);
    expect(session.body.user.emailVerified).toBe(false);
    const mail = ctx.mailer.sent
      .filter((m) => m.kind === 'verify-email' && m.to === 'confirm@company.cn')
      .at(-1);
    expect(mail?.text).toContain(`${testWebURL}/verify-email?token=`);
    const token = decodeURIComponent(/token=([^\s&]+)/.exec(mail?.text ?? '')?.[1] ?? '');

    // A made-up token changes nothing; the mailed one confirms the address.
    const forged = await browser(ctx).call('GET', '/auth/verify-email?token=forged.token.value');
    expect(forged.status).toBeGreaterThanOrEqual(400);
    expect((await user.call('GET', '/auth/get-session')).body.user.emailVerified).toBe(false);
    const confirmed = await browser(ctx).call(
      'GET',
      `/auth/verify-email?token=${encodeURIComponent(token)}`,
    );
    expect(confirmed.status).toBe(200);
    expect((await user.call('GET', '/auth/get-session')).body.user.emailVerified).toBe(true);
  });
});

describe('abuse resistance', () => {
  let ctx: TestContext;
  let clock: TestClock;
  beforeAll(async () => {
    clock = createTestClock('2026-11-27T09:00:00+08:00');
    ctx = await createTestContext({ auth: {}, clock });
  });
  afterAll(async () => {
    await ctx.close();
  });

  const signIn = (email: string, password: string) =>
    browser(ctx).call('POST', '/auth/sign-in/email', { email, password });

  it('answers a wrong password and an unknown email alike', async () => {
    await signUp(ctx, 'known@x.cn');
    const wrong = await signIn('known@x.cn', 'not the password!');
    const unknown = await signIn('nobody@x.cn', 'not the password!');
    expect(wrong.status).toBe(401);
    expect(unknown.status).toBe(401);
    expect(unknown.body).toEqual(wrong.body);
    const resetKnown = await browser(ctx).call('POST', '/auth/request-password-reset', {
      email: 'known@x.cn',
    });
    const resetUnknown = await browser(ctx).call('POST', '/auth/request-password-reset', {
      email: 'nobody@x.cn',
    });
    expect(resetKnown.status).toBe(resetUnknown.status);
    expect(resetKnown.body).toEqual(resetUnknown.body);
  });

  it('slows, then locks brute-force sign-in with a clear message; a reset lets the owner back in', async () => {
    await signUp(ctx, 'victim@x.cn', 'the real password 1');
    for (let i = 0; i < lockoutPolicy.slowAfter; i++)
      expect((await signIn('victim@x.cn', `guess ${i} guess`)).status).toBe(401);
    const slowed = await signIn('victim@x.cn', 'guess again guess');
    expect(slowed.status).toBe(429);
    expect(slowed.body.error.details.reason).toBe('slowed');
    expect(Number(slowed.headers.get('retry-after'))).toBeGreaterThan(0);

    for (let i = lockoutPolicy.slowAfter; i < lockoutPolicy.lockAfter; i++) {
      clock.now = new Date(clock.now.getTime() + 61_000);
      expect((await signIn('victim@x.cn', `guess ${i} guess`)).status).toBe(401);
    }
    clock.now = new Date(clock.now.getTime() + 61_000);
    const locked = await signIn('victim@x.cn', 'the real password 1');
    expect(locked.status).toBe(429);
    expect(locked.body.error.details.reason).toBe('locked');
    expect(locked.body.error.message).toContain('忘记密码');

    // The same lock protects addresses without an account, so it reveals nothing.
    for (let i = 0; i < lockoutPolicy.lockAfter; i++) {
      await signIn('ghost@x.cn', `guess ${i} guess`);
      clock.now = new Date(clock.now.getTime() + 61_000);
    }
    expect((await signIn('ghost@x.cn', 'anything at all')).body.error.details.reason).toBe(
      'locked',
    );

    await browser(ctx).call('POST', '/auth/request-password-reset', {
      email: 'victim@x.cn',
      redirectTo: '/reset-password',
    });
    const mail = ctx.mailer.sent
      .filter((m) => m.kind === 'reset-password' && m.to === 'victim@x.cn')
      .at(-1);
    const token = decodeURIComponent(/token=([^\s&]+)/.exec(mail?.text ?? '')?.[1] ?? '');
    expect(token.length).toBeGreaterThan(10);
    const reset = await browser(ctx).call('POST', '/auth/reset-password', {
      token,
      newPassword: 'a brand new password 2',
    });
    expect(reset.status).toBe(200);
    expect((await signIn('victim@x.cn', 'a brand new password 2')).status).toBe(200);
  });

  it('limits sign-in attempts per IP address', async () => {
    const limited = await createTestContext({ auth: { rateLimit: true } });
    try {
      const statuses: number[] = [];
      for (let i = 0; i < 12; i++) {
        const res = await browser(limited, '10.9.9.9').call('POST', '/auth/sign-in/email', {
          email: `user${i}@x.cn`,
          password: 'whatever pass',
        });
        statuses.push(res.status);
      }
      expect(statuses.slice(0, 10).every((s) => s === 401)).toBe(true);
      expect(statuses.slice(10)).toEqual([429, 429]);
    } finally {
      await limited.close();
    }
  });
});
