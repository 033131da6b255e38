import { z } from '@hono/zod-openapi';
import { text } from '../../lib/text.js';

/** The office's check of a company or an expert before they are published or matched. */
export const verificationStates = ['pending', 'info_requested', 'verified', 'rejected'] as const;
export type Verification = (typeof verificationStates)[number];

export const verificationDecisions = ['approve', 'reject', 'request_info'] as const;

export const decisionTo: Record<(typeof verificationDecisions)[number], Verification> = {
  approve: 'verified',
  reject: 'rejected',
  request_info: 'info_requested',
};

export const VerificationDecisionSchema = z
  .strictObject({
    rev: z.number().int().min(1),
    decision: z.enum(verificationDecisions),
    reason: text({ max: 1000, multiline: true }).optional(),
  })
  .refine((body) => body.decision === 'approve' || (body.reason?.length ?? 0) > 0, {
    error: '驳回或要求补充材料时须说明原因 / a reason is required to reject or request information',
    path: ['reason'],
  })
  .openapi('VerificationDecision');
