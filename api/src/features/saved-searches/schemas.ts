import { z } from '@hono/zod-openapi';
import { PageQuerySchema, pageSchema } from '../../lib/pagination.js';
import { text } from '../../lib/text.js';
import { publishedStatuses } from '../access/policy.js';
import { FieldCodeSchema } from '../taxonomy/index.js';

export const savedSearchKinds = ['problems', 'experts'] as const;

export const savedSearchIdPattern = /^srch_[0-9abcdefghjkmnpqrstvwxyz]{16}$/;
export const SavedSearchIdSchema = z
  .string()
  .regex(savedSearchIdPattern, 'not a saved search id')
  .openapi({ example: 'srch_7k2m9x4q1c8v5b3n' });

// The filters of GET /search/problems|experts (and of the expert's feed), stored as typed data
// so that a saved search replays exactly; unknown keys are rejected.
export const SavedQuerySchema = z
  .strictObject({
    q: text({ max: 200 }).optional(),
    fields: z.array(FieldCodeSchema).max(20).optional(),
    town: text({ max: 50 }).optional(),
    industry: text({ max: 50 }).optional(),
    status: z.enum(publishedStatuses).optional(),
    university: text({ max: 100 }).optional(),
    available: z.boolean().optional(),
  })
  .openapi('SavedQuery');

export const SavedSearchInputSchema = z
  .strictObject({
    name: text({ min: 1, max: 60 }).openapi({ example: '注塑 缩痕（德清）' }),
    kind: z.enum(savedSearchKinds),
    query: SavedQuerySchema,
    notify: z
      .boolean()
      .default(false)
      .openapi({ description: 'Tell me about new strong matches of this search' }),
  })
  .openapi('SavedSearchInput');

export const SavedSearchPatchSchema = z
  .strictObject({
    name: text({ min: 1, max: 60 }).optional(),
    query: SavedQuerySchema.optional(),
    notify: z.boolean().optional(),
  })
  .openapi('SavedSearchPatch');

export const SavedSearchSchema = z
  .object({
    id: z.string(),
    name: z.string(),
    kind: z.enum(savedSearchKinds),
    query: SavedQuerySchema,
    notify: z.boolean(),
    createdAt: z.string(),
    updatedAt: z.string(),
  })
  .openapi('SavedSearch');

export const SavedSearchListQuerySchema = PageQuerySchema.extend({
  kind: z.enum(savedSearchKinds).optional(),
});

export const SavedSearchPageSchema = pageSchema(SavedSearchSchema).openapi('SavedSearchPage');

export type SavedSearchInput = z.infer<typeof SavedSearchInputSchema>;
export type SavedSearchPatch = z.infer<typeof SavedSearchPatchSchema>;
export type SavedQuery = z.infer<typeof SavedQuerySchema>;
export type SavedSearch = z.infer<typeof SavedSearchSchema>;
