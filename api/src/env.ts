import { z } from 'zod';

// The only reader of process.env: parsed once, at start, failing fast with one line per problem.
const port = z.coerce.number().int().min(1).max(65535);

const mongoUrl = z
  .string()
  .trim()
  .refine((value) => /^mongodb(\+srv)?:\/\/[^\s/]+/.test(value), {
    error: 'must look like mongodb://host:port/ or mongodb+srv://host/',
  });

export const envSchema = z.object({
  NODE_ENV: z.enum(['development', 'test', 'production']).default('development'),
  API_HOST: z.string().default('127.0.0.1'),
  API_PORT: port.default(8787),
  MONGODB_URL: mongoUrl,
  MONGODB_DB: z
    .string()
    .regex(/^[A-Za-z0-9_-]{1,60}$/, 'letters, digits, _ and - only')
    .default('jiedui'),
  SEARCH_ENGINE: z.enum(['embedded', 'meilisearch']).default('embedded'),
  MEILI_URL: z.url().optional(),
  MEILI_MASTER_KEY: z.string().optional(),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  /** Signs session cookies; at least 32 characters. Required in production. */
  AUTH_SECRET: z.string().min(32).optional(),
  /** Where the web app is served: mail links point there and its origin may send writes. */
  PUBLIC_WEB_URL: z.url().default('http://localhost:3000'),
  /** The API's own public URL; defaults to http://localhost:<API_PORT>. */
  PUBLIC_API_URL: z.url().optional(),
  /** Outgoing mail is written here as files (no SMTP in the local default). */
  MAIL_DIR: z.string().default('.data/mail'),
  /** When set, mail goes out through this SMTP server (smtp:// or smtps://) instead of MAIL_DIR. */
  SMTP_URL: z
    .string()
    .regex(/^smtps?:\/\/\S+$/, 'must look like smtp://user:pass@host:587 or smtps://host:465')
    .optional(),
  /** The sender of outgoing mail over SMTP. */
  MAIL_FROM: z.string().min(3).default('结对 Jiedui <no-reply@jiedui.local>'),
  /** Tests only: a file that moves the API's clock (see lib/clock-file.ts); never set it in production. */
  JIEDUI_CLOCK_FILE: z.string().min(1).optional(),
  /**
   * Where the embedding models are (tools/model/fetch.mjs puts them in <repo>/.cache/models).
   * Without the model there, matching runs lexical-only and /ready says so.
   */
  MODEL_DIR: z.string().default('.cache/models'),
  /** The embedding model for semantic matching (a folder of MODEL_DIR). */
  MODEL_NAME: z.string().default('bge-small-zh-v1.5-q'),
  /** `off` turns semantic matching off even when the model is present. */
  SEMANTIC: z.enum(['on', 'off']).default('on'),
  /** Per-IP limits on sign-in and sign-up; `off` only for the end-to-end run, whose browsers all come from one address. */
  AUTH_RATE_LIMIT: z.enum(['on', 'off']).default('on'),
  /** Largest accepted request body, in bytes. */
  BODY_LIMIT: z.coerce.number().int().positive().default(1_048_576),
  /** Largest accepted import file (POST /imports/…), in bytes; 64 MiB (10,000 experts ≈ 35 MiB). */
  IMPORT_BODY_LIMIT: z.coerce.number().int().positive().default(67_108_864),
});

export type Env = z.infer<typeof envSchema>;

export class EnvError extends Error {
  override name = 'EnvError';
}

/** Parses an environment record; throws EnvError whose message names every bad variable. */
export function parseEnv(source: Record<string, string | undefined>): Env {
  const result = envSchema.safeParse(source);
  if (!result.success) {
    const problems = result.error.issues.map((issue) => {
      const name = issue.path.join('.');
      return issue.code === 'invalid_type' && issue.input === undefined
        ? `${name} is required`
        : `${name} ${issue.message}`;
    });
    throw new EnvError(`bad configuration: ${problems.join('; ')}`);
  }
  const env = result.data;
  if (env.SEARCH_ENGINE === 'meilisearch' && !env.MEILI_URL) {
    throw new EnvError('bad configuration: SEARCH_ENGINE=meilisearch needs MEILI_URL');
  }
  if (env.NODE_ENV === 'production' && !env.AUTH_SECRET) {
    throw new EnvError('bad configuration: AUTH_SECRET (32+ characters) is required in production');
  }
  return env;
}

// Only outside production: a fixed secret so that local sessions survive restarts.
export const developmentAuthSecret = 'jiedui-development-secret-never-use-in-production';

export function loadEnv(): Env {
  return parseEnv(process.env);
}
