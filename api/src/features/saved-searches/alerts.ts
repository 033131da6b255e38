import { textTerms } from '../../matching/text.js';
import type { ProblemDoc } from '../problems/repository.js';
import type { SavedQuery } from './schemas.js';

/**
 * What an expert who is no party to the problem may read of it, as the search index holds it: a
 * summary-only problem by its title, summary and keywords; a public one with its description.
 */
export function readableProblemText(problem: ProblemDoc): string {
  const parts = [problem.title, problem.summary, ...problem.keywords];
  if (problem.confidentiality === 'public') parts.push(problem.description, problem.desiredOutcome);
  return parts.join('\n');
}

/**
 * Whether a problem answers a saved problem search, for alerts: every filter holds as the search
 * route applies it (any of the fields, the town, the industry, the status), and every term of
 * the query text is among the problem's readable terms (the matcher's segmentation, with
 * synonyms folded) — stricter than the search engine, which drops words from the end, because an
 * alert should be sure.
 */
export function savedQueryMatches(
  query: SavedQuery,
  problem: ProblemDoc,
  problemTerms: ReadonlySet<string>,
): boolean {
  if (query.status && problem.status !== query.status) return false;
  if (query.fields?.length && !query.fields.some((f) => problem.fields.includes(f))) return false;
  if (query.town && problem.town !== query.town) return false;
  if (query.industry && problem.industry !== query.industry) return false;
  const wanted = query.q ? textTerms(query.q) : [];
  return wanted.every((term) => problemTerms.has(term));
}
