import { createRoute, z } from '@hono/zod-openapi';
import { ApiError } from '../../lib/errors.js';
import type { Lang } from '../../lib/i18n.js';
import { errors, json } from '../../lib/openapi.js';
import { createRouter } from '../../lib/router.js';
import { toWireDate } from '../../lib/time.js';
import { actorRef } from '../access/actor.js';
import { requireActor, requireOffice } from '../access/policy.js';
import { notFound } from '../shared/versioned.js';
import { render, type RowError } from './cells.js';
import {
  columnLabel,
  columns,
  header,
  importEntities,
  sheetName,
  type ImportEntity,
} from './columns.js';
import { contentTypes, fileFormats, readTable, writeTable, type FileFormat } from './files.js';
import {
  createImportJobRepository,
  importIdPattern,
  importStatuses,
  type ImportJobDoc,
} from './repository.js';
import { prepareImport, writeImport } from './service.js';

const tags = ['imports'];
const maxReportedErrors = 1000;

const RowErrorSchema = z
  .object({
    row: z.number().int().openapi({ description: 'Row number as in the spreadsheet (header = 1)' }),
    column: z.string().optional().openapi({ example: '邮箱 email' }),
    message: z.string().openapi({ example: '邮箱格式不正确' }),
  })
  .openapi('ImportRowError');

const CountsSchema = z.object({
  create: z.number().int(),
  update: z.number().int(),
  unchanged: z.number().int(),
});

export const ImportJobSchema = z
  .object({
    id: z.string(),
    entity: z.enum(importEntities),
    format: z.enum(fileFormats),
    dryRun: z.boolean(),
    status: z.enum(importStatuses).openapi({
      description:
        'rejected: the file has errors, nothing written · validated: a dry run found none · running · done · failed · interrupted: the writer stopped reporting (run the same file again)',
    }),
    total: z.number().int(),
    planned: CountsSchema,
    processed: z.number().int(),
    written: z.object({ created: z.number().int(), updated: z.number().int() }),
    errors: z.array(RowErrorSchema),
    errorCount: z.number().int(),
    failure: z.string().optional(),
    createdAt: z.string(),
    updatedAt: z.string(),
    finishedAt: z.string().optional(),
  })
  .openapi('ImportJob');

function toJob(doc: ImportJobDoc, lang: Lang) {
  return {
    id: doc._id,
    entity: doc.entity,
    format: doc.format,
    dryRun: doc.dryRun,
    status: doc.status,
    total: doc.total,
    planned: doc.planned,
    processed: doc.processed,
    written: doc.written,
    errors: doc.errors.map((error) => render(error, lang, (key) => columnLabel(doc.entity, key))),
    errorCount: doc.errorCount,
    ...(doc.failure ? { failure: doc.failure } : {}),
    createdAt: toWireDate(doc.createdAt),
    updatedAt: toWireDate(doc.updatedAt),
    ...(doc.finishedAt ? { finishedAt: toWireDate(doc.finishedAt) } : {}),
  };
}

const flag = z
  .enum(['true', 'false'])
  .default('false')
  .transform((value) => value === 'true');

const binary = (description: string) => ({
  description,
  content: {
    [contentTypes.csv]: { schema: z.string() },
    [contentTypes.xlsx]: { schema: z.string().openapi({ format: 'binary' }) },
  },
});

const upload = createRoute({
  method: 'post',
  path: '/{entity}',
  tags,
  summary: 'Import organisations, experts or problems from CSV or XLSX (office staff)',
  description:
    'The body is the file itself (Content-Type text/csv or the XLSX type, or ?format=). Every row is validated before anything is written; a file with any error is a 400 naming each row and column. Rows are matched by their natural key (统一社会信用代码, email, external id) and updated instead of duplicated. With wait=false the write continues after a 202; GET /imports/{id} reports its progress.',
  request: {
    params: z.object({ entity: z.enum(importEntities) }),
    query: z.object({
      dryRun: flag.openapi({ description: 'Validate and plan only; write nothing' }),
      wait: flag.openapi({ description: 'Answer when the write has finished (201)' }),
      format: z.enum(fileFormats).optional(),
    }),
    body: { required: true, ...binary('The file') },
  },
  responses: {
    200: json(ImportJobSchema, 'Dry run: the file is valid; planned counts'),
    201: json(ImportJobSchema, 'Written (wait=true)'),
    202: json(ImportJobSchema, 'Valid; being written'),
    415: json(z.object({}), 'Neither CSV nor XLSX (UNSUPPORTED_MEDIA_TYPE)'),
    ...errors(401, 403),
  },
});

const status = createRoute({
  method: 'get',
  path: '/{id}',
  tags,
  summary: 'One import: its status, counts and row errors (office staff)',
  request: { params: z.object({ id: z.string().regex(importIdPattern, 'not an import id') }) },
  responses: { 200: json(ImportJobSchema, 'Found'), ...errors(401, 403, 404) },
});

const templateFiles = importEntities.flatMap((entity) =>
  fileFormats.map((format) => `${entity}.${format}` as const),
);

function parseFileName(file: string): { entity: ImportEntity; format: FileFormat } {
  const [entity, format] = file.split('.') as [ImportEntity, FileFormat];
  return { entity, format };
}

const template = createRoute({
  method: 'get',
  path: '/templates/{file}',
  tags,
  summary: 'An import template with bilingual headers, an example row and notes',
  request: { params: z.object({ file: z.enum(templateFiles) }) },
  responses: { 200: binary('The template'), ...errors(401) },
});

