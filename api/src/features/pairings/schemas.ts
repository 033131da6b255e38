import { z } from '@hono/zod-openapi';
import { idSchema } from '../../lib/ids.js';
import { RevSchema } from '../../lib/openapi.js';
import { PageQuerySchema, pageSchema } from '../../lib/pagination.js';
import { text } from '../../lib/text.js';
import { WireDateSchema } from '../../lib/wire-date.js';

export const pairingStatuses = ['proposed', 'active', 'concluded'] as const;
export type PairingStatus = (typeof pairingStatuses)[number];

export const ProgrammeInputSchema = z
  .strictObject({
    name: text({ min: 2, max: 100 }).openapi({ example: '2026 年度校地结对计划' }),
    year: z.number().int().min(2000).max(2100),
    description: text({ max: 3000, multiline: true }).default(''),
    startsOn: WireDateSchema.optional(),
    endsOn: WireDateSchema.optional(),
  })
  .openapi('ProgrammeInput');

export const ProgrammeSchema = z
  .object({
    id: idSchema('programme'),
    name: z.string(),
    year: z.number().int(),
    description: z.string(),
    startsOn: z.string().optional(),
    endsOn: z.string().optional(),
    rev: z.number().int(),
    createdAt: z.string(),
  })
  .openapi('Programme');

export const PairingInputSchema = z
  .strictObject({
    expertId: idSchema('expert'),
    companyId: idSchema('organisation'),
    note: text({ max: 1000, multiline: true }).optional(),
  })
  .openapi('PairingInput');

export const PairingTransitionSchema = z
  .strictObject({ rev: RevSchema, note: text({ max: 1000, multiline: true }).optional() })
  .openapi('PairingTransition');

export const PairingSchema = z
  .object({
    id: idSchema('pairing'),
    programmeId: z.string(),
    expertId: z.string(),
    expertName: z.string(),
    companyId: z.string(),
    companyName: z.string(),
    status: z.enum(pairingStatuses),
    allowedActions: z.array(z.string()),
    rev: z.number().int(),
    createdAt: z.string(),
    updatedAt: z.string(),
  })
  .openapi('Pairing');

export const PairingListQuerySchema = PageQuerySchema.extend({
  programmeId: idSchema('programme').optional(),
  expertId: idSchema('expert').optional(),
  companyId: idSchema('organisation').optional(),
  status: z.enum(pairingStatuses).optional(),
  order: z.enum(['asc', 'desc']).default('desc'),
});

export const ProgrammePageSchema = pageSchema(ProgrammeSchema).openapi('ProgrammePage');
export const PairingPageSchema = pageSchema(PairingSchema).openapi('PairingPage');

export type ProgrammeInput = z.infer<typeof ProgrammeInputSchema>;
export type PairingInput = z.infer<typeof PairingInputSchema>;
export type PairingListQuery = z.infer<typeof PairingListQuerySchema>;
