import { z } from '@hono/zod-openapi';
import { MoneySchema } from '../../lib/money.js';
import { text } from '../../lib/text.js';
import { WireDateSchema } from '../../lib/wire-date.js';

const OutcomePatentSchema = z.strictObject({
  title: text({ min: 2, max: 300 }),
  number: text({ max: 50 }).optional(),
});

export const OutcomeInputSchema = z
  .strictObject({
    summary: text({ min: 10, max: 5000, multiline: true }),
    economicBenefit: MoneySchema.openapi({
      description: 'Yearly economic benefit the company attributes to the solution',
    }),
    contractAmount: MoneySchema,
    patents: z.array(OutcomePatentSchema).max(50).default([]),
    rating: z.number().int().min(1).max(5),
  })
  .openapi('OutcomeInput');

export const FollowUpInputSchema = z
  .strictObject({
    date: WireDateSchema,
    note: text({ min: 1, max: 3000, multiline: true }),
    economicBenefit: MoneySchema.optional(),
  })
  .openapi('FollowUpInput');

export const OutcomeSchema = z
  .object({
    id: z.string(),
    problemId: z.string(),
    companyId: z.string(),
    summary: z.string(),
    economicBenefit: MoneySchema,
    contractAmount: MoneySchema,
    patents: z.array(z.object({ title: z.string(), number: z.string().optional() })),
    rating: z.number().int(),
    confirmedBy: z.object({ userId: z.string(), name: z.string() }),
    confirmedAt: z.string(),
    followUps: z.array(
      z.object({
        date: z.string(),
        note: z.string(),
        economicBenefit: MoneySchema.optional(),
        by: z.object({ userId: z.string(), name: z.string() }),
      }),
    ),
    rev: z.number().int(),
  })
  .openapi('Outcome');

export type OutcomeInput = z.infer<typeof OutcomeInputSchema>;
export type FollowUpInput = z.infer<typeof FollowUpInputSchema>;
export type Outcome = z.infer<typeof OutcomeSchema>;
