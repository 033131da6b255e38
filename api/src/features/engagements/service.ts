import { ApiError } from '../../lib/errors.js';
import { toWireDate } from '../../lib/time.js';
import type { Actor } from '../access/actor.js';
import { engagementParty, mayActOnEngagement } from '../access/policy.js';
import { notFound } from '../shared/versioned.js';
import type { Repositories } from '../repositories.js';
import { engagementMachine, type EngagementAction } from './machine.js';
import type { EngagementDoc, VisitDoc } from './repository.js';
import { engagementStatuses } from './schemas.js';

const missing = { zh: '对接记录', en: 'engagement' };

export function toEngagement(doc: EngagementDoc, actor: Actor) {
  const party = engagementParty(actor, doc);
  return {
    id: doc._id,
    problemId: doc.problemId,
    problemTitle: doc.problemTitle,
    expertId: doc.expertId,
    expertName: doc.expertName,
    companyId: doc.companyId,
    universityId: doc.universityId,
    ...(doc.pairingId ? { pairingId: doc.pairingId } : {}),
    origin: doc.origin,
    status: doc.status,
    ...(doc.reasonCode ? { reasonCode: doc.reasonCode } : {}),
    allowedActions: party
      ? engagementMachine
          .allowed(doc.status)
          .filter((action) => mayActOnEngagement(party, action, doc.origin))
      : [],
    rev: doc.rev,
    createdAt: toWireDate(doc.createdAt),
    updatedAt: toWireDate(doc.updatedAt),
    ...(doc.acceptedAt ? { acceptedAt: toWireDate(doc.acceptedAt) } : {}),
    ...(doc.lastVisitAt ? { lastVisitAt: toWireDate(doc.lastVisitAt) } : {}),
  };
}

export function toVisit(doc: VisitDoc) {
  return {
    id: doc._id,
    engagementId: doc.engagementId,
    kind: doc.kind,
    date: toWireDate(doc.date),
    ...(doc.place ? { place: doc.place } : {}),
    participants: doc.participants,
    note: doc.note,
    createdBy: doc.createdBy,
    createdAt: toWireDate(doc.createdAt),
  };
}

/** An engagement only its two parties and the office can see; anyone else gets a 404. */
export async function loadEngagementFor(repos: Repositories, actor: Actor, id: string) {
  const doc = await repos.engagements.get(id);
  if (!doc) throw notFound(missing);
  const party = engagementParty(actor, doc);
  if (!party) throw notFound(missing);
  return { doc, party };
}

export function assertMayAct(
  party: ReturnType<typeof engagementParty>,
  action: EngagementAction,
  doc: EngagementDoc,
) {
  if (!party || !mayActOnEngagement(party, action, doc.origin)) {
    throw new ApiError('FORBIDDEN', {
      message: {
        zh: '您不是此操作的责任方（邀请由专家答复，意向由企业答复，解决由企业确认）。',
        en: 'This action belongs to the other party (experts answer invitations, companies answer interest and confirm solutions).',
      },
    });
  }
}

export function engagementScope(actor: Actor): Record<string, unknown> {
  if (actor.role === 'officer' || actor.role === 'admin') return {};
  if (actor.role === 'expert') return { expertId: actor.expertId ?? '—' };
  return { companyId: actor.organisationId ?? '—' };
}

export { engagementStatuses };
