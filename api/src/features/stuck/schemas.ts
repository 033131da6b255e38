import { z } from '@hono/zod-openapi';
import { ActorRefSchema } from '../access/actor.js';
import { text } from '../../lib/text.js';
import { WireDateSchema } from '../../lib/wire-date.js';
import { stuckKeyPattern, stuckRuleIds } from './rules.js';

export const contactChannels = ['phone', 'visit', 'wechat', 'email', 'meeting', 'other'] as const;

export const StuckRuleSchema = z
  .object({
    id: z.enum(stuckRuleIds),
    entity: z.enum(['problem', 'engagement']),
    days: z.number().int(),
    defaultDays: z.number().int(),
    enabled: z.boolean(),
    remind: z.array(z.enum(['company', 'expert'])),
    title: z.string(),
  })
  .openapi('StuckRule');

export const StuckRulesSchema = z
  .object({ rev: z.number().int(), rules: z.array(StuckRuleSchema) })
  .openapi('StuckRules');

export const StuckRulesInputSchema = z
  .strictObject({
    rev: z.number().int().min(0).openapi({ description: 'The rev you read (0 before any change)' }),
    rules: z
      .array(
        z.strictObject({
          id: z.enum(stuckRuleIds),
          days: z.number().int().min(1).max(365),
          enabled: z.boolean(),
        }),
      )
      .min(1)
      .max(stuckRuleIds.length),
  })
  .openapi('StuckRulesInput');

export const StuckLogEntrySchema = z
  .object({
    id: z.string(),
    kind: z.enum(['contact', 'reminder', 'resolution']),
    at: z.string(),
    by: ActorRefSchema,
    contact: z.string().optional(),
    channel: z.enum(contactChannels).optional(),
    contactedAt: z.string().optional(),
    agreed: z.string().optional(),
    note: z.string().optional(),
    recipients: z.array(z.string()).optional(),
    mailed: z.number().int().optional(),
  })
  .openapi('StuckLogEntry');

export const StuckPartySchema = z
  .object({
    role: z.enum(['company', 'expert']),
    id: z.string(),
    name: z.string(),
    responsible: z.boolean(),
  })
  .openapi('StuckParty');

export const StuckItemSchema = z
  .object({
    key: z.string(),
    rule: z.enum(stuckRuleIds),
    entity: z.enum(['problem', 'engagement']),
    entityId: z.string(),
    problemId: z.string(),
    problemTitle: z.string(),
    since: z.string(),
    dueAt: z.string(),
    overdueDays: z.number().int(),
    parties: z.array(StuckPartySchema),
    log: z.array(StuckLogEntrySchema),
  })
  .openapi('StuckItem');

export const StuckListSchema = z
  .object({
    now: z.string(),
    rules: z.array(StuckRuleSchema.extend({ count: z.number().int() })),
    total: z.number().int(),
    items: z.array(StuckItemSchema),
  })
  .openapi('StuckList');

export const StuckListQuerySchema = z.object({
  rule: z.enum(stuckRuleIds).optional(),
  limit: z.coerce.number().int().min(1).max(500).default(100),
});

export const StuckKeyParams = z.object({
  key: z
    .string()
    .regex(stuckKeyPattern, 'not a valid stuck item key')
    .openapi({ example: 'problem_unengaged.prb_7k2m9x4q1c8v5b3n.m3x9k2a0' }),
});

export const StuckContactInputSchema = z
  .strictObject({
    contact: text({ min: 1, max: 100 }).openapi({ description: 'Who was contacted' }),
    channel: z.enum(contactChannels),
    contactedAt: WireDateSchema.optional().openapi({ description: 'When; now when left out' }),
    agreed: text({ min: 1, max: 1000, multiline: true }).openapi({
      description: 'What was agreed',
    }),
  })
  .openapi('StuckContactInput');

export const StuckRemindInputSchema = z
  .strictObject({ note: text({ max: 500, multiline: true }).optional() })
  .openapi('StuckRemindInput');

export const StuckResolveInputSchema = z
  .strictObject({ note: text({ min: 1, max: 1000, multiline: true }) })
  .openapi('StuckResolveInput');

export const StuckCaseLogSchema = z
  .object({ key: z.string(), resolved: z.boolean(), log: z.array(StuckLogEntrySchema) })
  .openapi('StuckCaseLog');
