import type { Db } from 'mongodb';
import { createCurationRepository } from './curation/repository.js';
import { createEngagementRepository } from './engagements/repository.js';
import { createEventRepository } from './events/repository.js';
import { createExpertRepository } from './experts/repository.js';
import { createOrganisationRepository } from './organisations/repository.js';
import { createOutcomeRepository } from './outcomes/repository.js';
import { createPairingRepository } from './pairings/repository.js';
import { createProblemRepository } from './problems/repository.js';
import { createSavedSearchRepository } from './saved-searches/repository.js';
import { createStatsRepository } from './stats/repository.js';
import { createNotificationRepository } from './notifications/repository.js';
import { createStuckRepository } from './stuck/repository.js';
import { createUserRepository } from './users/repository.js';

/** Every repository of the API; only these touch Mongo collections. */
export function createRepositories(db: Db) {
  const events = createEventRepository(db);
  return {
    events,
    organisations: createOrganisationRepository(db, events),
    experts: createExpertRepository(db, events),
    problems: createProblemRepository(db, events),
    engagements: createEngagementRepository(db, events),
    outcomes: createOutcomeRepository(db, events),
    pairings: createPairingRepository(db, events),
    stats: createStatsRepository(db),
    curation: createCurationRepository(db, events),
    users: createUserRepository(db),
    notifications: createNotificationRepository(db),
    stuck: createStuckRepository(db),
    savedSearches: createSavedSearchRepository(db),
  };
}

export type Repositories = ReturnType<typeof createRepositories>;

/** Creates every index the queries need and flushes outboxes a crash left behind; idempotent. */
export async function ensureIndexes(repos: Repositories): Promise<void> {
  for (const repo of Object.values(repos)) await repo.ensureIndexes();
}
