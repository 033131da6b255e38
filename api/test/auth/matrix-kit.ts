import type { Actor } from '../../src/features/access/actor.js';
import type { TestContext } from '../helpers.js';

// Shared vocabulary of the route × caller matrix (matrix.test.ts). A feature adds its routes in
// its own file under matrix-rules/ (one default export of MatrixExtension), so that two pieces of
// work never edit the same rule table.

export const callers = [
  'anonymous',
  'owner',
  'otherCompany',
  'expertEngaged',
  'expertNotEngaged',
  'officer',
  'admin',
] as const;
export type Caller = (typeof callers)[number];
export type Rule = Record<Caller, 'allow' | 'deny'>;

export const rule = (allowed: Caller[]): Rule =>
  Object.fromEntries(callers.map((c) => [c, allowed.includes(c) ? 'allow' : 'deny'])) as Rule;

export const everyone = rule([...callers]);
export const signedIn = rule([
  'owner',
  'otherCompany',
  'expertEngaged',
  'expertNotEngaged',
  'officer',
  'admin',
]);
export const office = rule(['officer', 'admin']);
export const adminOnly = rule(['admin']);
export const companyOrOffice = rule(['owner', 'officer', 'admin']);
export const partiesOrOffice = rule(['owner', 'expertEngaged', 'officer', 'admin']);
export const expertSelfOrOffice = rule(['expertEngaged', 'officer', 'admin']);

export interface Fixture {
  actors: Record<Exclude<Caller, 'anonymous'>, Actor>;
  ids: Record<string, string>;
}

export interface MatrixExtension {
  /** `METHOD /openapi/{path}` → who may call it. */
  rules: Record<string, Rule>;
  /** Request bodies for the extension's writes, by `METHOD /path` (valid for an allowed caller). */
  bodies?: (ids: Record<string, string>) => Record<string, unknown>;
  /** The concrete path to call, or undefined to let the default resolution decide. */
  resolve?: (method: string, path: string, ids: Record<string, string>) => string | undefined;
  /** Extra records the extension's routes need; runs after the base fixture, returns more ids. */
  fixture?: (ctx: TestContext, base: Fixture) => Promise<Record<string, string>>;
}
