import { z } from '@hono/zod-openapi';
import { WireDateSchema } from '../../lib/wire-date.js';

export const statsDimensions = [
  'quarter',
  'town',
  'industry',
  'university',
  'expert',
  'field',
] as const;
export type StatsDimension = (typeof statsDimensions)[number];

export const StatsQuerySchema = z.object({
  groupBy: z.enum(statsDimensions).default('quarter'),
  from: WireDateSchema.optional().openapi({ description: 'Problems opened on or after' }),
  to: WireDateSchema.optional().openapi({ description: 'Problems opened before' }),
  lang: z.enum(['zh', 'en']).optional(),
});

const Duration = z
  .object({ n: z.number().int(), median: z.number().nullable(), p90: z.number().nullable() })
  .openapi('DurationDays', { description: 'Days, with the number of problems measured' });

export const StatsRowSchema = z
  .object({
    key: z.string(),
    label: z.string(),
    posted: z.number().int(),
    engaged: z.number().int(),
    solved: z.number().int(),
    closed: z.number().int(),
    solvedRate: z.number().nullable(),
    daysToFirstEngagement: Duration,
    daysToSolved: Duration,
    economicBenefitFen: z.number().int(),
    contractAmountFen: z.number().int(),
  })
  .openapi('StatsRow');

export const StatsResponseSchema = z
  .object({
    groupBy: z.enum(statsDimensions),
    rows: z.array(StatsRowSchema),
    total: StatsRowSchema,
  })
  .openapi('ProblemStats');

export const FunnelSchema = z
  .object({
    problems: z.record(z.string(), z.number().int()),
    engagements: z.record(z.string(), z.number().int()),
  })
  .openapi('Funnel');

export const RangeQuerySchema = StatsQuerySchema.omit({ groupBy: true });

export const DashboardSchema = z
  .object({
    funnel: FunnelSchema,
    total: StatsRowSchema,
    tables: z.object(
      Object.fromEntries(statsDimensions.map((by) => [by, z.array(StatsRowSchema)])) as Record<
        StatsDimension,
        z.ZodArray<typeof StatsRowSchema>
      >,
    ),
  })
  .openapi('OutcomeDashboard', {
    description:
      'The outcome dashboard: the funnel now, and problems opened in the range grouped by every dimension (each table equals GET /stats/problems with that groupBy)',
  });

export const exportTables = [...statsDimensions, 'funnel'] as const;
export const statsExportFiles = exportTables.flatMap((table) =>
  (['xlsx', 'csv'] as const).map((format) => `${table}.${format}` as const),
);

export const StatsExportQuerySchema = RangeQuerySchema;

export type StatsRow = z.infer<typeof StatsRowSchema>;
