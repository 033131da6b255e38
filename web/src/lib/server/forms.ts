import type { SuperValidated } from 'sveltekit-superforms';
import { z } from 'zod';
import { m } from '$lib/paraglide/messages';

/** A form field as a trimmed string ('' when absent or a file). */
export function text(form: FormData, key: string): string {
  const value = form.get(key);
  return typeof value === 'string' ? value.trim() : '';
}

/** A comma-separated field (Chinese or Latin commas) as a list. */
export function list(form: FormData, key: string): string[] {
  return text(form, key)
    .split(/[,，、;；]/)
    .map((item) => item.trim())
    .filter((item) => item.length > 0);
}

/** Every value of a repeated field (checkboxes, multi-selects). */
export function all(form: FormData, key: string): string[] {
  return form
    .getAll(key)
    .filter((value): value is string => typeof value === 'string' && value.length > 0);
}

interface Envelope {
  error?: { message?: string; details?: { fieldErrors?: Record<string, string[] | undefined> } };
}

/** The message and per-field errors of an API error envelope. */
export async function apiErrors(
  res: Response,
): Promise<{ message: string; fields: Record<string, string> }> {
  let body: Envelope = {};
  try {
    body = (await res.json()) as Envelope;
  } catch {
    // Not an envelope: keep the generic message.
  }
  const fields: Record<string, string> = {};
  for (const [key, messages] of Object.entries(body.error?.details?.fieldErrors ?? {})) {
    if (messages?.[0]) fields[key] = messages[0];
  }
  return { message: body.error?.message ?? `HTTP ${res.status}`, fields };
}

// Form schemas for superforms (zod 4 adapter). They mirror the API's limits so that errors show
// inline before a round trip, in the user's language (messages are read per request); the API
// validates again with its own schemas and its field errors land on the same fields. The API's
// schemas are not imported: they are built on @hono/zod-openapi, which the web server does not
// ship.
// abort: an empty field says only that it is required, not also that it is too short.
const req = () => ({ error: () => m.form_required(), abort: true });
const minChars = (n: number) => ({ error: () => m.form_min_chars({ n }) });
const maxChars = (n: number) => ({ error: () => m.form_max_chars({ n }) });
const fieldList = (max: number) =>
  z
    .array(z.string())
    .min(1, { error: () => m.form_pick_fields({ n: max }) })
    .max(max, { error: () => m.form_pick_fields({ n: max }) });
const wan = z
  .string()
  .trim()
  .max(12)
  .refine(
    (v) => v === '' || (/^\d+(\.\d{1,2})?$/.test(v.replace(/[,，]/g, '')) && Number(v) >= 0),
    {
      error: () => m.form_number(),
    },
  );

export const levels = ['public', 'summary', 'private'] as const;

export const ProblemFormSchema = z
  .object({
    title: z.string().trim().min(1, req()).min(4, minChars(4)).max(80, maxChars(80)),
    summary: z.string().trim().max(300, maxChars(300)).default(''),
    description: z.string().trim().min(1, req()).min(10, minChars(10)).max(5000, maxChars(5000)),
    fields: fieldList(5),
    keywords: z.string().trim().max(600, maxChars(600)).default(''),
    desiredOutcome: z.string().trim().max(2000, maxChars(2000)).default(''),
    budgetMin: wan.default(''),
    budgetMax: wan.default(''),
    deadline: z
      .string()
      .trim()
      .refine((v) => v === '' || /^\d{4}-\d{2}-\d{2}$/.test(v), { error: () => m.form_date() })
      .default(''),
    confidentiality: z.enum(levels).default('summary'),
  })
  .refine(
    (v) => v.budgetMin === '' || v.budgetMax === '' || Number(v.budgetMin) <= Number(v.budgetMax),
    { path: ['budgetMax'], error: () => m.form_budget_order() },
  );

export type ProblemForm = z.infer<typeof ProblemFormSchema>;

export const ExpertProfileFormSchema = z.object({
  rev: z.number().int().min(1),
  name: z.string().trim().min(2, minChars(2)).max(50, maxChars(50)),
  title: z.string().trim().max(30, maxChars(30)).default(''),
  college: z.string().trim().max(100, maxChars(100)).default(''),
  phone: z.string().trim().max(30, maxChars(30)).default(''),
  fields: fieldList(10),
  keywords: z.string().trim().max(900, maxChars(900)).default(''),
  bio: z.string().trim().max(3000, maxChars(3000)).default(''),
  capacity: z
    .number({ error: () => m.form_number() })
    .int()
    .min(0)
    .max(20)
    .default(3),
  available: z.boolean().default(true),
});

export type ExpertProfileForm = z.infer<typeof ExpertProfileFormSchema>;

/** API field errors onto a superform, so they show inline next to the fields they name. */
export function fieldErrorsOnto<T extends Record<string, unknown>>(
  form: SuperValidated<T>,
  fields: Record<string, string>,
  rename: Record<string, string> = {},
) {
  const errors = form.errors as Record<string, string[] | undefined>;
  for (const [key, message] of Object.entries(fields)) {
    const name = rename[key] ?? key;
    if (name in form.data) errors[name] = [message];
  }
  form.valid = false;
}
