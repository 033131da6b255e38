import { createRoute } from '@hono/zod-openapi';
import { errors, json } from '../../lib/openapi.js';
import { createRouter } from '../../lib/router.js';
import type { SearchFilter } from '../../search/engine.js';
import { isCompanyUser, isOffice, type Actor } from '../access/actor.js';
import { problemView, publishedStatuses, requireActor } from '../access/policy.js';
import {
  ExpertSearchPageSchema,
  ExpertSearchQuerySchema,
  ProblemSearchPageSchema,
  ProblemSearchQuerySchema,
} from './schemas.js';

const tags = ['search'];

// The engine marks matches with control characters that never occur in stored text; the text is
// escaped for HTML and only then do the markers become <em> tags, so a title cannot inject markup.
const pre = '\u0001';
const post = '\u0002';
const escape = (text: string) =>
  text
    .replaceAll('&', '&amp;')
    .replaceAll('<', '&lt;')
    .replaceAll('>', '&gt;')
    .replaceAll('"', '&quot;')
    .replaceAll(pre, '<em>')
    .replaceAll(post, '</em>');

function escapeHighlights(highlights: Record<string, string | string[]>) {
  return Object.fromEntries(
    Object.entries(highlights).map(([key, value]) => [
      key,
      Array.isArray(value) ? value.map(escape) : escape(value),
    ]),
  );
}

/**
 * Which indexed problems a reader may find, as problemListScope decides for lists: the office
 * everything; a company also its own private problems; everyone else public and summary ones.
 * Drafts and withdrawn problems are never indexed. An engaged expert finds a private problem
 * through the engagement, not through search (the index has no filter by problem id).
 */
function problemScope(actor: Actor): SearchFilter | undefined {
  if (isOffice(actor)) return undefined;
  const shared: SearchFilter = { field: 'confidentiality', op: 'in', value: ['public', 'summary'] };
  if (isCompanyUser(actor) && actor.organisationId) {
    return { or: [shared, { field: 'companyId', op: 'eq', value: actor.organisationId }] };
  }
  return shared;
}

type PublishedStatus = (typeof publishedStatuses)[number];
const isPublished = (status: string): status is PublishedStatus =>
  (publishedStatuses as readonly string[]).includes(status);

function all(filters: (SearchFilter | undefined)[]): SearchFilter | undefined {
  const present = filters.filter((f): f is SearchFilter => f !== undefined);
  if (present.length === 0) return undefined;
  return present.length === 1 ? present[0] : { and: present };
}

const searchProblems = createRoute({
  method: 'get',
  path: '/problems',
  tags,
  summary: 'Full-text search over published problems, cut to what the caller may read',
  request: { query: ProblemSearchQuerySchema },
  responses: { 200: json(ProblemSearchPageSchema, 'A page of hits'), ...errors(401) },
});

const searchExperts = createRoute({
  method: 'get',
  path: '/experts',
  tags,
  summary: 'Full-text search over expert profiles',
  request: { query: ExpertSearchQuerySchema },
  responses: { 200: json(ExpertSearchPageSchema, 'A page of hits'), ...errors(401) },
});

export const searchRoutes = createRouter()
  .openapi(searchProblems, async (c) => {
    const actor = requireActor(c.get('actor'));
    const query = c.req.valid('query');
    const result = await c.get('deps').search.search({
      index: 'problems',
      ...(query.q ? { q: query.q } : {}),
      filter: all([
        problemScope(actor),
        query.fields?.length ? { field: 'fields', op: 'in', value: query.fields } : undefined,
        query.town ? { field: 'town', op: 'eq', value: query.town } : undefined,
        query.industry ? { field: 'industry', op: 'eq', value: query.industry } : undefined,
        query.status ? { field: 'status', op: 'eq', value: query.status } : undefined,
      ]),
      facets: ['fields', 'town', 'industry', 'status'],
      sort: query.sort === 'relevance' ? [] : [{ field: query.sort, direction: query.order }],
      limit: query.limit,
      offset: query.offset,
      highlight: { attributes: ['title', 'summary', 'description'], preTag: pre, postTag: post },
    });
    const items = result.hits.flatMap(({ document: doc, score, highlights }) => {
      const view = problemView(actor, doc, new Set());
      const status = doc.status;
      if (view === 'none' || !isPublished(status)) return [];
      const full = view === 'full';
      const { description, ...shown } = escapeHighlights(highlights);
      return [
        {
          id: doc.id,
          visibility: view,
          title: doc.title,
          summary: doc.summary,
          ...(full && doc.description ? { description: doc.description } : {}),
          fields: doc.fields,
          keywords: doc.keywords,
          companyId: doc.companyId,
          companyName: doc.companyName,
          town: doc.town,
          industry: doc.industry,
          status,
          confidentiality: doc.confidentiality,
          publishedAt: doc.publishedAt,
          score,
          highlights: full && description ? { ...shown, description } : shown,
        },
      ];
    });
    return c.json(
      { items, total: result.estimatedTotalHits, facets: result.facetDistribution },
      200,
    );
  })
  .openapi(searchExperts, async (c) => {
    const actor = requireActor(c.get('actor'));
    const query = c.req.valid('query');
    const result = await c.get('deps').search.search({
      index: 'experts',
      ...(query.q ? { q: query.q } : {}),
      filter: all([
        // Profiles the office has not verified are its work list, not a public directory.
        isOffice(actor) ? undefined : { field: 'verified', op: 'eq', value: true },
        query.fields?.length ? { field: 'fields', op: 'in', value: query.fields } : undefined,
        query.town ? { field: 'town', op: 'eq', value: query.town } : undefined,
        query.university ? { field: 'university', op: 'eq', value: query.university } : undefined,
        query.available === undefined
          ? undefined
          : { field: 'available', op: 'eq', value: query.available },
      ]),
      facets: ['fields', 'town', 'university'],
      sort: query.sort === 'relevance' ? [] : [{ field: query.sort, direction: query.order }],
      limit: query.limit,
      offset: query.offset,
      highlight: {
        attributes: ['name', 'keywords', 'publicationTitles', 'bio'],
        preTag: pre,
        postTag: post,
      },
    });
    const items = result.hits.map(({ document: doc, score, highlights }) => ({
      id: doc.id,
      name: doc.name,
      title: doc.title,
      university: doc.university,
      ...(doc.town ? { town: doc.town } : {}),
      fields: doc.fields,
      keywords: doc.keywords,
      available: doc.available,
      verified: doc.verified,
      remainingCapacity: doc.remainingCapacity,
      solvedCount: doc.solvedCount,
      score,
      highlights: escapeHighlights(highlights),
    }));
    return c.json(
      { items, total: result.estimatedTotalHits, facets: result.facetDistribution },
      200,
    );
  });
