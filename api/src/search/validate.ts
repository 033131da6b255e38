import {
  searchSettings,
  type ExpertSearchDoc,
  type IndexName,
  type IndexSettings,
  type ProblemSearchDoc,
  type SearchDocs,
} from '@jiedui/search-config';
import { z } from 'zod';
import { ApiError } from '../lib/errors.js';
import type { FederatedQuery, SearchFilter, SearchQuery } from './engine.js';

// The port's boundary: both adapters parse here, so they accept and reject exactly the same input.

const epochMs = z.number().int().nonnegative();
const text = z.string().max(200_000);
const texts = z.array(text);

export const expertDocSchema = z.object({
  id: z.string().min(1).max(100),
  name: z.string().max(200),
  title: z.string().max(200),
  organisationId: z.string().min(1),
  university: z.string().max(200),
  town: z.string().max(100).optional(),
  fields: z.array(z.string().min(1)),
  fieldLabels: texts,
  keywords: texts,
  publicationTitles: texts,
  publicationAbstracts: texts.optional(),
  publicationYears: z.array(z.number().int()).optional(),
  patentTitles: texts,
  projectTitles: texts,
  projectSummaries: texts.optional(),
  bio: text,
  available: z.boolean(),
  verified: z.boolean(),
  capacity: z.number().int().nonnegative().optional(),
  remainingCapacity: z.number().int(),
  solvedCount: z.number().int().nonnegative(),
  declinedCount: z.number().int().nonnegative().optional(),
  solved: z
    .array(
      z.object({
        id: z.string().min(1),
        title: z.string().max(500).optional(),
        fields: z.array(z.string().min(1)),
      }),
    )
    .max(20)
    .optional(),
  declinedProblemIds: z.array(z.string().min(1)).optional(),
  engagedProblemIds: z.array(z.string().min(1)).optional(),
  updatedAt: epochMs,
  rev: z.number().int().nonnegative(),
}) satisfies z.ZodType<ExpertSearchDoc>;

export const problemDocSchema = z
  .object({
    id: z.string().min(1).max(100),
    title: z.string().max(500),
    summary: text,
    description: text.optional(),
    keywords: texts,
    fields: z.array(z.string().min(1)),
    fieldLabels: texts,
    companyId: z.string().min(1),
    companyName: z.string().max(200),
    town: z.string().max(100),
    industry: z.string().max(100),
    status: z.enum(['draft', 'open', 'in_progress', 'solved', 'closed', 'withdrawn']),
    confidentiality: z.enum(['public', 'summary', 'private']),
    publishedAt: epochMs,
    deadline: epochMs.optional(),
    budgetMax: z.number().nonnegative().optional(),
    desiredOutcome: text.optional(),
    rev: z.number().int().nonnegative(),
  })
  .refine(
    (doc) =>
      doc.confidentiality === 'public' ||
      (doc.description === undefined && doc.desiredOutcome === undefined),
    {
      error: 'the description of a confidential problem must not be indexed',
      path: ['description'],
    },
  ) satisfies z.ZodType<ProblemSearchDoc>;

const docSchemas: { [I in IndexName]: z.ZodType<SearchDocs[I]> } = {
  experts: expertDocSchema,
  problems: problemDocSchema,
};

const filterValue = z.union([z.string(), z.number(), z.boolean()]);
const field = z.string().min(1).max(100);

export const filterSchema: z.ZodType<SearchFilter> = z.lazy(() =>
  z.union([
    z.strictObject({ field, op: z.literal('eq'), value: filterValue }),
    z.strictObject({ field, op: z.literal('in'), value: z.array(filterValue).min(1).max(500) }),
    z.strictObject({ field, op: z.enum(['gte', 'lte']), value: z.number() }),
    z.strictObject({ field, op: z.literal('exists') }),
    z.strictObject({ and: z.array(filterSchema).min(1).max(50) }),
    z.strictObject({ or: z.array(filterSchema).min(1).max(50) }),
    z.strictObject({ not: filterSchema }),
  ]),
);

const queryShape = {
  index: z.enum(['experts', 'problems']),
  q: z.string().max(10_000).optional(),
  filter: filterSchema.optional(),
  sort: z
    .array(z.strictObject({ field, direction: z.enum(['asc', 'desc']) }))
    .max(5)
    .optional(),
  highlight: z
    .strictObject({
      attributes: z.array(field).max(20),
      preTag: z.string().max(50).optional(),
      postTag: z.string().max(50).optional(),
    })
    .optional(),
  matchingStrategy: z.enum(['last', 'all', 'frequency']).optional(),
};

const searchQuerySchema = z.strictObject({
  ...queryShape,
  facets: z.array(field).max(20).optional(),
  limit: z.number().int().min(1).max(1000).optional(),
  offset: z.number().int().min(0).optional(),
});

const federatedQuerySchema = z.strictObject({
  ...queryShape,
  weight: z.number().positive().max(100).optional(),
});

const federationSchema = z.strictObject({
  limit: z.number().int().min(1).max(1000).optional(),
  offset: z.number().int().min(0).optional(),
});