function formatOf(contentType: string | undefined): FileFormat | undefined {
  const type = (contentType ?? '').split(';')[0]?.trim().toLowerCase();
  if (type === 'text/csv' || type === 'application/csv') return 'csv';
  if (type === contentTypes.xlsx) return 'xlsx';
  return undefined;
}

function rejection(entity: ImportEntity, errors: RowError[], details: unknown): ApiError {
  const [first] = errors;
  const where = (lang: Lang) =>
    first
      ? `${lang === 'zh' ? `第 ${String(first.row)} 行` : `row ${String(first.row)}`}${first.column ? ` ${columnLabel(entity, first.column)}` : ''}: ${first.message[lang]}`
      : '';
  return new ApiError('VALIDATION_FAILED', {
    message: {
      zh: `文件中有 ${String(errors.length)} 处错误，未写入任何数据。${where('zh')}`,
      en: `The file has ${String(errors.length)} error(s); nothing was written. ${where('en')}`,
    },
    details,
  });
}

export const importRoutes = createRouter()
  .openapi(template, async (c) => {
    requireActor(c.get('actor'));
    const { entity, format } = parseFileName(c.req.valid('param').file);
    const lang = c.get('lang');
    const importable = columns[entity].filter((column) => !column.exportOnly);
    const body = await writeTable(format, {
      name: sheetName(entity, lang),
      header: importable.map(header),
      rows: [importable.map((column) => column.example)],
      notes: {
        name: lang === 'zh' ? '填写说明' : 'notes',
        rows: [
          lang === 'zh' ? ['列', '必填', '说明'] : ['column', 'required', 'notes'],
          ...importable.map((column) => [
            header(column),
            column.required ? (lang === 'zh' ? '是' : 'yes') : '',
            column.hint[lang],
          ]),
        ],
      },
    });
    return c.body(body, 200, {
      'content-type': contentTypes[format],
      'content-disposition': `attachment; filename="${entity}-template.${format}"`,
    });
  })
  .openapi(status, async (c) => {
    requireOffice(c.get('actor'));
    const job = await createImportJobRepository(c.get('deps').db).get(
      c.req.valid('param').id,
      c.get('now')(),
    );
    if (!job) throw notFound({ zh: '导入记录', en: 'import' });
    return c.json(toJob(job, c.get('lang')), 200);
  })
  .openapi(upload, async (c) => {
    const actor = requireOffice(c.get('actor'));
    const { entity } = c.req.valid('param');
    const query = c.req.valid('query');
    const format = query.format ?? formatOf(c.req.header('content-type'));
    if (!format) {
      throw new ApiError('UNSUPPORTED_MEDIA_TYPE', {
        message: {
          zh: '请上传 CSV 或 XLSX 文件（Content-Type 为 text/csv 或 XLSX 类型，或加 ?format=）。',
          en: 'Upload a CSV or XLSX file (Content-Type text/csv or the XLSX type, or ?format=).',
        },
      });
    }
    const bytes = new Uint8Array(await c.req.arrayBuffer());
    if (bytes.byteLength === 0) {
      throw new ApiError('BAD_REQUEST', {
        message: { zh: '上传的文件是空的。', en: 'The uploaded file is empty.' },
      });
    }
    const lang = c.get('lang');
    const now = c.get('now')();
    const jobs = createImportJobRepository(c.get('deps').db);
    const table = await readTable(bytes, format);
    const job = await jobs.create({
      entity,
      format,
      dryRun: query.dryRun,
      status: 'running',
      total: table.rows.length,
      planned: { create: 0, update: 0, unchanged: 0 },
      processed: 0,
      written: { created: 0, updated: 0 },
      errors: [],
      errorCount: 0,
      createdBy: actorRef(actor),
      createdAt: now,
      updatedAt: now,
    });
    const ctx = { repos: c.get('repos'), actor: actorRef(actor), now, jobId: job._id };
    const prepared = await prepareImport(ctx, entity, table);

    if (prepared.errors.length > 0) {
      const reported = prepared.errors.slice(0, maxReportedErrors);
      await jobs.update(job._id, {
        status: 'rejected',
        errors: reported,
        errorCount: prepared.errors.length,
        updatedAt: now,
        finishedAt: now,
      });
      throw rejection(entity, prepared.errors, {
        importId: job._id,
        errorCount: prepared.errors.length,
        errors: reported.map((e) => render(e, lang, (key) => columnLabel(entity, key))),
      });
    }
    if (query.dryRun) {
      const validated = {
        ...job,
        status: 'validated' as const,
        planned: prepared.planned,
        finishedAt: now,
      };
      await jobs.update(job._id, {
        status: 'validated',
        planned: prepared.planned,
        finishedAt: now,
      });
      return c.json(toJob(validated, lang), 200);
    }

    await jobs.update(job._id, { planned: prepared.planned });
    const log = c.get('log');
    const clock = c.get('now');
    const work = writeImport(prepared, {
      onProgress: ({ processed, created, updated }) =>
        jobs.update(job._id, { processed, written: { created, updated }, updatedAt: clock() }),
    }).then(
      async () => {
        const at = clock();
        await jobs.update(job._id, { status: 'done', updatedAt: at, finishedAt: at });
      },
      async (error: unknown) => {
        log.error({ err: error, importId: job._id }, 'import failed');
        const at = clock();
        await jobs.update(job._id, {
          status: 'failed',
          failure: error instanceof Error ? error.message : String(error),
          updatedAt: at,
          finishedAt: at,
        });
      },
    );
    if (!query.wait) {
      void work;
      return c.json(toJob({ ...job, planned: prepared.planned }, lang), 202);
    }
    await work;
    const finished = await jobs.get(job._id, clock());
    if (!finished) throw new ApiError('INTERNAL');
    return c.json(toJob(finished, lang), 201);
  });
