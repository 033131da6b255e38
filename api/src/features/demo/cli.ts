// `pnpm --filter @jiedui/api run seed [-- --scale N --force]`: loads the demo data set.
import { parseArgs } from 'node:util';
import { z } from 'zod';
import { EnvError, developmentAuthSecret, loadEnv } from '../../env.js';
import { connectStore } from '../../lib/mongo.js';
import { parseWireDate } from '../../lib/time.js';
import { demoAccounts, demoPassword } from './accounts.js';
import { defaultSeed, demoIdentities } from './generate.js';
import { SeedRefused, seedDemo, type SeedProgress } from './load.js';

const ArgsSchema = z.strictObject({
  scale: z.coerce.number().positive().max(1000).default(1),
  seed: z.string().min(1).default(defaultSeed),
  until: z
    .string()
    .optional()
    .transform((value, ctx) => {
      // The history ends today (midnight in Asia/Shanghai) unless a date pins it.
      const date = parseWireDate(
        value ?? new Date(Date.now() + 8 * 3_600_000).toISOString().slice(0, 10),
      );
      if (!date) {
        ctx.addIssue({ code: 'custom', message: 'must be a date YYYY-MM-DD' });
        return z.NEVER;
      }
      return date;
    }),
  force: z.boolean().default(false),
  'if-empty': z.boolean().default(false),
  'allow-production': z.boolean().default(false),
});

function fail(message: string): never {
  process.stderr.write(`seed: ${message}\n`);
  process.exit(1);
}

function progressPrinter() {
  const tty = process.stdout.isTTY;
  let lastPhase = '';
  let lastShare = -1;
  const started = performance.now();
  return (p: SeedProgress) => {
    const share = p.total > 0 ? Math.floor((p.done / p.total) * 10) : 10;
    const seconds = ((performance.now() - started) / 1000).toFixed(1);
    const line = `seed: ${p.phase.padEnd(13)} ${String(p.done).padStart(7)} / ${String(p.total).padEnd(7)} ${seconds.padStart(6)} s`;
    if (tty) {
      if (p.phase !== lastPhase && lastPhase) process.stdout.write('\n');
      process.stdout.write(`\r${line}`);
    } else if (p.phase !== lastPhase || share !== lastShare) {
      process.stdout.write(`${line}\n`);
    }
    lastPhase = p.phase;
    lastShare = share;
  };
}

async function main() {
  let args;
  try {
    // pnpm hands `run seed -- --scale 10` over with the `--` still in front.
    const argv = process.argv.slice(2);
    if (argv[0] === '--') argv.shift();
    const { values } = parseArgs({
      args: argv,
      options: {
        scale: { type: 'string' },
        seed: { type: 'string' },
        until: { type: 'string' },
        force: { type: 'boolean' },
        'if-empty': { type: 'boolean' },
        'allow-production': { type: 'boolean' },
      },
      strict: true,
    });
    args = ArgsSchema.parse(values);
  } catch (error) {
    fail(
      `${error instanceof z.ZodError ? z.prettifyError(error) : String(error)}\nusage: seed [--scale N] [--seed S] [--until YYYY-MM-DD] [--force] [--if-empty] [--allow-production]`,
    );
  }

  let env;
  try {
    env = loadEnv();
  } catch (error) {
    if (error instanceof EnvError) fail(error.message);
    throw error;
  }
  const store = await connectStore(env.MONGODB_URL, env.MONGODB_DB).catch((error: unknown) =>
    fail(`cannot reach the database at ${env.MONGODB_URL}: ${String(error)}`),
  );
  try {
    const report = await seedDemo(store.db, {
      seed: args.seed,
      scale: args.scale,
      until: args.until,
      force: args.force,
      production: env.NODE_ENV === 'production',
      allowProduction: args['allow-production'],
      auth: {
        secret: env.AUTH_SECRET ?? developmentAuthSecret,
        baseURL: env.PUBLIC_API_URL ?? `http://localhost:${String(env.API_PORT)}`,
        webURL: env.PUBLIC_WEB_URL,
      },
      onProgress: progressPrinter(),
    });
    if (process.stdout.isTTY) process.stdout.write('\n');
    const summary = Object.entries(report.counts)
      .map(([name, n]) => `${String(n)} ${name}`)
      .join(', ');
    process.stdout.write(
      `seed: loaded ${summary} into ${env.MONGODB_DB} in ${(report.ms / 1000).toFixed(1)} s\n`,
    );
    const accounts = demoAccounts(demoIdentities(args.seed).expertName);
    process.stdout.write(
      `seed: demo accounts (password ${demoPassword}): ${accounts.map((a) => `${a.email} (${a.role})`).join(', ')}\n`,
    );
  } catch (error) {
    if (error instanceof SeedRefused) {
      if (error.reason === 'not_empty' && args['if-empty']) {
        process.stdout.write('seed: the database already holds data; demo data not loaded.\n');
        return;
      }
      fail(error.message);
    }
    throw error;
  } finally {
    await store.close();
  }
}

main().catch((error: unknown) => {
  fail(error instanceof Error ? (error.stack ?? error.message) : String(error));
});
