import { z } from '@hono/zod-openapi';
import { idSchema } from '../../lib/ids.js';
import { confidentialityLevels, problemStatuses } from '../problems/schemas.js';
import { featureNames } from '../../matching/score.js';

const ReasonsSchema = z
  .object({
    matchedTerms: z.array(z.string()).openapi({ description: 'Shared key terms, strongest first' }),
    matchedFields: z.array(z.string()).openapi({ description: 'Field codes both sides have' }),
    publications: z.array(
      z.object({ title: z.string(), year: z.number().int(), similarity: z.number() }),
    ),
    patents: z.array(z.string()),
    solvedProblems: z
      .array(
        z.object({
          id: z.string().optional(),
          title: z.string().optional(),
          fields: z.array(z.string()),
        }),
      )
      .openapi({ description: 'Past solved problems in these fields; private ones unnamed' }),
    remainingCapacity: z.number().int(),
    capacity: z.number().int(),
    available: z.boolean(),
    locality: z.object({
      sameTown: z.boolean(),
      expertTown: z.string().optional(),
      problemTown: z.string().optional(),
    }),
    semanticMatch: z
      .object({
        kind: z.enum(['publication', 'profile']),
        title: z.string().optional(),
        year: z.number().int().optional(),
        similarity: z.number(),
      })
      .optional()
      .openapi({ description: 'The publication or profile that matched by meaning' }),
  })
  .openapi('MatchReasons');

const FeaturesSchema = z
  .object(
    Object.fromEntries(featureNames.map((name) => [name, z.number()])) as Record<
      (typeof featureNames)[number],
      z.ZodNumber
    >,
  )
  .openapi('MatchFeatures', {
    description: 'The inputs of the score, each in [0, 1]; score = Σ weight × feature',
  });

export const ExpertMatchSchema = z
  .object({
    expert: z.object({
      id: z.string(),
      name: z.string(),
      title: z.string(),
      universityName: z.string(),
      fields: z.array(z.string()),
    }),
    score: z.number(),
    features: FeaturesSchema,
    reasons: ReasonsSchema,
  })
  .openapi('ExpertMatch');

export const ProblemMatchSchema = z
  .object({
    problem: z.object({
      id: z.string(),
      visibility: z.enum(['full', 'summary']),
      title: z.string(),
      summary: z.string(),
      fields: z.array(z.string()),
      companyName: z.string(),
      town: z.string().optional(),
      industry: z.string().optional(),
      status: z.enum(problemStatuses),
      confidentiality: z.enum(confidentialityLevels),
    }),
    score: z.number(),
    features: FeaturesSchema,
    reasons: ReasonsSchema,
  })
  .openapi('ProblemMatch');

export const MatchQuerySchema = z.strictObject({
  limit: z.coerce.number().int().min(1).max(100).default(20),
});

const problemIdList = z
  .string()
  .max(2_100)
  .transform((value) => value.split(',').filter(Boolean))
  .pipe(z.array(idSchema('problem')).max(100));

export const ProblemMatchQuerySchema = MatchQuerySchema.extend({
  problemIds: problemIdList.optional().openapi({
    type: 'string',
    description: 'Comma-separated problem ids to score whether or not the search finds them',
  }),
});

export const ExpertMatchPageSchema = z
  .object({ items: z.array(ExpertMatchSchema) })
  .openapi('ExpertMatches');
export const ProblemMatchPageSchema = z
  .object({ items: z.array(ProblemMatchSchema) })
  .openapi('ProblemMatches');
