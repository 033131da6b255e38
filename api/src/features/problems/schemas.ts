import { z } from '@hono/zod-openapi';
import { idSchema } from '../../lib/ids.js';
import { MoneySchema } from '../../lib/money.js';
import { RevSchema } from '../../lib/openapi.js';
import { PageQuerySchema, pageSchema } from '../../lib/pagination.js';
import { KeywordsSchema, text } from '../../lib/text.js';
import { WireDateSchema } from '../../lib/wire-date.js';
import { FieldCodeSchema } from '../taxonomy/index.js';

export const problemStatuses = [
  'draft',
  'open',
  'in_progress',
  'solved',
  'closed',
  'withdrawn',
] as const;
export type ProblemStatus = (typeof problemStatuses)[number];

export const confidentialityLevels = ['public', 'summary', 'private'] as const;
export type Confidentiality = (typeof confidentialityLevels)[number];

/** Why a problem was closed without being solved. */
export const closeReasons = [
  'solved_elsewhere',
  'no_longer_needed',
  'no_suitable_expert',
  'budget',
  'duplicate',
  'other',
] as const;

const BudgetSchema = z
  .strictObject({ min: MoneySchema, max: MoneySchema })
  .refine((budget) => budget.min.amountFen <= budget.max.amountFen, {
    error: '预算下限不能高于上限 / the minimum budget exceeds the maximum',
    path: ['max'],
  })
  .openapi('Budget');

const editable = {
  title: text({ min: 4, max: 80 }).openapi({ example: '注塑件表面缩痕问题亟待解决' }),
  summary: text({ max: 300, multiline: true }).default('').openapi({
    example: '汽车内饰注塑件出现缩痕，良品率仅 82%，希望提升到 97% 以上。',
  }),
  description: text({ min: 10, max: 5000, multiline: true }),
  fields: z.array(FieldCodeSchema).min(1).max(5),
  keywords: KeywordsSchema.default([]),
  desiredOutcome: text({ max: 2000, multiline: true }).default(''),
  budget: BudgetSchema.optional(),
  deadline: WireDateSchema.optional(),
  confidentiality: z.enum(confidentialityLevels).default('summary').openapi({
    description:
      'public: every signed-in user sees everything; summary: others see the title, fields and summary only; private: only the company, engaged experts and the office',
  }),
};

export const ProblemCreateSchema = z
  .strictObject({ companyId: idSchema('organisation'), ...editable })
  .openapi('ProblemCreate');

export const ProblemPatchSchema = z
  .strictObject({
    rev: RevSchema,
    title: editable.title.optional(),
    summary: editable.summary.optional(),
    description: editable.description.optional(),
    fields: editable.fields.optional(),
    keywords: KeywordsSchema.optional(),
    desiredOutcome: text({ max: 2000, multiline: true }).optional(),
    budget: BudgetSchema.nullable().optional(),
    deadline: WireDateSchema.nullable().optional(),
    confidentiality: z.enum(confidentialityLevels).optional(),
  })
  .openapi('ProblemPatch');

export const ProblemTransitionSchema = z
  .strictObject({
    rev: RevSchema,
    note: text({ max: 1000, multiline: true }).optional(),
    reasonCode: z.enum(closeReasons).optional(),
  })
  .openapi('ProblemTransition');

/**
 * A problem as one reader may see it. Fields a reader may not see are absent, never blanked:
 * `visibility` says which view this is.
 */
export const ProblemSchema = z
  .object({
    id: idSchema('problem'),
    visibility: z.enum(['full', 'summary']),
    companyId: z.string(),
    companyName: z.string(),
    town: z.string().optional(),
    industry: z.string().optional(),
    title: z.string(),
    summary: z.string(),
    description: z.string().optional(),
    desiredOutcome: z.string().optional(),
    fields: z.array(z.string()),
    keywords: z.array(z.string()),
    budget: BudgetSchema.optional(),
    deadline: z.string().optional(),
    confidentiality: z.enum(confidentialityLevels),
    status: z.enum(problemStatuses),
    closeReason: z.enum(closeReasons).optional(),
    allowedActions: z
      .array(z.string())
      .openapi({ description: 'Transitions legal from the current status' }),
    rev: z.number().int(),
    createdAt: z.string(),
    updatedAt: z.string(),
    openedAt: z.string().optional(),
    firstEngagedAt: z.string().optional(),
    solvedAt: z.string().optional(),
    closedAt: z.string().optional(),
  })
  .openapi('Problem', {
    example: {
      id: 'prb_7k2m9x4q1c8v5b3n',
      visibility: 'summary',
      companyId: 'org_4f8k2m9x1c7v5b3n',
      companyName: '德清某精密机械有限公司',
      town: '乾元镇',
      industry: '装备制造',
      title: '注塑件表面缩痕问题亟待解决',
      summary: '汽车内饰注塑件出现缩痕，良品率仅 82%，希望提升到 97% 以上。',
      fields: ['mech.molding'],
      keywords: ['注塑', '缩痕'],
      confidentiality: 'summary',
      status: 'open',
      allowedActions: [],
      rev: 2,
      createdAt: '2026-03-02T09:00:00.000+08:00',
      updatedAt: '2026-03-02T09:00:00.000+08:00',
      openedAt: '2026-03-02T09:00:00.000+08:00',
    },
  });

export const problemSortFields = ['createdAt', 'updatedAt', 'title'] as const;

export const ProblemListQuerySchema = PageQuerySchema.extend({
  companyId: idSchema('organisation').optional(),
  status: z.enum(problemStatuses).optional(),
  field: FieldCodeSchema.optional(),
  town: z.string().max(50).optional(),
  industry: z.string().max(50).optional(),
  confidentiality: z.enum(confidentialityLevels).optional(),
  sort: z.enum(problemSortFields).default('createdAt'),
  order: z.enum(['asc', 'desc']).default('desc'),
});

export const ProblemPageSchema = pageSchema(ProblemSchema).openapi('ProblemPage');

export type ProblemCreate = z.infer<typeof ProblemCreateSchema>;
export type ProblemPatch = z.infer<typeof ProblemPatchSchema>;
export type Problem = z.infer<typeof ProblemSchema>;
export type ProblemListQuery = z.infer<typeof ProblemListQuerySchema>;
