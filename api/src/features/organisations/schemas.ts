import { z } from '@hono/zod-openapi';
import { checkCreditCode, creditCodeMessage } from '../../lib/credit-code.js';
import { idSchema } from '../../lib/ids.js';
import { RevSchema } from '../../lib/openapi.js';
import { PageQuerySchema, pageSchema } from '../../lib/pagination.js';
import { text } from '../../lib/text.js';
import { verificationStates } from '../shared/verification.js';

export const organisationKinds = ['university', 'institute', 'company', 'office'] as const;
export type OrganisationKind = (typeof organisationKinds)[number];

export { verificationStates, type Verification } from '../shared/verification.js';

export const CreditCodeSchema = z
  .string()
  .max(40)
  .transform((value, ctx) => {
    const result = checkCreditCode(value);
    if (!result.ok) {
      ctx.addIssue({ code: 'custom', message: creditCodeMessage(result.problem) });
      return z.NEVER;
    }
    return result.code;
  })
  .openapi({
    type: 'string',
    example: '91350100M000100Y43',
    description: '统一社会信用代码 (GB 32100)',
  });

const editable = {
  name: text({ min: 2, max: 100 }).openapi({ example: '德清某精密机械有限公司' }),
  nameEn: text({ max: 200 }).optional(),
  town: text({ max: 50 }).optional().openapi({ example: '乾元镇' }),
  industry: text({ max: 50 }).optional().openapi({ example: '装备制造' }),
  colleges: z
    .array(text({ min: 1, max: 100 }))
    .max(100)
    .optional(),
};

export const OrganisationInputSchema = z
  .strictObject({ kind: z.enum(organisationKinds), creditCode: CreditCodeSchema, ...editable })
  .openapi('OrganisationInput');

export const OrganisationPatchSchema = z
  .strictObject({
    rev: RevSchema,
    name: editable.name.optional(),
    nameEn: editable.nameEn,
    town: editable.town,
    industry: editable.industry,
    colleges: editable.colleges,
  })
  .openapi('OrganisationPatch');

export const OrganisationSchema = z
  .object({
    id: idSchema('organisation'),
    kind: z.enum(organisationKinds),
    name: z.string(),
    nameEn: z.string().optional(),
    creditCode: z.string(),
    town: z.string().optional(),
    industry: z.string().optional(),
    colleges: z.array(z.string()).optional(),
    verification: z.enum(verificationStates),
    rev: z.number().int(),
    createdAt: z.string(),
    updatedAt: z.string(),
  })
  .openapi('Organisation');

export const OrganisationListQuerySchema = PageQuerySchema.extend({
  kind: z.enum(organisationKinds).optional(),
  town: z.string().max(50).optional(),
  industry: z.string().max(50).optional(),
  verification: z.enum(verificationStates).optional(),
  sort: z.enum(['createdAt', 'name']).default('createdAt'),
  order: z.enum(['asc', 'desc']).default('desc'),
});

export const OrganisationPageSchema = pageSchema(OrganisationSchema).openapi('OrganisationPage');

export type OrganisationInput = z.infer<typeof OrganisationInputSchema>;
export type OrganisationPatch = z.infer<typeof OrganisationPatchSchema>;
export type Organisation = z.infer<typeof OrganisationSchema>;
export type OrganisationListQuery = z.infer<typeof OrganisationListQuerySchema>;
