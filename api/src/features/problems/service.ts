import { ApiError } from '../../lib/errors.js';
import { toWireDate } from '../../lib/time.js';
import { actorRef, type Actor } from '../access/actor.js';
import { canManageCompany, problemView, type ProblemView } from '../access/policy.js';
import { newEvent } from '../events/outbox.js';
import type { Repositories } from '../repositories.js';
import { notFound } from '../shared/versioned.js';
import { problemMachine } from './machine.js';
import type { ProblemDoc } from './repository.js';
import type { Problem } from './schemas.js';

const missing = { zh: '难题', en: 'problem' };

/** Cuts a problem to what this reader may see; hidden fields are left out, not blanked. */
export function toProblem(
  doc: ProblemDoc,
  view: Exclude<ProblemView, 'none'>,
  actor: Actor,
): Problem {
  const base: Problem = {
    id: doc._id,
    visibility: view,
    companyId: doc.companyId,
    companyName: doc.companyName,
    ...(doc.town ? { town: doc.town } : {}),
    ...(doc.industry ? { industry: doc.industry } : {}),
    title: doc.title,
    summary: doc.summary,
    fields: doc.fields,
    keywords: doc.keywords,
    confidentiality: doc.confidentiality,
    status: doc.status,
    ...(doc.closeReason ? { closeReason: doc.closeReason as Problem['closeReason'] } : {}),
    allowedActions: canManageCompany(actor, doc.companyId)
      ? problemMachine.allowed(doc.status)
      : [],
    rev: doc.rev,
    createdAt: toWireDate(doc.createdAt),
    updatedAt: toWireDate(doc.updatedAt),
    ...(doc.openedAt ? { openedAt: toWireDate(doc.openedAt) } : {}),
    ...(doc.firstEngagedAt ? { firstEngagedAt: toWireDate(doc.firstEngagedAt) } : {}),
    ...(doc.solvedAt ? { solvedAt: toWireDate(doc.solvedAt) } : {}),
    ...(doc.closedAt ? { closedAt: toWireDate(doc.closedAt) } : {}),
  };
  if (view === 'summary') return base;
  return {
    ...base,
    description: doc.description,
    desiredOutcome: doc.desiredOutcome,
    ...(doc.budget ? { budget: doc.budget } : {}),
    ...(doc.deadline ? { deadline: toWireDate(doc.deadline) } : {}),
  };
}

/**
 * Loads a problem for a reader. A problem the reader may not see at all is a 404, exactly like
 * one that does not exist, so that its existence does not leak.
 */
export async function loadProblemFor(repos: Repositories, actor: Actor, id: string) {
  const doc = await repos.problems.get(id);
  if (!doc) throw notFound(missing);
  const engaged = await repos.engagements.engagedExpertIds(id);
  const view = problemView(actor, doc, engaged);
  if (view === 'none') throw notFound(missing);
  return { doc, view };
}

/** Loads a problem that the actor must be allowed to manage (its company or the office). */
export async function loadManagedProblem(repos: Repositories, actor: Actor, id: string) {
  const { doc } = await loadProblemFor(repos, actor, id);
  if (!canManageCompany(actor, doc.companyId)) {
    throw new ApiError('FORBIDDEN', {
      message: {
        zh: '只有发布该难题的企业或人才办可以执行此操作。',
        en: 'Only the company that posted this problem or the office may do this.',
      },
    });
  }
  return doc;
}

/** Reads of confidential details by anyone but the owning company go into the audit trail. */
export async function recordConfidentialRead(
  repos: Repositories,
  actor: Actor,
  doc: ProblemDoc,
  view: ProblemView,
  at: Date,
) {
  if (view !== 'full' || doc.confidentiality === 'public') return;
  if (actor.organisationId === doc.companyId) return;
  await repos.events.append(
    newEvent({
      entity: 'problem',
      entityId: doc._id,
      type: 'viewed',
      note: `confidentiality: ${doc.confidentiality}`,
      actor: actorRef(actor),
      at,
      refs: [doc.companyId],
    }),
  );
}
