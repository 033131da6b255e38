import { createRoute, z } from '@hono/zod-openapi';
import { ApiError } from '../../lib/errors.js';
import { idSchema } from '../../lib/ids.js';
import { errors, json, jsonBody } from '../../lib/openapi.js';
import { createRouter } from '../../lib/router.js';
import { EmailSchema } from '../../lib/text.js';
import { actorRef, roles, type Actor } from '../access/actor.js';
import { forbidden, requireActor, requireCompanyManager } from '../access/policy.js';
import { newEvent } from '../events/outbox.js';
import { ExpertCreateSchema } from '../experts/schemas.js';
import { OrganisationInputSchema } from '../organisations/schemas.js';
import { notFound } from '../shared/versioned.js';

const tags = ['account'];

export const MeSchema = z
  .object({
    id: z.string(),
    email: z.string(),
    name: z.string(),
    role: z.enum(roles),
    status: z.enum(['active', 'suspended']),
    organisationId: z.string().optional(),
    expertId: z.string().optional(),
  })
  .openapi('Me');

const CompanyOnboardingSchema = OrganisationInputSchema.omit({
  kind: true,
  colleges: true,
}).openapi('CompanyOnboarding');
const ExpertOnboardingSchema = ExpertCreateSchema.omit({ email: true }).openapi('ExpertOnboarding');

const me = createRoute({
  method: 'get',
  path: '/me',
  tags,
  summary: 'The signed-in user, with role and membership',
  responses: { 200: json(MeSchema, 'You'), ...errors(401) },
});

const onboardCompany = createRoute({
  method: 'post',
  path: '/me/company',
  tags,
  summary: 'Register your company; you become its owner, pending verification by the office',
  request: { body: jsonBody(CompanyOnboardingSchema) },
  responses: { 201: json(MeSchema, 'Registered'), ...errors(401, 403, 409) },
});

const onboardExpert = createRoute({
  method: 'post',
  path: '/me/expert',
  tags,
  summary: 'Create your expert profile at a university or institute, pending verification',
  request: { body: jsonBody(ExpertOnboardingSchema) },
  responses: { 201: json(MeSchema, 'Created'), ...errors(401, 403, 404, 409) },
});

const invite = createRoute({
  method: 'post',
  path: '/organisations/{id}/invitations',
  tags,
  summary: 'Invite someone by email to join a company (its owner) or the office (an admin)',
  request: {
    params: z.object({ id: idSchema('organisation') }),
    body: jsonBody(z.strictObject({ email: EmailSchema })),
  },
  responses: {
    201: json(z.object({ email: z.string(), expiresAt: z.string() }), 'Invitation sent'),
    ...errors(401, 403, 404),
  },
});

const accept = createRoute({
  method: 'post',
  path: '/invitations/accept',
  tags,
  summary: 'Join the organisation of an invitation (a signed-in user without a role yet)',
  request: { body: jsonBody(z.strictObject({ token: z.string().min(16).max(100) })) },
  responses: { 200: json(MeSchema, 'Joined'), ...errors(401, 403, 404, 409) },
});

function requirePending(actor: Actor) {
  if (actor.role !== 'pending') {
    throw new ApiError('CONFLICT', {
      message: {
        zh: '您的账户已关联机构或专家档案。',
        en: 'Your account already belongs to an organisation or expert profile.',
      },
    });
  }
}

