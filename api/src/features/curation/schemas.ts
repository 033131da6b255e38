import { z } from '@hono/zod-openapi';
import { idSchema } from '../../lib/ids.js';
import { RevSchema } from '../../lib/openapi.js';
import { KeywordsSchema, text } from '../../lib/text.js';
import { ActorRefSchema } from '../access/actor.js';
import { engagementStatuses } from '../engagements/schemas.js';
import { FieldCodeSchema } from '../taxonomy/index.js';

/** Ids of edit proposals: `edt_` and 16 Crockford base32 characters. */
export const ProposalIdSchema = z
  .string()
  .regex(/^edt_[0-9a-hjkmnp-tv-z]{16}$/, 'not a valid edit proposal id')
  .openapi({ example: 'edt_7k2m9x4q1c8v5b3n' });

/** What the office may edit on a company's behalf: the words and the classification. */
export const curatedFields = ['title', 'summary', 'description', 'fields', 'keywords'] as const;
export type CuratedField = (typeof curatedFields)[number];

export const ProblemChangesSchema = z
  .strictObject({
    title: text({ min: 4, max: 80 }).optional(),
    summary: text({ max: 300, multiline: true }).optional(),
    description: text({ min: 10, max: 5000, multiline: true }).optional(),
    fields: z.array(FieldCodeSchema).min(1).max(5).optional(),
    keywords: KeywordsSchema.optional(),
  })
  .openapi('ProblemChanges');
export type ProblemChanges = z.infer<typeof ProblemChangesSchema>;

export const consentChannels = ['phone', 'wechat', 'email', 'in_person', 'document'] as const;

export const OfficeEditSchema = z
  .strictObject({
    rev: RevSchema,
    changes: ProblemChangesSchema,
    note: text({ max: 1000, multiline: true }).optional().openapi({
      description: 'Why the office proposes the change; shown to the company',
    }),
    consent: z
      .strictObject({
        channel: z.enum(consentChannels),
        note: text({ min: 2, max: 500, multiline: true }).openapi({
          description: 'Who at the company agreed, and when',
          example: '2026-11-26 电话联系陈总，同意修改标题与关键词',
        }),
      })
      .optional()
      .openapi({
        description:
          'Consent the company already gave outside the platform. With it the edit is applied at once and the consent is recorded in the audit trail; without it the edit waits as a proposal for the company to accept.',
      }),
  })
  .openapi('OfficeEdit');

export const ProposalDecisionSchema = z
  .strictObject({ note: text({ max: 1000, multiline: true }).optional() })
  .openapi('ProposalDecision');

export const proposalStatuses = ['pending', 'accepted', 'rejected', 'applied'] as const;

export const ProposalSchema = z
  .object({
    id: z.string(),
    problemId: z.string(),
    problemTitle: z.string(),
    companyId: z.string(),
    status: z.enum(proposalStatuses).openapi({
      description:
        'pending: waits for the company; accepted / rejected by the company; applied: made at once with consent obtained outside the platform',
    }),
    changes: ProblemChangesSchema,
    before: ProblemChangesSchema.openapi({ description: 'The values the changes replace' }),
    note: z.string().optional(),
    consent: z.object({ channel: z.enum(consentChannels), note: z.string() }).optional(),
    proposedBy: ActorRefSchema,
    proposedAt: z.string(),
    decidedBy: ActorRefSchema.optional(),
    decidedAt: z.string().optional(),
    decisionNote: z.string().optional(),
  })
  .openapi('EditProposal');
export type Proposal = z.infer<typeof ProposalSchema>;

export const ProposalListQuerySchema = z.object({
  status: z.enum(proposalStatuses).optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
});

export const MergeSchema = z
  .strictObject({
    rev: RevSchema.openapi({ description: 'The rev of the duplicate you last read' }),
    into: idSchema('problem').openapi({ description: 'The canonical problem that stays' }),
    note: text({ max: 1000, multiline: true }).optional(),
  })
  .openapi('MergeProblems');

export const MergeResultSchema = z
  .object({
    duplicateId: z.string(),
    canonicalId: z.string(),
    duplicateStatus: z.string(),
    moved: z
      .array(z.string())
      .openapi({ description: 'Engagements moved to the canonical problem, with their history' }),
    kept: z.array(z.string()).openapi({
      description:
        'Engagements left on the duplicate because the same expert already has one on the canonical problem',
    }),
  })
  .openapi('MergeResult');

export const BoardQuerySchema = z.object({
  town: z.string().max(50).optional(),
  industry: z.string().max(50).optional(),
  universityId: idSchema('organisation').optional(),
  expertId: idSchema('expert').optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50).openapi({
    description: 'Cards per column, most recently changed first',
  }),
});

const BoardCardSchema = z.object({
  id: z.string(),
  problemId: z.string(),
  problemTitle: z.string(),
  companyName: z.string().optional(),
  town: z.string().optional(),
  industry: z.string().optional(),
  expertId: z.string(),
  expertName: z.string(),
  universityId: z.string(),
  universityName: z.string().optional(),
  pairingId: z.string().optional(),
  status: z.enum(engagementStatuses),
  updatedAt: z.string(),
});

export const BoardSchema = z
  .object({
    columns: z.array(
      z.object({
        status: z.enum(engagementStatuses),
        count: z.number().int(),
        items: z.array(BoardCardSchema),
      }),
    ),
    options: z.object({
      towns: z.array(z.string()),
      industries: z.array(z.string()),
      universities: z.array(z.object({ id: z.string(), name: z.string() })),
      experts: z.array(z.object({ id: z.string(), name: z.string() })),
    }),
  })
  .openapi('PairingBoard');

export const OfficeCountsSchema = z
  .object({
    companies: z.number().int().openapi({ description: 'Companies waiting for verification' }),
    experts: z.number().int().openapi({ description: 'Experts waiting for verification' }),
    drafts: z.number().int().openapi({ description: 'Problems still drafts' }),
    proposals: z.number().int().openapi({ description: 'Edit proposals waiting for companies' }),
  })
  .openapi('OfficeCounts');
