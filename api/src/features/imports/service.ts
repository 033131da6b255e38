import { createHash } from 'node:crypto';
import type { z } from 'zod';
import { idPrefixes, type IdKind } from '../../lib/ids.js';
import type { LocalizedText } from '../../lib/errors.js';
import type { ActorRef } from '../access/actor.js';
import type { EventDoc } from '../events/outbox.js';
import type { EventEntity } from '../events/schemas.js';
import type { ExpertDoc } from '../experts/repository.js';
import { ExpertCreateSchema } from '../experts/schemas.js';
import type { OrganisationDoc } from '../organisations/repository.js';
import { OrganisationInputSchema } from '../organisations/schemas.js';
import type { ProblemDoc } from '../problems/repository.js';
import { ProblemCreateSchema } from '../problems/schemas.js';
import type { Repositories } from '../repositories.js';
import {
  describeIssue,
  entries,
  fieldCode,
  splitList,
  toBoolean,
  toNumber,
  withEntry,
  type RowError,
} from './cells.js';
import { matchHeader, type ImportEntity } from './columns.js';
import type { Table } from './files.js';
import type { ImportCounts } from './repository.js';
import { handOverStored } from '../../search/stored-docs.js';

// An import runs in two phases. prepare() reads every row, validates it with the API's own
// schemas, resolves references and looks up what exists, and writes nothing; a file with any
// error stops there. write() then applies the plan in file order, in batches.
//
// Records an import creates get ids derived from their natural key (credit code, email,
// external id), and their "created" events ids derived from the record: a writer killed half
// way and run again finds what it wrote (unchanged rows are skipped), inserts the rest, and
// the events it wrote before dying are skipped as duplicates. So the second run yields exactly
// the rows of the file. The records a batch creates are handed to the search indexer as written
// (search/stored-docs.ts), so that it need not read them back.

/** Problems may carry the office's own number, by which a re-import finds them. */
export type ImportedProblemDoc = ProblemDoc & { externalId?: string };

type PlannedRow<D> =
  | { row: number; action: 'create'; doc: D }
  | { row: number; action: 'update'; apply: () => Promise<unknown> }
  | { row: number; action: 'unchanged' };

export interface Prepared {
  total: number;
  errors: RowError[];
  planned: ImportCounts;
  rows: PlannedRow<unknown>[];
  insert: (docs: unknown[]) => Promise<void>;
}

export interface ImportContext {
  repos: Repositories;
  actor: ActorRef;
  now: Date;
  jobId: string;
}

const alphabet = '0123456789abcdefghjkmnpqrstvwxyz';

function stableChars(text: string): string {
  const digest = createHash('sha256').update(text).digest();
  let out = '';
  for (let i = 0; i < 16; i++) out += alphabet.charAt((digest[i] ?? 0) & 31);
  return out;
}

/** The id a record imported under this natural key always gets. */
export const stableId = (kind: IdKind, key: string) =>
  `${idPrefixes[kind]}_${stableChars(`${kind}:${key}`)}`;

function createdEvent(
  ctx: ImportContext,
  entity: EventEntity,
  id: string,
  refs: string[],
  extra: Partial<EventDoc> = {},
): EventDoc {
  return {
    _id: `${idPrefixes.event}_${stableChars(`${id}:created`)}`,
    entity,
    entityId: id,
    type: 'created',
    note: `import ${ctx.jobId}`,
    actor: ctx.actor,
    at: ctx.now,
    ...(refs.length > 0 ? { refs } : {}),
    ...extra,
  };
}

/** JSON with sorted keys, so that equal values compare equal whatever their key order. */
function canonical(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) =>
    v && typeof v === 'object' && !Array.isArray(v) && !(v instanceof Date)
      ? Object.fromEntries(Object.entries(v).sort(([a], [b]) => a.localeCompare(b)))
      : v,
  );
}

/** The keys of a patch whose value differs from the stored one. */
function changedKeys(stored: object, patch: Record<string, unknown>): string[] {
  const current = stored as Record<string, unknown>;
  return Object.keys(patch).filter((key) => canonical(current[key]) !== canonical(patch[key]));
}

type Cells = Map<string, string>;

interface RowInput {
  row: number;
  cells: Cells;
  input: Record<string, unknown>;
  errors: RowError[];
}

