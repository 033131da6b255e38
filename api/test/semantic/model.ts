import { fileURLToPath } from 'node:url';
import { findModel, type InstalledModel } from '../../src/semantic/models.js';

// The model the semantic tests run against: `npm test` fetches it first (tools/model/fetch.mjs).
// Where it could not be fetched the tests that need it are skipped, and say so.
export const modelDir = fileURLToPath(new URL('../../../.cache/models', import.meta.url));

const found = findModel(modelDir);
export const model: InstalledModel | undefined = found.model;
export const skipReason = found.model ? undefined : found.reason;
if (skipReason) console.warn(`semantic tests skipped: ${skipReason}`);

/** The value, or a failed test when it is missing. */
export function must<T>(value: T | undefined | null): T {
  if (value === undefined || value === null) throw new Error('expected a value');
  return value;
}
