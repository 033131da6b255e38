import type { Db } from 'mongodb';
import type { ActorRef, Role } from '../access/actor.js';
import { createAuth } from '../auth/auth.js';
import { createLockout } from '../auth/lockout.js';
import { createMemoryMailer } from '../../lib/mailer.js';
import { createUserRepository } from '../users/repository.js';
import { demoExpertEmail, type DemoActors, type demoIdentities } from './generate.js';

/** The password of every demo account (listed in the README; demo data only). */
export const demoPassword = 'jiedui-demo-2026';

export interface DemoAccount {
  key: 'admin' | 'officer' | 'owner' | 'expert';
  email: string;
  name: string;
  role: Role;
}

export function demoAccounts(expertName: string): DemoAccount[] {
  return [
    { key: 'admin', email: 'admin@demo.jiedui.cn', name: '李主任', role: 'admin' },
    { key: 'officer', email: 'office@demo.jiedui.cn', name: '王科长', role: 'officer' },
    { key: 'owner', email: 'company@demo.jiedui.cn', name: '沈建国', role: 'company_owner' },
    { key: 'expert', email: demoExpertEmail, name: expertName, role: 'expert' },
  ];
}

/**
 * Creates the demo accounts the way a person would get them: signed up through better-auth,
 * then given their role and membership. Returns the actors the demo history names.
 */
export async function createDemoAccounts(
  db: Db,
  ids: ReturnType<typeof demoIdentities>,
  config: { secret: string; baseURL: string; webURL: string },
): Promise<DemoActors> {
  const auth = createAuth({
    db,
    secret: config.secret,
    baseURL: config.baseURL,
    webURL: config.webURL,
    production: false,
    mailer: createMemoryMailer(),
    lockout: createLockout(db),
    rateLimit: false,
  });
  const users = createUserRepository(db);
  const refs = new Map<DemoAccount['key'], ActorRef>();
  for (const account of demoAccounts(ids.expertName)) {
    const { user } = await auth.api.signUpEmail({
      body: { email: account.email, password: demoPassword, name: account.name },
    });
    const organisationId =
      account.key === 'owner'
        ? ids.companyId
        : account.key === 'expert'
          ? ids.universityId
          : ids.officeId;
    await users.setMembership(user.id, {
      role: account.role,
      organisationId,
      ...(account.key === 'expert' ? { expertId: ids.expertId } : {}),
    });
    refs.set(account.key, { userId: user.id, role: account.role, name: account.name });
  }
  const ref = (key: DemoAccount['key']) => {
    const found = refs.get(key);
    if (!found) throw new Error(`demo account ${key} was not created`);
    return found;
  };
  return { officer: ref('officer'), owner: ref('owner'), expert: ref('expert') };
}
