import { z } from '@hono/zod-openapi';
import { confidentialityLevels } from '../problems/schemas.js';
import { publishedStatuses } from '../access/policy.js';
import { FieldCodeSchema } from '../taxonomy/index.js';

const fieldList = z
  .string()
  .max(500)
  .transform((value) => value.split(',').filter(Boolean))
  .pipe(z.array(FieldCodeSchema).max(20))
  .openapi({ type: 'string', description: 'Comma-separated field codes; any of them matches' });

const page = {
  q: z.string().trim().max(200).optional().openapi({ example: '注塑 缩痕' }),
  fields: fieldList.optional(),
  town: z.string().max(50).optional(),
  order: z.enum(['asc', 'desc']).default('desc'),
  limit: z.coerce.number().int().min(1).max(50).default(20),
  offset: z.coerce.number().int().min(0).max(980).default(0),
};

export const ProblemSearchQuerySchema = z.strictObject({
  ...page,
  industry: z.string().max(50).optional(),
  status: z.enum(publishedStatuses).optional(),
  // Budgets and deadlines are hidden from readers of a summary, so they sort nothing here.
  sort: z.enum(['relevance', 'publishedAt']).default('relevance'),
});

export const ExpertSearchQuerySchema = z.strictObject({
  ...page,
  university: z.string().max(100).optional(),
  available: z
    .enum(['true', 'false'])
    .transform((v) => v === 'true')
    .optional(),
  sort: z.enum(['relevance', 'solvedCount', 'remainingCapacity', 'updatedAt']).default('relevance'),
});

const FacetsSchema = z
  .record(z.string(), z.record(z.string(), z.number().int()))
  .openapi({ description: 'Per facet, value → number of matching records' });

const Highlights = z
  .record(z.string(), z.union([z.string(), z.array(z.string())]))
  .openapi({ description: 'Matched words wrapped in <em>…</em>; text is HTML-escaped first' });

export const ProblemSearchHitSchema = z
  .object({
    id: z.string(),
    visibility: z.enum(['full', 'summary']),
    title: z.string(),
    summary: z.string(),
    description: z.string().optional(),
    fields: z.array(z.string()),
    keywords: z.array(z.string()),
    companyId: z.string(),
    companyName: z.string(),
    town: z.string(),
    industry: z.string(),
    status: z.enum(publishedStatuses),
    confidentiality: z.enum(confidentialityLevels),
    publishedAt: z.number().int(),
    score: z.number(),
    highlights: Highlights,
  })
  .openapi('ProblemSearchHit');

export const ExpertSearchHitSchema = z
  .object({
    id: z.string(),
    name: z.string(),
    title: z.string(),
    university: z.string(),
    town: z.string().optional(),
    fields: z.array(z.string()),
    keywords: z.array(z.string()),
    available: z.boolean(),
    verified: z.boolean(),
    remainingCapacity: z.number().int(),
    solvedCount: z.number().int(),
    score: z.number(),
    highlights: Highlights,
  })
  .openapi('ExpertSearchHit');

export const ProblemSearchPageSchema = z
  .object({ items: z.array(ProblemSearchHitSchema), total: z.number().int(), facets: FacetsSchema })
  .openapi('ProblemSearchPage');

export const ExpertSearchPageSchema = z
  .object({ items: z.array(ExpertSearchHitSchema), total: z.number().int(), facets: FacetsSchema })
  .openapi('ExpertSearchPage');
