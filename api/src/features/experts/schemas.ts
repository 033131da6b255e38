import { z } from '@hono/zod-openapi';
import { idSchema } from '../../lib/ids.js';
import { RevSchema } from '../../lib/openapi.js';
import { PageQuerySchema, pageSchema } from '../../lib/pagination.js';
import { EmailSchema, KeywordsSchema, PhoneSchema, text } from '../../lib/text.js';
import { FieldCodeSchema } from '../taxonomy/index.js';
import { verificationStates } from '../shared/verification.js';

export { verificationStates, type Verification } from '../shared/verification.js';

const year = z.number().int().min(1950).max(2100);

export const PublicationSchema = z
  .strictObject({
    title: text({ min: 2, max: 300 }),
    abstract: text({ max: 5000, multiline: true }).optional(),
    year,
    venue: text({ max: 200 }).optional(),
    authors: z
      .array(text({ min: 1, max: 100 }))
      .max(50)
      .optional(),
  })
  .openapi('Publication');

export const PatentSchema = z
  .strictObject({
    title: text({ min: 2, max: 300 }),
    number: text({ max: 50 }).optional(),
    year: year.optional(),
  })
  .openapi('Patent');

export const ProjectSchema = z
  .strictObject({
    title: text({ min: 2, max: 300 }),
    year: year.optional(),
    summary: text({ max: 2000, multiline: true }).optional(),
  })
  .openapi('Project');

const profile = {
  name: text({ min: 2, max: 50 }).openapi({ example: '张伟' }),
  title: text({ max: 30 }).default('').openapi({ example: '教授' }),
  college: text({ max: 100 }).optional().openapi({ example: '机械工程学院' }),
  phone: PhoneSchema.optional(),
  fields: z.array(FieldCodeSchema).min(1).max(10),
  keywords: KeywordsSchema.default([]),
  bio: text({ max: 3000, multiline: true }).default(''),
  publications: z.array(PublicationSchema).max(300).default([]),
  patents: z.array(PatentSchema).max(200).default([]),
  projects: z.array(ProjectSchema).max(200).default([]),
  capacity: z
    .number()
    .int()
    .min(0)
    .max(20)
    .default(3)
    .openapi({ description: 'Max active engagements' }),
  available: z.boolean().default(true),
};

export const ExpertCreateSchema = z
  .strictObject({ organisationId: idSchema('organisation'), email: EmailSchema, ...profile })
  .openapi('ExpertCreate');

export const ExpertPatchSchema = z
  .strictObject({
    rev: RevSchema,
    name: profile.name.optional(),
    title: text({ max: 30 }).optional(),
    college: profile.college,
    phone: profile.phone,
    fields: profile.fields.optional(),
    keywords: KeywordsSchema.optional(),
    bio: text({ max: 3000, multiline: true }).optional(),
    publications: z.array(PublicationSchema).max(300).optional(),
    patents: z.array(PatentSchema).max(200).optional(),
    projects: z.array(ProjectSchema).max(200).optional(),
    capacity: z.number().int().min(0).max(20).optional(),
    available: z.boolean().optional(),
  })
  .openapi('ExpertPatch');

export const ExpertSchema = z
  .object({
    id: idSchema('expert'),
    organisationId: z.string(),
    universityName: z.string(),
    name: z.string(),
    title: z.string(),
    college: z.string().optional(),
    email: z.string().optional().openapi({ description: 'Only for the expert and the office' }),
    phone: z.string().optional().openapi({ description: 'Only for the expert and the office' }),
    fields: z.array(z.string()),
    keywords: z.array(z.string()),
    bio: z.string(),
    publications: z.array(PublicationSchema),
    patents: z.array(PatentSchema),
    projects: z.array(ProjectSchema),
    capacity: z.number().int(),
    activeEngagements: z.number().int(),
    remainingCapacity: z.number().int(),
    available: z.boolean(),
    verification: z.enum(verificationStates),
    rev: z.number().int(),
    createdAt: z.string(),
    updatedAt: z.string(),
  })
  .openapi('Expert');

export const ExpertListQuerySchema = PageQuerySchema.extend({
  organisationId: idSchema('organisation').optional(),
  field: FieldCodeSchema.optional(),
  available: z
    .enum(['true', 'false'])
    .transform((v) => v === 'true')
    .optional(),
  verification: z.enum(verificationStates).optional(),
  sort: z.enum(['createdAt', 'updatedAt', 'name']).default('createdAt'),
  order: z.enum(['asc', 'desc']).default('desc'),
});

export const ExpertPageSchema = pageSchema(ExpertSchema).openapi('ExpertPage');

export type ExpertCreate = z.infer<typeof ExpertCreateSchema>;
export type ExpertPatch = z.infer<typeof ExpertPatchSchema>;
export type Expert = z.infer<typeof ExpertSchema>;
export type ExpertListQuery = z.infer<typeof ExpertListQuerySchema>;
