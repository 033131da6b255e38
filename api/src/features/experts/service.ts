import { toWireDate } from '../../lib/time.js';
import type { Actor } from '../access/actor.js';
import { canManageExpert } from '../access/policy.js';
import type { ExpertDoc } from './repository.js';
import type { Expert } from './schemas.js';

/** An expert as a reader sees it: contact details only for the expert and the office. */
export function toExpert(doc: ExpertDoc, actor: Actor, activeEngagements: number): Expert {
  const own = canManageExpert(actor, doc._id);
  return {
    id: doc._id,
    organisationId: doc.organisationId,
    universityName: doc.universityName,
    name: doc.name,
    title: doc.title,
    ...(doc.college ? { college: doc.college } : {}),
    ...(own ? { email: doc.email } : {}),
    ...(own && doc.phone ? { phone: doc.phone } : {}),
    fields: doc.fields,
    keywords: doc.keywords,
    bio: doc.bio,
    publications: doc.publications,
    patents: doc.patents,
    projects: doc.projects,
    capacity: doc.capacity,
    activeEngagements,
    remainingCapacity: Math.max(0, doc.capacity - activeEngagements),
    available: doc.available,
    verification: doc.verification,
    rev: doc.rev,
    createdAt: toWireDate(doc.createdAt),
    updatedAt: toWireDate(doc.updatedAt),
  };
}
