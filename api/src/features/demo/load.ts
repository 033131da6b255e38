import type { Db } from 'mongodb';
import { createRepositories, ensureIndexes } from '../repositories.js';
import { createDemoAccounts } from './accounts.js';
import { demoCounts, demoIdentities, generateDemo, type DemoOptions } from './generate.js';
import { createDemoRepository } from './repository.js';

export interface SeedOptions extends Omit<DemoOptions, 'actors'> {
  /** Load into a database that holds data, after dropping everything in it. */
  force?: boolean;
  /** The environment is production: refuse unless allowProduction. */
  production?: boolean;
  allowProduction?: boolean;
  /** Signs the demo accounts' sessions; the same secret the API uses. */
  auth: { secret: string; baseURL: string; webURL: string };
  onProgress?: (progress: SeedProgress) => void;
}

export interface SeedProgress {
  phase: 'accounts' | 'organisations' | 'experts' | 'problems' | 'programmes';
  done: number;
  total: number;
}

export interface SeedReport {
  ms: number;
  counts: Record<string, number>;
}

/** Why the seed did not load: the caller decides whether that is an error or a skip. */
export class SeedRefused extends Error {
  override name = 'SeedRefused';
  constructor(
    readonly reason: 'production' | 'not_empty',
    message: string,
  ) {
    super(message);
  }
}

/**
 * Loads the demo data set into an empty database: accounts first (the history names them),
 * then every record with its history, through the repositories. Refuses a database that holds
 * data (unless force) and a production environment (unless allowProduction).
 */
export async function seedDemo(db: Db, options: SeedOptions): Promise<SeedReport> {
  if (options.production && !options.allowProduction) {
    throw new SeedRefused(
      'production',
      'NODE_ENV is production: demo data is never loaded there unless --allow-production is given.',
    );
  }
  const demo = createDemoRepository(db);
  const existing = await demo.collectionsWithData();
  if (existing.length > 0) {
    if (!options.force) {
      throw new SeedRefused(
        'not_empty',
        `the database is not empty (data in ${existing.join(', ')}); demo data loads only into an empty database (--force drops everything first).`,
      );
    }
    await demo.dropAll();
  }

  const started = performance.now();
  const progress = options.onProgress ?? (() => undefined);
  const repos = createRepositories(db);

  const ids = demoIdentities(options.seed);
  progress({ phase: 'accounts', done: 0, total: 4 });
  const actors = await createDemoAccounts(db, ids, options.auth);
  progress({ phase: 'accounts', done: 4, total: 4 });

  const planned = demoCounts(options.scale);
  const counts: Record<string, number> = {};
  const add = (name: string, n: number) => (counts[name] = (counts[name] ?? 0) + n);
  for (const chunk of generateDemo({ ...options, actors })) {
    switch (chunk.kind) {
      case 'organisations':
        await repos.organisations.insertWithHistory(chunk.docs);
        add('organisations', chunk.docs.length);
        progress({ phase: 'organisations', done: chunk.docs.length, total: chunk.docs.length });
        break;
      case 'experts':
        await repos.experts.insertWithHistory(chunk.docs);
        add('experts', chunk.docs.length);
        progress({ phase: 'experts', done: counts.experts ?? 0, total: planned.experts });
        break;
      case 'problems':
        await repos.problems.insertWithHistory(chunk.problems);
        await repos.engagements.insertWithHistory(chunk.engagements);
        await repos.engagements.insertVisits(chunk.visits);
        await repos.outcomes.insertWithHistory(chunk.outcomes);
        add('problems', chunk.problems.length);
        add('engagements', chunk.engagements.length);
        add('visits', chunk.visits.length);
        add('outcomes', chunk.outcomes.length);
        progress({ phase: 'problems', done: counts.problems ?? 0, total: planned.problems });
        break;
      case 'programmes':
        await repos.pairings.insertWithHistory(chunk);
        add('programmes', chunk.programmes.length);
        add('pairings', chunk.pairings.length);
        progress({ phase: 'programmes', done: 1, total: 1 });
        break;
    }
  }
  // Indexes last: FerretDB inserts into indexed collections markedly slower. The unique ones
  // (credit codes, emails) still check the whole data set when they are built.
  await ensureIndexes(repos);
  return { ms: Math.round(performance.now() - started), counts };
}