const placeholderOrganisation = 'org_0000000000000000';

const required = (row: number, column: string): RowError => ({
  row,
  column,
  message: { zh: '必填', en: 'is required' },
});

/** Reads the rows into input objects, converting cells and reporting what cannot be converted. */
function readRows(
  table: Table,
  positions: Map<string, number>,
  build: (
    cells: Cells,
    fail: (column: string, message: LocalizedText) => void,
  ) => Record<string, unknown>,
): RowInput[] {
  return table.rows.map(({ row, cells: raw }) => {
    const cells: Cells = new Map();
    for (const [key, index] of positions) cells.set(key, raw[index] ?? '');
    const errors: RowError[] = [];
    const input = build(cells, (column, message) => errors.push({ row, column, message }));
    return { row, cells, input, errors };
  });
}

/** Validates inputs with an API schema and turns its issues into row errors. */
function validate<S extends z.ZodType>(
  rows: RowInput[],
  schema: S,
  columnOf: (path: PropertyKey[]) => string,
): (RowInput & { data?: z.output<S> })[] {
  return rows.map((entry) => {
    const result = schema.safeParse(entry.input);
    if (result.success) return { ...entry, data: result.data };
    const failed = new Set(entry.errors.map((error) => error.column));
    for (const issue of result.error.issues) {
      const column = columnOf(issue.path);
      // A cell that could not be converted already has its error; zod's would repeat it.
      if (failed.has(column)) continue;
      const index = typeof issue.path[1] === 'number' ? issue.path[1] : undefined;
      const empty = (entry.cells.get(column) ?? '') === '';
      entry.errors.push({
        row: entry.row,
        column,
        message: withEntry(describeIssue(issue, empty), index),
      });
    }
    return entry;
  });
}

function duplicateKeys(rows: { row: number; key?: string; errors: RowError[] }[], column: string) {
  const first = new Map<string, number>();
  for (const entry of rows) {
    if (!entry.key) continue;
    const seen = first.get(entry.key);
    if (seen === undefined) first.set(entry.key, entry.row);
    else
      entry.errors.push({
        row: entry.row,
        column,
        message: {
          zh: `与第 ${String(seen)} 行重复`,
          en: `repeats row ${String(seen)}`,
        },
      });
  }
}

// FerretDB 1.24 answers an $in (even on _id) by reading the whole collection, so lookups ask for
// as many keys at once as a query may carry: one scan per 50,000 rows instead of one per chunk.
const lookupChunk = 50_000;

async function inChunks<T, R>(items: T[], size: number, work: (chunk: T[]) => Promise<R[]>) {
  const out: R[] = [];
  for (let i = 0; i < items.length; i += size) out.push(...(await work(items.slice(i, i + size))));
  return out;
}

function setIf(target: Record<string, unknown>, key: string, cells: Cells, value: unknown) {
  if ((cells.get(key) ?? '') !== '') target[key] = value;
}

function listOfEntries(
  cells: Cells,
  key: string,
  fail: (column: string, message: LocalizedText) => void,
  shape: (parts: string[]) => Record<string, unknown>,
) {
  return entries(cells.get(key) ?? '').map((parts, index) => {
    const [year = ''] = parts;
    const converted = toNumber(year);
    if (!converted.ok && year !== '')
      fail(key, withEntry({ zh: '年份应为数字', en: 'the year must be a number' }, index));
    return shape(parts);
  });
}

function finish<D>(
  rows: (RowInput & { plan?: PlannedRow<D> })[],
  insert: (docs: D[]) => Promise<void>,
): Prepared {
  const errors = rows.flatMap((entry) => entry.errors);
  const planned: ImportCounts = { create: 0, update: 0, unchanged: 0 };
  const plans: PlannedRow<unknown>[] = [];
  for (const entry of rows) {
    if (!entry.plan) continue;
    planned[entry.plan.action]++;
    plans.push(entry.plan);
  }
  return {
    total: rows.length,
    errors,
    planned,
    rows: errors.length > 0 ? [] : plans,
    insert: (docs) => insert(docs as D[]),
  };
}

