import { z } from '@hono/zod-openapi';
import { idSchema } from '../../lib/ids.js';
import { RevSchema } from '../../lib/openapi.js';
import { PageQuerySchema, pageSchema } from '../../lib/pagination.js';
import { text } from '../../lib/text.js';
import { WireDateSchema } from '../../lib/wire-date.js';

export const engagementStatuses = [
  'invited',
  'interested',
  'accepted',
  'declined',
  'active',
  'solved',
  'abandoned',
] as const;
export type EngagementStatus = (typeof engagementStatuses)[number];

/** Engagements through which an expert may read the full problem. */
export const engagedStatuses = ['invited', 'accepted', 'active', 'solved'] as const;
/** Engagements that use up an expert's capacity. */
export const capacityStatuses = ['accepted', 'active'] as const;

export const declineReasons = [
  'outside_expertise',
  'no_capacity',
  'timing',
  'budget',
  'conflict_of_interest',
  'other',
] as const;
export const abandonReasons = [
  'company_withdrew',
  'expert_unavailable',
  'technically_infeasible',
  'budget',
  'other',
] as const;

export const InviteSchema = z
  .strictObject({
    expertId: idSchema('expert'),
    pairingId: idSchema('pairing').optional(),
    note: text({ max: 1000, multiline: true }).optional(),
  })
  .openapi('Invite');

export const InterestSchema = z
  .strictObject({ note: text({ max: 1000, multiline: true }).optional() })
  .openapi('Interest');

export const EngagementTransitionSchema = z
  .strictObject({
    rev: RevSchema,
    note: text({ max: 1000, multiline: true }).optional(),
    reasonCode: z.enum([...declineReasons, ...abandonReasons]).optional(),
  })
  .openapi('EngagementTransition');

export const EngagementSchema = z
  .object({
    id: idSchema('engagement'),
    problemId: z.string(),
    problemTitle: z.string(),
    expertId: z.string(),
    expertName: z.string(),
    companyId: z.string(),
    universityId: z.string(),
    pairingId: z.string().optional(),
    origin: z.enum(['invited', 'interested']),
    status: z.enum(engagementStatuses),
    reasonCode: z.string().optional(),
    allowedActions: z.array(z.string()),
    rev: z.number().int(),
    createdAt: z.string(),
    updatedAt: z.string(),
    acceptedAt: z.string().optional(),
    lastVisitAt: z.string().optional(),
  })
  .openapi('Engagement');

export const EngagementListQuerySchema = PageQuerySchema.extend({
  problemId: idSchema('problem').optional(),
  expertId: idSchema('expert').optional(),
  companyId: idSchema('organisation').optional(),
  pairingId: idSchema('pairing').optional(),
  status: z.enum(engagementStatuses).optional(),
  sort: z.enum(['createdAt', 'updatedAt']).default('createdAt'),
  order: z.enum(['asc', 'desc']).default('desc'),
});

export const EngagementPageSchema = pageSchema(EngagementSchema).openapi('EngagementPage');

export const visitKinds = ['visit', 'progress'] as const;

export const VisitInputSchema = z
  .strictObject({
    kind: z.enum(visitKinds).default('visit'),
    date: WireDateSchema,
    place: text({ max: 200 }).optional(),
    participants: z
      .array(text({ min: 1, max: 50 }))
      .max(30)
      .default([]),
    note: text({ min: 1, max: 5000, multiline: true }),
  })
  .openapi('VisitInput');

export const VisitSchema = z
  .object({
    id: z.string(),
    engagementId: z.string(),
    kind: z.enum(visitKinds),
    date: z.string(),
    place: z.string().optional(),
    participants: z.array(z.string()),
    note: z.string(),
    createdBy: z.object({ userId: z.string(), name: z.string() }),
    createdAt: z.string(),
  })
  .openapi('Visit');

export const VisitPageSchema = pageSchema(VisitSchema).openapi('VisitPage');

export type EngagementListQuery = z.infer<typeof EngagementListQuerySchema>;
export type VisitInput = z.infer<typeof VisitInputSchema>;
