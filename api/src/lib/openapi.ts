import { z } from '@hono/zod-openapi';
import { ErrorSchema } from './schemas.js';

/** A JSON response entry for createRoute. */
export function json<T extends z.ZodType>(schema: T, description: string) {
  return { description, content: { 'application/json': { schema } } };
}

/** A required JSON request body for createRoute. */
export function jsonBody<T extends z.ZodType>(schema: T) {
  return { required: true, content: { 'application/json': { schema } } };
}

const error = (description: string) => json(ErrorSchema, description);

/** The error responses of a route, by the statuses it can give. */
export function errors(...statuses: (401 | 403 | 404 | 409)[]) {
  const all = {
    401: error('Not signed in (UNAUTHENTICATED)'),
    403: error('Not allowed (FORBIDDEN)'),
    404: error('No such record (NOT_FOUND)'),
    409: error('Duplicate, stale rev (CONFLICT) or illegal transition (INVALID_TRANSITION)'),
  };
  const picked: Partial<typeof all> = {};
  for (const status of statuses) picked[status] = all[status];
  return {
    ...picked,
    400: error('Invalid input (VALIDATION_FAILED, BAD_REQUEST)'),
    413: error('Body too large (PAYLOAD_TOO_LARGE)'),
    500: error('Unexpected error (INTERNAL)'),
    503: error('A dependency is down (STORE_UNAVAILABLE, SEARCH_UNAVAILABLE)'),
  };
}

export const RevSchema = z
  .number()
  .int()
  .min(1)
  .openapi({ description: 'The rev you last read (optimistic concurrency)', example: 3 });

export const sortOrder = z.enum(['asc', 'desc']).default('desc');
