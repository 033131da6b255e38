import { z } from '@hono/zod-openapi';

/** `pending`: signed up, not yet a company member or an expert (onboarding comes next). */
export const roles = [
  'pending',
  'company_owner',
  'company_member',
  'expert',
  'officer',
  'admin',
] as const;
export type Role = (typeof roles)[number];

/** The signed-in user acting on a request; routes never see a request without knowing this. */
export interface Actor {
  userId: string;
  role: Role;
  name: string;
  /** The company, university or office the user belongs to. */
  organisationId?: string;
  /** The expert profile of a user with the expert role. */
  expertId?: string;
}

/** Resolves the actor of a request from its credentials; null when nobody is signed in. */
export type ActorResolver = (request: Request) => Promise<Actor | null>;

/** Until sessions exist every request is anonymous, so every protected route answers 401. */
export const anonymousResolver: ActorResolver = () => Promise.resolve(null);

export const ActorRefSchema = z
  .object({ userId: z.string(), role: z.enum([...roles, 'system']), name: z.string() })
  .openapi('ActorRef');

export type ActorRef = z.infer<typeof ActorRefSchema>;

export const systemActor: ActorRef = { userId: 'system', role: 'system', name: '系统 System' };

export function actorRef(actor: Actor): ActorRef {
  return { userId: actor.userId, role: actor.role, name: actor.name };
}

export const isOffice = (actor: Actor) => actor.role === 'officer' || actor.role === 'admin';
export const isCompanyUser = (actor: Actor) =>
  actor.role === 'company_owner' || actor.role === 'company_member';