/** The organisations named by a credit-code column, looked up once for the whole file. */
async function organisationsByCode(ctx: ImportContext, rows: RowInput[], column: string) {
  const codeOf = (entry: RowInput) => (entry.cells.get(column) ?? '').trim().toUpperCase();
  const found = new Map(
    await inChunks([...new Set(rows.map(codeOf))], lookupChunk, async (chunk) => [
      ...(await ctx.repos.organisations.getByCreditCodes(chunk)),
    ]),
  );
  return { codeOf, find: (entry: RowInput) => found.get(codeOf(entry)) };
}

/** The row contradicts what an import may not change (a record's owner or kind). */
function movedError(entry: RowInput, column: string, message: LocalizedText): RowInput {
  entry.errors.push({ row: entry.row, column, message });
  return entry;
}

/**
 * Plans a known record: unchanged when no filled cell differs from it, otherwise an update of
 * the changed keys through the repository's versioned write (`refuse` may forbid it).
 */
function planUpdate<D>(
  entry: RowInput,
  found: { rev: number },
  patch: Record<string, unknown>,
  apply: (update: Record<string, unknown> & { rev: number }) => Promise<unknown>,
  refuse?: () => LocalizedText | undefined,
): RowInput & { plan?: PlannedRow<D> } {
  const changed = changedKeys(found, patch);
  if (changed.length === 0)
    return { ...entry, plan: { row: entry.row, action: 'unchanged' as const } };
  const refused = refuse?.();
  if (refused) {
    entry.errors.push({ row: entry.row, message: refused });
    return entry;
  }
  const update = Object.fromEntries(changed.map((key) => [key, patch[key]]));
  return {
    ...entry,
    plan: {
      row: entry.row,
      action: 'update' as const,
      apply: () => apply({ ...update, rev: found.rev }),
    },
  };
}

const organisationKinds: Record<string, string> = {
  高校: 'university',
  大学: 'university',
  科研院所: 'institute',
  院所: 'institute',
  研究院: 'institute',
  企业: 'company',
  公司: 'company',
  人才办: 'office',
};

async function prepareOrganisations(
  ctx: ImportContext,
  table: Table,
  positions: Map<string, number>,
) {
  const rows = validate(
    readRows(table, positions, (cells) => {
      const input: Record<string, unknown> = {};
      const kind = cells.get('kind') ?? '';
      setIf(input, 'kind', cells, organisationKinds[kind] ?? kind.toLowerCase());
      setIf(input, 'creditCode', cells, cells.get('creditCode'));
      setIf(input, 'name', cells, cells.get('name'));
      setIf(input, 'nameEn', cells, cells.get('nameEn'));
      setIf(input, 'town', cells, cells.get('town'));
      setIf(input, 'industry', cells, cells.get('industry'));
      setIf(input, 'colleges', cells, splitList(cells.get('colleges') ?? ''));
      return input;
    }),
    OrganisationInputSchema,
    (path) => String(path[0]),
  ).map((entry) => ({ ...entry, key: entry.data?.creditCode }));
  duplicateKeys(rows, 'creditCode');

  const keys = rows.flatMap((entry) => (entry.key ? [entry.key] : []));
  const existing = new Map(
    await inChunks(keys, lookupChunk, async (chunk) => [
      ...(await ctx.repos.organisations.getByCreditCodes(chunk)),
    ]),
  );
  const planned = rows.map((entry) => {
    const data = entry.data;
    if (!data || entry.errors.length > 0) return entry;
    const found = existing.get(data.creditCode);
    if (!found) {
      const id = stableId('organisation', data.creditCode);
      const doc: OrganisationDoc = {
        _id: id,
        ...data,
        verification: 'pending',
        rev: 1,
        createdAt: ctx.now,
        updatedAt: ctx.now,
        outbox: [createdEvent(ctx, 'organisation', id, [])],
      };
      return { ...entry, plan: { row: entry.row, action: 'create' as const, doc } };
    }
    if (found.kind !== data.kind) {
      return movedError(entry, 'kind', {
        zh: `该代码已登记为其他类型（${found.kind}），不能通过导入更改`,
        en: `this code is registered as ${found.kind}; an import cannot change the kind`,
      });
    }
    const patch: Record<string, unknown> = {};
    for (const key of ['name', 'nameEn', 'town', 'industry', 'colleges'] as const)
      setIf(patch, key, entry.cells, data[key]);
    return planUpdate<OrganisationDoc>(entry, found, patch, (update) =>
      ctx.repos.organisations.update(found, update, ctx.actor, ctx.now),
    );
  });
  return finish<OrganisationDoc>(planned, (docs) =>
    ctx.repos.organisations.insertWithHistory(docs),
  );
}

