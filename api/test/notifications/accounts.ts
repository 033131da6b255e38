import type { Actor } from '../../src/features/access/actor.js';
import type { TestContext } from '../helpers.js';
import type { World } from '../domain/world.js';

/**
 * Gives the world's actors user records, as sign-up and onboarding would: notifications find
 * their recipients there (an expert profile's users, a company's owners and members).
 */
export async function createAccounts(ctx: TestContext, world: World, extra: Actor[] = []) {
  const users = ctx.store.db.collection<{ _id: string }>('user');
  const actors = [world.owner, ...world.experts.map((e) => e.actor), ...extra];
  await users.insertMany(
    actors.map((actor) => ({
      _id: actor.userId,
      email: `${actor.userId}@accounts.test`,
      name: actor.name,
      emailVerified: true,
      role: actor.role,
      ...(actor.organisationId ? { organisationId: actor.organisationId } : {}),
      ...(actor.expertId ? { expertId: actor.expertId } : {}),
      createdAt: new Date(),
      updatedAt: new Date(),
    })),
  );
}
