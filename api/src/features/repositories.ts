import type { Db } from 'mongodb';
import { createOrganisationRepository } from './organisations/repository.js';

/** Every repository of the API; only these touch Mongo collections. */
export function createRepositories(db: Db) {
  return {
    organisations: createOrganisationRepository(db),
  };
}

export type Repositories = ReturnType<typeof createRepositories>;

/** Creates every index the queries need; idempotent, run at start. */
export async function ensureIndexes(repos: Repositories): Promise<void> {
  for (const repo of Object.values(repos)) await repo.ensureIndexes();
}
