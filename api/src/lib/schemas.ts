import { z } from '@hono/zod-openapi';
import { errorCodes } from './errors.js';

export const ErrorSchema = z
  .object({
    error: z.object({
      code: z.enum(errorCodes),
      message: z.string().openapi({ example: '提交的内容有误，请检查后重试。' }),
      requestId: z.string(),
      details: z.unknown().optional(),
    }),
  })
  .openapi('Error');

const errorResponse = (description: string) => ({
  description,
  content: { 'application/json': { schema: ErrorSchema } },
});

/** The error responses every route may give, for the OpenAPI document. */
export const commonErrors = {
  400: errorResponse('Invalid input (VALIDATION_FAILED or BAD_REQUEST)'),
  500: errorResponse('Unexpected error (INTERNAL)'),
  503: errorResponse('A dependency is down (STORE_UNAVAILABLE, SEARCH_UNAVAILABLE)'),
} as const;

export const errorResponses = {
  401: errorResponse('Not signed in'),
  403: errorResponse('Not allowed'),
  404: errorResponse('No such record'),
  409: errorResponse('Conflict: duplicate, stale rev or illegal transition'),
} as const;