const expertColumn: Record<string, string> = { organisationId: 'organisationCreditCode' };
const expertPatchKeys = [
  'name',
  'title',
  'college',
  'phone',
  'fields',
  'keywords',
  'bio',
  'publications',
  'patents',
  'projects',
  'capacity',
  'available',
] as const;

async function prepareExperts(ctx: ImportContext, table: Table, positions: Map<string, number>) {
  const read = readRows(table, positions, (cells, fail) => {
    const input: Record<string, unknown> = { organisationId: placeholderOrganisation };
    for (const key of ['email', 'name', 'title', 'college', 'phone', 'bio'] as const)
      setIf(input, key, cells, cells.get(key));
    setIf(input, 'fields', cells, splitList(cells.get('fields') ?? '').map(fieldCode));
    setIf(input, 'keywords', cells, splitList(cells.get('keywords') ?? ''));
    const capacity = toNumber(cells.get('capacity') ?? '');
    if (capacity.ok) input.capacity = capacity.value;
    else if (cells.get('capacity')) fail('capacity', capacity.message);
    const available = toBoolean(cells.get('available') ?? '');
    if (available.ok) input.available = available.value;
    else if (cells.get('available')) fail('available', available.message);
    const year = (part: string | undefined) => (part && /^\d+$/.test(part) ? Number(part) : part);
    const optional = (key: string, part: string | undefined) => (part ? { [key]: part } : {});
    setIf(
      input,
      'publications',
      cells,
      listOfEntries(cells, 'publications', fail, ([y, title, venue, abstract]) => ({
        year: year(y),
        title,
        ...optional('venue', venue),
        ...optional('abstract', abstract),
      })),
    );
    setIf(
      input,
      'patents',
      cells,
      listOfEntries(cells, 'patents', fail, ([y, title, number]) => ({
        ...(y ? { year: year(y) } : {}),
        title,
        ...optional('number', number),
      })),
    );
    setIf(
      input,
      'projects',
      cells,
      listOfEntries(cells, 'projects', fail, ([y, title, summary]) => ({
        ...(y ? { year: year(y) } : {}),
        title,
        ...optional('summary', summary),
      })),
    );
    return input;
  });
  const rows = validate(read, ExpertCreateSchema, (path) => {
    const key = String(path[0]);
    return expertColumn[key] ?? key;
  }).map((entry) => ({ ...entry, key: entry.data?.email }));
  duplicateKeys(rows, 'email');

  const universities = await organisationsByCode(ctx, rows, 'organisationCreditCode');
  const emails = rows.flatMap((entry) => (entry.key ? [entry.key] : []));
  const existing = new Map(
    await inChunks(emails, lookupChunk, async (chunk) => [
      ...(await ctx.repos.experts.getByEmails(chunk)),
    ]),
  );

  const planned = rows.map((entry) => {
    const code = universities.codeOf(entry);
    const university = universities.find(entry);
    const academic = university?.kind === 'university' || university?.kind === 'institute';
    if (!code) {
      entry.errors.push(required(entry.row, 'organisationCreditCode'));
    } else if (!academic) {
      entry.errors.push({
        row: entry.row,
        column: 'organisationCreditCode',
        message: {
          zh: '平台上没有以此代码登记的高校或科研院所',
          en: 'no university or institute is registered with this code',
        },
      });
    }
    const data = entry.data;
    if (!data || !university || entry.errors.length > 0) return entry;
    const found = existing.get(data.email);
    if (!found) {
      const id = stableId('expert', data.email);
      const doc: ExpertDoc = {
        _id: id,
        ...data,
        organisationId: university._id,
        universityName: university.name,
        verification: 'pending',
        rev: 1,
        indexedRev: 0,
        createdAt: ctx.now,
        updatedAt: ctx.now,
        outbox: [createdEvent(ctx, 'expert', id, [university._id])],
      };
      return { ...entry, plan: { row: entry.row, action: 'create' as const, doc } };
    }
    if (found.organisationId !== university._id) {
      return movedError(entry, 'organisationCreditCode', {
        zh: `该邮箱的专家属于${found.universityName}，不能通过导入更换单位`,
        en: `this expert belongs to ${found.universityName}; an import cannot move them`,
      });
    }
    const patch: Record<string, unknown> = {};
    for (const key of expertPatchKeys) setIf(patch, key, entry.cells, data[key]);
    return planUpdate<ExpertDoc>(entry, found, patch, (update) =>
      ctx.repos.experts.update(found, update, ctx.actor, ctx.now),
    );
  });
  return finish<ExpertDoc>(planned, async (docs) => {
    await ctx.repos.experts.insertWithHistory(docs);
    handOverStored({ index: 'experts', docs });
  });
}