/** A search query with every default filled in, as adapters receive it. */
export interface ResolvedQuery<I extends IndexName = IndexName> {
  index: I;
  q: string;
  filter?: SearchFilter;
  facets: string[];
  sort: { field: string; direction: 'asc' | 'desc' }[];
  limit: number;
  offset: number;
  highlight?: { attributes: string[]; preTag: string; postTag: string };
  matchingStrategy: 'last' | 'all' | 'frequency';
}

function invalid(message: string, details: unknown): ApiError {
  return new ApiError('VALIDATION_FAILED', {
    message: { zh: `搜索条件有误：${message}`, en: `Invalid search: ${message}` },
    details,
  });
}

function parse<T>(schema: z.ZodType<T>, input: unknown, what: string): T {
  const result = schema.safeParse(input);
  if (!result.success) throw invalid(what, z.flattenError(result.error));
  return result.data;
}

/** Names every attribute of the filter that the index cannot filter on. */
export function unfilterableFields(filter: SearchFilter, filterable: readonly string[]): string[] {
  if ('and' in filter) return filter.and.flatMap((f) => unfilterableFields(f, filterable));
  if ('or' in filter) return filter.or.flatMap((f) => unfilterableFields(f, filterable));
  if ('not' in filter) return unfilterableFields(filter.not, filterable);
  return filterable.includes(filter.field) ? [] : [filter.field];
}

function checkAttributes(
  settings: IndexSettings,
  query: Pick<SearchQuery, 'filter' | 'facets' | 'sort' | 'highlight'>,
): void {
  const filterable: readonly string[] = settings.filterableAttributes;
  const sortable: readonly string[] = settings.sortableAttributes;
  const searchable: readonly string[] = settings.searchableAttributes;
  const problems = [
    ...(query.filter ? unfilterableFields(query.filter, filterable) : []).map(
      (name) => `${name} is not filterable`,
    ),
    ...(query.facets ?? [])
      .filter((f) => !filterable.includes(f))
      .map((f) => `${f} is not a facet`),
    ...(query.sort ?? [])
      .filter((s) => !sortable.includes(s.field))
      .map((s) => `${s.field} is not sortable`),
    ...(query.highlight?.attributes ?? [])
      .filter((a) => !searchable.includes(a))
      .map((a) => `${a} is not searchable`),
  ];
  if (problems.length > 0) throw invalid(problems.join('; '), { attributes: problems });
}

function resolve<I extends IndexName>(
  query: Omit<SearchQuery<I>, 'facets' | 'limit' | 'offset'> &
    Partial<Pick<SearchQuery<I>, 'facets' | 'limit' | 'offset'>>,
): ResolvedQuery<I> {
  const settings: IndexSettings = searchSettings[query.index];
  checkAttributes(settings, query);
  const resolved: ResolvedQuery<I> = {
    index: query.index,
    q: query.q?.trim() ?? '',
    facets: query.facets ?? [],
    sort: query.sort ?? [],
    limit: query.limit ?? 20,
    offset: query.offset ?? 0,
    matchingStrategy: query.matchingStrategy ?? 'last',
  };
  if (query.filter) resolved.filter = query.filter;
  if (query.highlight) {
    resolved.highlight = {
      attributes: query.highlight.attributes,
      preTag: query.highlight.preTag ?? '<em>',
      postTag: query.highlight.postTag ?? '</em>',
    };
  }
  return resolved;
}

/** Parses a search query and checks its attributes against the index settings. */
export function parseSearchQuery<I extends IndexName>(query: SearchQuery<I>): ResolvedQuery<I> {
  const parsed = parse(searchQuerySchema, query, 'query') as SearchQuery<I>;
  const resolved = resolve(parsed);
  if (resolved.offset + resolved.limit > searchSettings[resolved.index].pagination.maxTotalHits) {
    throw invalid('offset + limit is beyond the last reachable hit', {
      maxTotalHits: searchSettings[resolved.index].pagination.maxTotalHits,
    });
  }
  return resolved;
}

export interface ResolvedFederation {
  queries: (ResolvedQuery & { weight: number })[];
  limit: number;
  offset: number;
}

/** Parses the queries and options of a federated search. */
export function parseFederatedSearch(
  queries: readonly FederatedQuery[],
  options: unknown,
): ResolvedFederation {
  const list = parse(z.array(federatedQuerySchema).min(1).max(20), queries, 'queries');
  const { limit = 20, offset = 0 } = parse(federationSchema, options ?? {}, 'federation');
  return {
    queries: list.map((query) => ({ ...resolve(query), weight: query.weight ?? 1 })),
    limit,
    offset,
  };
}

/** Parses documents bound for an index; the first bad document names its position. */
export function parseDocs<I extends IndexName>(
  index: I,
  docs: readonly unknown[],
): SearchDocs[I][] {
  return docs.map((doc, position) =>
    parse(docSchemas[index], doc, `${index} document #${position}`),
  );
}

/** Parses ids of documents to remove. */
export function parseIds(ids: readonly unknown[]): string[] {
  return parse(z.array(z.string().min(1).max(100)), ids, 'ids');
}
