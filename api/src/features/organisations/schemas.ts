import { z } from '@hono/zod-openapi';
import { checkCreditCode, creditCodeMessage } from '../../lib/credit-code.js';
import { idSchema } from '../../lib/ids.js';

export const organisationKinds = ['university', 'institute', 'company'] as const;

export const CreditCodeSchema = z
  .string()
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

const name = z.string().trim().min(2).max(100);

export const OrganisationInputSchema = z
  .strictObject({
    kind: z.enum(organisationKinds),
    name: name.openapi({ example: '浙江某某精密机械有限公司' }),
    nameEn: z.string().trim().max(200).optional(),
    creditCode: CreditCodeSchema,
    town: z.string().trim().max(50).optional().openapi({ example: '新登镇' }),
    industry: z.string().trim().max(50).optional(),
  })
  .openapi('OrganisationInput');

export const OrganisationSchema = z
  .object({
    id: idSchema('organisation'),
    kind: z.enum(organisationKinds),
    name: z.string(),
    nameEn: z.string().optional(),
    creditCode: z.string(),
    town: z.string().optional(),
    industry: z.string().optional(),
    rev: z.number().int(),
    createdAt: z.iso.datetime({ offset: true }),
    updatedAt: z.iso.datetime({ offset: true }),
  })
  .openapi('Organisation');

export type OrganisationInput = z.infer<typeof OrganisationInputSchema>;
export type Organisation = z.infer<typeof OrganisationSchema>;
