import { z } from 'zod';
import { ApiError } from '../../lib/errors.js';

const id = z.string().trim().min(1).max(200);

export const expertSchema = z.strictObject({
  id,
  organisationId: id,
  /** Most problems or companies this expert may take on in the cohort. */
  capacity: z.int().min(0).max(1000),
});

export const targetSchema = z.strictObject({
  id,
  /** The organisation (company or university) that owns the problem, or the company itself. */
  organisationId: id,
  minExperts: z.int().min(0).max(1000),
  maxExperts: z.int().min(0).max(1000),
});

export const pairSchema = z.strictObject({
  expertId: id,
  targetId: id,
  affinity: z.number().min(0).max(1),
});

export const pairRefSchema = z.strictObject({ expertId: id, targetId: id });

export const forbiddenPairSchema = z.strictObject({
  expertId: id,
  targetId: id,
  reason: z.enum(['relation', 'contract', 'office']),
});

export const assignmentInputSchema = z
  .strictObject({
    experts: z.array(expertSchema).max(100_000),
    targets: z.array(targetSchema).max(100_000),
    pairs: z.array(pairSchema).max(2_000_000),
    conflicts: z
      .strictObject({
        forbidSameOrganisation: z.boolean().default(true),
        forbidden: z.array(forbiddenPairSchema).default([]),
      })
      .default({ forbidSameOrganisation: true, forbidden: [] }),
    required: z.array(pairRefSchema).default([]),
    /** Affinity the best expert of every staffed target should reach (see solve.ts). */
    floor: z.number().min(0).max(1).nullable().default(null),
  })
  .superRefine((input, ctx) => {
    const experts = new Set<string>();
    input.experts.forEach((expert, index) => {
      if (experts.has(expert.id))
        ctx.addIssue({ code: 'custom', path: ['experts', index, 'id'], message: 'duplicate id' });
      experts.add(expert.id);
    });
    const targets = new Set<string>();
    input.targets.forEach((target, index) => {
      if (targets.has(target.id))
        ctx.addIssue({ code: 'custom', path: ['targets', index, 'id'], message: 'duplicate id' });
      targets.add(target.id);
      if (target.minExperts > target.maxExperts)
        ctx.addIssue({
          code: 'custom',
          path: ['targets', index, 'minExperts'],
          message: 'minExperts exceeds maxExperts',
        });
    });
    const checkRefs = (
      list: readonly { expertId: string; targetId: string }[],
      name: string,
      unique: boolean,
    ) => {
      const seen = new Set<string>();
      list.forEach((pair, index) => {
        if (!experts.has(pair.expertId))
          ctx.addIssue({
            code: 'custom',
            path: [name, index, 'expertId'],
            message: 'unknown expert',
          });
        if (!targets.has(pair.targetId))
          ctx.addIssue({
            code: 'custom',
            path: [name, index, 'targetId'],
            message: 'unknown target',
          });
        const key = pairKey(pair.expertId, pair.targetId);
        if (unique && seen.has(key))
          ctx.addIssue({ code: 'custom', path: [name, index], message: 'duplicate pair' });
        seen.add(key);
      });
    };
    checkRefs(input.pairs, 'pairs', true);
    checkRefs(input.required, 'required', true);
    checkRefs(input.conflicts.forbidden, 'conflicts.forbidden', false);
  });

export type AssignmentInput = z.output<typeof assignmentInputSchema>;
export type AssignmentInputRaw = z.input<typeof assignmentInputSchema>;
export type Expert = z.output<typeof expertSchema>;
export type Target = z.output<typeof targetSchema>;
export type CandidatePair = z.output<typeof pairSchema>;
export type ForbiddenPair = z.output<typeof forbiddenPairSchema>;

// Length-prefixed so that ids containing the separator cannot make two pairs collide.
export function pairKey(expertId: string, targetId: string): string {
  return `${expertId.length}:${expertId}|${targetId}`;
}

/** Parses untrusted input; a failure is the API's usual 400 with flattened zod details. */
export function parseAssignmentInput(input: unknown): AssignmentInput {
  const parsed = assignmentInputSchema.safeParse(input);
  if (!parsed.success)
    throw new ApiError('VALIDATION_FAILED', { details: z.flattenError(parsed.error) });
  return parsed.data;
}