export const userRoutes = createRouter()
  .openapi(me, async (c) => {
    const actor = requireActor(c.get('actor'));
    const user = await c.get('repos').users.get(actor.userId);
    if (!user) throw notFound({ zh: '用户', en: 'user' });
    return c.json(toMe(user), 200);
  })
  .openapi(onboardCompany, async (c) => {
    const actor = requireActor(c.get('actor'));
    requirePending(actor);
    const repos = c.get('repos');
    const org = await repos.organisations.create(
      { ...c.req.valid('json'), kind: 'company' },
      actorRef(actor),
      c.get('now')(),
    );
    await repos.users.setMembership(actor.userId, {
      role: 'company_owner',
      organisationId: org._id,
    });
    await recordMembership(c.get('repos'), actor, 'company_owner', org._id, c.get('now')());
    const user = await repos.users.get(actor.userId);
    if (!user) throw notFound({ zh: '用户', en: 'user' });
    return c.json(toMe(user), 201);
  })
  .openapi(onboardExpert, async (c) => {
    const actor = requireActor(c.get('actor'));
    requirePending(actor);
    const repos = c.get('repos');
    const input = c.req.valid('json');
    const [user, university] = await Promise.all([
      repos.users.get(actor.userId),
      repos.organisations.get(input.organisationId),
    ]);
    if (!user) throw notFound({ zh: '用户', en: 'user' });
    if (university?.kind !== 'university' && university?.kind !== 'institute') {
      throw notFound({ zh: '高校或科研院所', en: 'university or institute' });
    }
    const expert = await repos.experts.create(
      { ...input, email: user.email },
      university.name,
      actorRef(actor),
      c.get('now')(),
    );
    await repos.users.setMembership(actor.userId, {
      role: 'expert',
      organisationId: university._id,
      expertId: expert._id,
    });
    await recordMembership(repos, actor, 'expert', expert._id, c.get('now')());
    const updated = await repos.users.get(actor.userId);
    return c.json(toMe(updated ?? user), 201);
  })
  .openapi(invite, async (c) => {
    const { id } = c.req.valid('param');
    const repos = c.get('repos');
    const org = await repos.organisations.get(id);
    if (!org || (org.kind !== 'company' && org.kind !== 'office'))
      throw notFound({ zh: '机构', en: 'organisation' });
    const actor =
      org.kind === 'company'
        ? requireCompanyManager(c.get('actor'), id)
        : requireActor(c.get('actor'));
    if (org.kind === 'office' && actor.role !== 'admin') {
      throw forbidden({
        zh: '只有人才办管理员可以邀请工作人员。',
        en: 'Only an office admin may invite staff.',
      });
    }
    if (org.kind === 'company' && actor.role === 'company_member') {
      throw forbidden({
        zh: '只有企业负责人可以邀请成员。',
        en: 'Only the company owner may invite members.',
      });
    }
    const { email } = c.req.valid('json');
    const role = org.kind === 'office' ? 'officer' : 'company_member';
    const token = await repos.users.createInvitation({
      organisationId: id,
      email,
      role,
      invitedBy: actor.userId,
    });
    const link = `${c.get('deps').webURL ?? 'http://localhost:3000'}/join?token=${encodeURIComponent(token)}`;
    await c.get('deps').mailer?.send({
      kind: 'invitation',
      to: email,
      subject: `结对平台：${org.name} 邀请您加入 / ${org.name} invites you to Jiedui`,
      text: `${actor.name} 邀请您以${role === 'officer' ? '工作人员' : '企业成员'}身份加入「${org.name}」。请在 7 天内登录或注册后打开：\n${link}\n\n${actor.name} invites you to join ${org.name}. Sign in or sign up, then open within 7 days:\n${link}`,
    });
    return c.json({ email, expiresAt: new Date(Date.now() + 7 * 86_400_000).toISOString() }, 201);
  })
  .openapi(accept, async (c) => {
    const actor = requireActor(c.get('actor'));
    requirePending(actor);
    const repos = c.get('repos');
    const { token } = c.req.valid('json');
    const invitation = await repos.users.findInvitation(token);
    const user = await repos.users.get(actor.userId);
    if (!invitation || !user || invitation.expiresAt < c.get('now')())
      throw notFound({ zh: '邀请（或已过期）', en: 'invitation (or it expired)' });
    if (invitation.email !== user.email) {
      throw forbidden({
        zh: '该邀请发给了另一个邮箱。',
        en: 'This invitation was sent to another email address.',
      });
    }
    if (!(await repos.users.acceptInvitation(token, actor.userId))) {
      throw new ApiError('CONFLICT', {
        message: { zh: '该邀请已被使用。', en: 'This invitation was already used.' },
      });
    }
    await repos.users.setMembership(actor.userId, {
      role: invitation.role,
      organisationId: invitation.organisationId,
    });
    await recordMembership(
      repos,
      actor,
      invitation.role,
      invitation.organisationId,
      c.get('now')(),
    );
    const updated = await repos.users.get(actor.userId);
    return c.json(toMe(updated ?? user), 200);
  });

async function recordMembership(
  repos: { events: { append(event: ReturnType<typeof newEvent>): Promise<void> } },
  actor: Actor,
  role: string,
  ref: string,
  at: Date,
) {
  await repos.events.append(
    newEvent({
      entity: 'user',
      entityId: actor.userId,
      type: 'membership',
      to: role,
      actor: actorRef(actor),
      at,
      refs: [ref],
    }),
  );
}

export function toMe(user: {
  _id: { toHexString(): string };
  email: string;
  name: string;
  role?: string;
  status?: string;
  organisationId?: string;
  expertId?: string;
}) {
  return {
    id: user._id.toHexString(),
    email: user.email,
    name: user.name,
    role: (user.role ?? 'pending') as (typeof roles)[number],
    status: (user.status ?? 'active') as 'active' | 'suspended',
    ...(user.organisationId ? { organisationId: user.organisationId } : {}),
    ...(user.expertId ? { expertId: user.expertId } : {}),
  };
}