const confidentialityWords: Record<string, string> = {
  公开: 'public',
  仅摘要: 'summary',
  摘要: 'summary',
  保密: 'private',
  私密: 'private',
};
const problemColumn: Record<string, string> = {
  companyId: 'companyCreditCode',
  budget: 'budgetMaxWan',
};
const problemPatchKeys = [
  'title',
  'summary',
  'description',
  'fields',
  'keywords',
  'desiredOutcome',
  'deadline',
  'confidentiality',
] as const;
const externalIdPattern = /^[A-Za-z0-9][A-Za-z0-9._/-]{0,63}$/;
const finished = new Set(['solved', 'closed', 'withdrawn']);
const fenPerWan = 1_000_000;

async function prepareProblems(ctx: ImportContext, table: Table, positions: Map<string, number>) {
  const read = readRows(table, positions, (cells, fail) => {
    const input: Record<string, unknown> = { companyId: placeholderOrganisation };
    for (const key of ['title', 'summary', 'description', 'desiredOutcome', 'deadline'] as const)
      setIf(input, key, cells, cells.get(key));
    setIf(input, 'fields', cells, splitList(cells.get('fields') ?? '').map(fieldCode));
    setIf(input, 'keywords', cells, splitList(cells.get('keywords') ?? ''));
    const confidentiality = cells.get('confidentiality') ?? '';
    setIf(
      input,
      'confidentiality',
      cells,
      confidentialityWords[confidentiality] ?? confidentiality.toLowerCase(),
    );
    const min = cells.get('budgetMinWan') ?? '';
    const max = cells.get('budgetMaxWan') ?? '';
    if (min || max) {
      const low = toNumber(min);
      const high = toNumber(max);
      if (!min || !max) {
        fail(min ? 'budgetMaxWan' : 'budgetMinWan', {
          zh: '预算上下限须同填或同空',
          en: 'give both budget bounds or neither',
        });
      } else if (!low.ok) fail('budgetMinWan', low.message);
      else if (!high.ok) fail('budgetMaxWan', high.message);
      else
        input.budget = {
          min: { amountFen: Math.round(low.value * fenPerWan) },
          max: { amountFen: Math.round(high.value * fenPerWan) },
        };
    }
    const externalId = cells.get('externalId') ?? '';
    if (externalId && !externalIdPattern.test(externalId)) {
      fail('externalId', {
        zh: '外部编号只能含字母、数字和 . _ / -，最多 64 位',
        en: 'use letters, digits and . _ / - only, at most 64',
      });
    } else if (!externalId) fail('externalId', required(0, 'externalId').message);
    return input;
  });
  const rows = validate(read, ProblemCreateSchema, (path) => {
    const key = String(path[0]);
    if (key === 'budget' && path[1] === 'min') return 'budgetMinWan';
    return problemColumn[key] ?? key;
  }).map((entry) => {
    const externalId = entry.cells.get('externalId') ?? '';
    return { ...entry, key: externalIdPattern.test(externalId) ? externalId : undefined };
  });
  duplicateKeys(rows, 'externalId');

  const companies = await organisationsByCode(ctx, rows, 'companyCreditCode');
  const ids = rows.flatMap((entry) => (entry.key ? [stableId('problem', entry.key)] : []));
  const existing = new Map(
    (await inChunks(ids, lookupChunk, (chunk) => ctx.repos.problems.getMany(chunk))).map((doc) => [
      doc._id,
      doc,
    ]),
  );

  const planned = rows.map((entry) => {
    const code = companies.codeOf(entry);
    const company = companies.find(entry);
    if (!code) {
      entry.errors.push(required(entry.row, 'companyCreditCode'));
    } else if (company?.kind !== 'company') {
      entry.errors.push({
        row: entry.row,
        column: 'companyCreditCode',
        message: {
          zh: '平台上没有以此代码登记的企业',
          en: 'no company is registered with this code',
        },
      });
    }
    const data = entry.data;
    if (!data || !company || !entry.key || entry.errors.length > 0) return entry;
    const id = stableId('problem', entry.key);
    const found = existing.get(id);
    if (!found) {
      const doc: ImportedProblemDoc = {
        _id: id,
        externalId: entry.key,
        companyId: company._id,
        companyName: company.name,
        ...(company.town ? { town: company.town } : {}),
        ...(company.industry ? { industry: company.industry } : {}),
        title: data.title,
        summary: data.summary,
        description: data.description,
        desiredOutcome: data.desiredOutcome,
        fields: data.fields,
        keywords: data.keywords,
        ...(data.budget ? { budget: data.budget } : {}),
        ...(data.deadline ? { deadline: data.deadline } : {}),
        confidentiality: data.confidentiality,
        status: 'draft',
        rev: 1,
        indexedRev: 0,
        createdAt: ctx.now,
        updatedAt: ctx.now,
        outbox: [createdEvent(ctx, 'problem', id, [company._id], { to: 'draft' })],
      };
      return { ...entry, plan: { row: entry.row, action: 'create' as const, doc } };
    }
    if (found.companyId !== company._id) {
      return movedError(entry, 'companyCreditCode', {
        zh: `该编号的难题属于${found.companyName}，不能通过导入更换企业`,
        en: `this problem belongs to ${found.companyName}; an import cannot move it`,
      });
    }
    const patch: Record<string, unknown> = {};
    for (const key of problemPatchKeys) setIf(patch, key, entry.cells, data[key]);
    if (data.budget) patch.budget = data.budget;
    return planUpdate<ImportedProblemDoc>(
      entry,
      found,
      patch,
      (update) => ctx.repos.problems.update(found, update, ctx.actor, ctx.now),
      () =>
        finished.has(found.status)
          ? {
              zh: `该难题已结束（${found.status}），不能再修改`,
              en: `this problem is finished (${found.status}) and cannot change`,
            }
          : undefined,
    );
  });
  return finish<ImportedProblemDoc>(planned, async (docs) => {
    await ctx.repos.problems.insertWithHistory(docs);
    handOverStored({ index: 'problems', docs });
  });
}

