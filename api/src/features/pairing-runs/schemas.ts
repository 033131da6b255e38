import { z } from '@hono/zod-openapi';
import { idSchema } from '../../lib/ids.js';
import { text } from '../../lib/text.js';

// Run ids are not in lib/ids.ts's table: runs are jobs, not domain records with events.
const runAlphabet = '0123456789abcdefghjkmnpqrstvwxyz';
export const RunIdSchema = z
  .string()
  .regex(new RegExp(`^run_[${runAlphabet}]{16}$`), 'not a valid pairing run id')
  .openapi({ example: 'run_7k2m9x4q1c8v5b3n' });

export const runStatuses = ['queued', 'running', 'done', 'failed', 'cancelled'] as const;
export type RunStatus = (typeof runStatuses)[number];

/** A problem id or a company id, whichever kind of target the run pairs with. */
const TargetIdSchema = z.union([idSchema('problem'), idSchema('organisation')]);
const PairRefSchema = z.strictObject({ expertId: idSchema('expert'), targetId: TargetIdSchema });

export const PairingRunInputSchema = z
  .strictObject({
    basedOn: RunIdSchema.optional().openapi({
      description:
        'Rerun: take the cohort and the affinities of this earlier run of the programme, with the settings below',
    }),
    expertIds: z.array(idSchema('expert')).min(1).max(500).optional(),
    problemIds: z.array(idSchema('problem')).min(1).max(1000).optional(),
    companyIds: z
      .array(idSchema('organisation'))
      .min(1)
      .max(1000)
      .optional()
      .openapi({ description: 'Pair with companies (each through its best open problem)' }),
    capacity: z.int().min(0).max(50).default(1).openapi({
      description:
        'Most targets per expert in this run; never more than what the expert has left of their own capacity',
    }),
    capacities: z
      .array(z.strictObject({ expertId: idSchema('expert'), capacity: z.int().min(0).max(50) }))
      .max(500)
      .default([]),
    minExperts: z.int().min(0).max(50).default(0),
    maxExperts: z.int().min(0).max(50).default(1),
    limits: z
      .array(
        z.strictObject({
          targetId: TargetIdSchema,
          minExperts: z.int().min(0).max(50),
          maxExperts: z.int().min(0).max(50),
        }),
      )
      .max(1000)
      .default([]),
    forbidden: z.array(PairRefSchema).max(5000).default([]),
    required: z.array(PairRefSchema).max(5000).default([]),
    floor: z.number().min(0).max(1).nullable().default(null).openapi({
      description:
        "Affinity each staffed target's best expert should reach when any feasible pairing allows it",
    }),
    topK: z.int().min(1).max(200).default(10).openapi({
      description: 'Candidate pairs kept per expert and per target (best affinities first)',
    }),
    note: text({ max: 500 }).optional(),
  })
  .superRefine((input, ctx) => {
    const cohort = input.expertIds !== undefined;
    if (input.basedOn === undefined && !cohort)
      ctx.addIssue({ code: 'custom', path: ['expertIds'], message: 'choose experts or basedOn' });
    if (input.basedOn !== undefined && cohort)
      ctx.addIssue({
        code: 'custom',
        path: ['basedOn'],
        message: 'a rerun keeps the cohort of the run it is based on',
      });
    if (cohort && (input.problemIds === undefined) === (input.companyIds === undefined))
      ctx.addIssue({
        code: 'custom',
        path: ['problemIds'],
        message: 'choose either problems or companies',
      });
    if (input.minExperts > input.maxExperts)
      ctx.addIssue({ code: 'custom', path: ['minExperts'], message: 'above maxExperts' });
    input.limits.forEach((limit, index) => {
      if (limit.minExperts > limit.maxExperts)
        ctx.addIssue({
          code: 'custom',
          path: ['limits', index, 'minExperts'],
          message: 'above maxExperts',
        });
    });
  })
  .openapi('PairingRunInput');

export type PairingRunInput = z.infer<typeof PairingRunInputSchema>;

// Cancel and apply carry no state to check (a run has no rev: only its job writes it), but a
// body keeps every write of the API a JSON POST.
export const PairingRunActionSchema = z.strictObject({}).openapi('PairingRunAction');

const LocalReasonsSchema = z
  .object({
    matchedTerms: z.array(z.string()),
    matchedFields: z.array(z.string()),
    publications: z.array(z.object({ title: z.string(), year: z.number().int() })),
    sameTown: z.boolean(),
    remainingCapacity: z.number().int(),
  })
  .openapi('PairingRunReasons', { description: "The matcher's evidence for one pair" });

export type RunReasons = z.infer<typeof LocalReasonsSchema>;

