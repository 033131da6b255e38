import { ApiError } from '../../lib/errors.js';
import { isCompanyUser, isOffice, type Actor } from './actor.js';

// Every ownership rule of the API lives here, so that a route states who may act and this file
// decides; nothing in the web app is trusted for it.

export function requireActor(actor: Actor | null): Actor {
  if (!actor) throw new ApiError('UNAUTHENTICATED');
  return actor;
}

export function forbidden(reason?: { zh: string; en: string }): ApiError {
  return new ApiError('FORBIDDEN', reason ? { message: reason } : {});
}

export function requireOffice(actor: Actor | null): Actor {
  const who = requireActor(actor);
  if (!isOffice(who))
    throw forbidden({
      zh: '仅人才办工作人员可以执行此操作。',
      en: 'Only talent-office staff may do this.',
    });
  return who;
}

/** Office staff, or a member of this company. */
export function canManageCompany(actor: Actor, companyId: string): boolean {
  return isOffice(actor) || (isCompanyUser(actor) && actor.organisationId === companyId);
}

export function requireCompanyManager(actor: Actor | null, companyId: string): Actor {
  const who = requireActor(actor);
  if (!canManageCompany(who, companyId)) {
    throw forbidden({
      zh: '只有该企业或人才办可以执行此操作。',
      en: 'Only this company or the talent office may do this.',
    });
  }
  return who;
}

/** Office staff, or the expert themself. */
export function canManageExpert(actor: Actor, expertId: string): boolean {
  return isOffice(actor) || (actor.role === 'expert' && actor.expertId === expertId);
}

export function requireExpertManager(actor: Actor | null, expertId: string): Actor {
  const who = requireActor(actor);
  if (!canManageExpert(who, expertId)) {
    throw forbidden({
      zh: '只有专家本人或人才办可以执行此操作。',
      en: 'Only the expert or the talent office may do this.',
    });
  }
  return who;
}

export const publishedStatuses = ['open', 'in_progress', 'solved', 'closed'] as const;

export type ProblemView = 'full' | 'summary' | 'none';

/**
 * What a reader may see of a problem. public: every signed-in user sees all of a published
 * problem; summary: others see the title, fields and summary; private: only the company,
 * engaged experts and the office. Drafts and withdrawn problems: the company and the office.
 */
export function problemView(
  actor: Actor,
  problem: { companyId: string; status: string; confidentiality: string },
  engagedExpertIds: ReadonlySet<string>,
): ProblemView {
  if (canManageCompany(actor, problem.companyId)) return 'full';
  if (actor.role === 'expert' && actor.expertId && engagedExpertIds.has(actor.expertId))
    return 'full';
  if (!(publishedStatuses as readonly string[]).includes(problem.status)) return 'none';
  if (problem.confidentiality === 'public') return 'full';
  if (problem.confidentiality === 'summary') return 'summary';
  return 'none';
}

/**
 * The Mongo filter of problems a reader may find in a list at all; each item is then cut to
 * its view by problemView.
 */
export function problemListScope(
  actor: Actor,
  engagedProblemIds: readonly string[],
): Record<string, unknown> {
  if (isOffice(actor)) return {};
  const visible: Record<string, unknown>[] = [
    { status: { $in: [...publishedStatuses] }, confidentiality: { $in: ['public', 'summary'] } },
  ];
  if (isCompanyUser(actor) && actor.organisationId)
    visible.push({ companyId: actor.organisationId });
  if (engagedProblemIds.length > 0) visible.push({ _id: { $in: [...engagedProblemIds] } });
  return { $or: visible };
}

export type EngagementParty = 'office' | 'company' | 'expert';

/** Which side of an engagement the actor is on, if any. */
export function engagementParty(
  actor: Actor,
  engagement: { companyId: string; expertId: string },
): EngagementParty | null {
  if (isOffice(actor)) return 'office';
  if (isCompanyUser(actor) && actor.organisationId === engagement.companyId) return 'company';
  if (actor.role === 'expert' && actor.expertId === engagement.expertId) return 'expert';
  return null;
}

/**
 * Who may take each engagement action: the invited side answers an invitation (the expert an
 * invitation, the company an expression of interest); only the company confirms a solution.
 */
export function mayActOnEngagement(
  party: EngagementParty,
  action: 'accept' | 'decline' | 'activate' | 'solve' | 'abandon',
  origin: 'invited' | 'interested',
): boolean {
  if (party === 'office') return true;
  switch (action) {
    case 'accept':
    case 'decline':
      return origin === 'invited' ? party === 'expert' : party === 'company';
    case 'activate':
    case 'abandon':
      return true;
    case 'solve':
      return party === 'company';
  }
}