/** Validates a whole file and plans its writes; writes nothing. */
export async function prepareImport(
  ctx: ImportContext,
  entity: ImportEntity,
  table: Table,
): Promise<Prepared> {
  const { positions, errors } = matchHeader(entity, table.header);
  if (errors.length > 0) {
    return {
      total: table.rows.length,
      errors,
      planned: { create: 0, update: 0, unchanged: 0 },
      rows: [],
      insert: () => Promise.resolve(),
    };
  }
  switch (entity) {
    case 'organisations':
      return prepareOrganisations(ctx, table, positions);
    case 'experts':
      return prepareExperts(ctx, table, positions);
    case 'problems':
      return prepareProblems(ctx, table, positions);
  }
}

export interface WriteOptions {
  batchSize?: number;
  /** Called after each batch with the rows done so far; the job record shows it. */
  onProgress?: (done: { processed: number; created: number; updated: number }) => Promise<void>;
}

/** Applies a plan in file order, in batches: new records in one insert, changes one by one. */
export async function writeImport(prepared: Prepared, options: WriteOptions = {}) {
  const size = options.batchSize ?? 500;
  let created = 0;
  let updated = 0;
  let processed = 0;
  for (let i = 0; i < prepared.rows.length; i += size) {
    const batch = prepared.rows.slice(i, i + size);
    const docs = batch.flatMap((row) => (row.action === 'create' ? [row.doc] : []));
    await prepared.insert(docs);
    created += docs.length;
    for (const row of batch) {
      if (row.action !== 'update') continue;
      await row.apply();
      updated++;
    }
    processed += batch.length;
    await options.onProgress?.({ processed, created, updated });
  }
  return { processed, created, updated };
}