const ProposedPairSchema = z.object({
  expertId: z.string(),
  expertName: z.string(),
  targetId: z.string(),
  targetTitle: z.string(),
  companyName: z.string(),
  problemId: z.string().openapi({ description: 'The problem the engagement is created on' }),
  affinity: z.number(),
  required: z.boolean(),
  reasons: LocalReasonsSchema,
});

const PairKeySchema = z.object({
  expertId: z.string(),
  targetId: z.string(),
  affinity: z.number(),
});

export const PairingRunSchema = z
  .object({
    id: RunIdSchema,
    programmeId: z.string(),
    status: z.enum(runStatuses),
    basedOn: z.string().optional(),
    settings: z.object({
      targetKind: z.enum(['problem', 'company']),
      capacity: z.number().int(),
      capacities: z.array(z.object({ expertId: z.string(), capacity: z.number().int() })),
      minExperts: z.number().int(),
      maxExperts: z.number().int(),
      limits: z.array(
        z.object({
          targetId: z.string(),
          minExperts: z.number().int(),
          maxExperts: z.number().int(),
        }),
      ),
      forbidden: z.array(z.object({ expertId: z.string(), targetId: z.string() })),
      required: z.array(z.object({ expertId: z.string(), targetId: z.string() })),
      floor: z.number().nullable(),
      topK: z.number().int(),
      note: z.string().optional(),
    }),
    progress: z.object({
      phase: z.string(),
      done: z.number().int().optional(),
      total: z.number().int().optional(),
      elapsedMs: z.number().optional(),
      incumbent: z.number().nullable().optional(),
      bound: z.number().nullable().optional(),
    }),
    cohort: z.object({
      experts: z.array(
        z.object({
          id: z.string(),
          name: z.string(),
          universityName: z.string(),
          capacity: z.number().int(),
        }),
      ),
      targets: z.array(
        z.object({
          id: z.string(),
          kind: z.enum(['problem', 'company']),
          title: z.string(),
          companyName: z.string(),
          minExperts: z.number().int(),
          maxExperts: z.number().int(),
        }),
      ),
      candidatePairs: z.number().int(),
    }),
    result: z
      .object({
        status: z.enum(['optimal', 'infeasible', 'cancelled', 'time_limit']),
        objective: z.number(),
        bound: z.number().nullable(),
        gap: z.number().nullable(),
        proof: z.enum(['lp-integral', 'mip']).nullable(),
        pairs: z.array(ProposedPairSchema),
        expertLoads: z.array(
          z.object({
            expertId: z.string(),
            load: z.number().int(),
            capacity: z.number().int(),
          }),
        ),
        targetLoads: z.array(
          z.object({
            targetId: z.string(),
            load: z.number().int(),
            minExperts: z.number().int(),
            maxExperts: z.number().int(),
            bestAffinity: z.number().nullable(),
          }),
        ),
        floor: z
          .object({ floor: z.number(), met: z.number().int(), unmet: z.array(z.string()) })
          .nullable(),
        infeasibility: z.array(
          z.object({
            code: z.string(),
            message: z.string(),
            expertId: z.string().optional(),
            targetId: z.string().optional(),
            needed: z.number().optional(),
            available: z.number().optional(),
          }),
        ),
        model: z.object({
          variables: z.number().int(),
          constraints: z.number().int(),
          candidatePairs: z.number().int(),
          excludedByConflict: z.number().int(),
        }),
        solveMs: z.number(),
      })
      .optional(),
    comparison: z
      .object({
        previousRunId: z.string(),
        added: z.array(PairKeySchema),
        removed: z.array(PairKeySchema),
        objectiveDelta: z.number(),
      })
      .optional()
      .openapi({ description: 'Against the previous finished run of the same programme' }),
    applied: z
      .object({
        at: z.string(),
        by: z.string(),
        pairingIds: z.array(z.string()),
        engagementIds: z.array(z.string()),
        skipped: z.array(
          z.object({ expertId: z.string(), targetId: z.string(), reason: z.string() }),
        ),
      })
      .optional(),
    error: z.string().optional(),
    createdAt: z.string(),
    updatedAt: z.string(),
  })
  .openapi('PairingRun');

export const PairingRunSummarySchema = z
  .object({
    id: RunIdSchema,
    status: z.enum(runStatuses),
    basedOn: z.string().optional(),
    solverStatus: z.string().optional(),
    objective: z.number().optional(),
    pairs: z.number().int().optional(),
    applied: z.boolean(),
    createdAt: z.string(),
  })
  .openapi('PairingRunSummary');

export const PairingRunListSchema = z
  .object({ items: z.array(PairingRunSummarySchema) })
  .openapi('PairingRunList');
