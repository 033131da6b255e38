import { createRoute, z } from '@hono/zod-openapi';
import { ApiError } from '../../lib/errors.js';
import { idSchema } from '../../lib/ids.js';
import type { Lang } from '../../lib/i18n.js';
import { errors, json } from '../../lib/openapi.js';
import { createRouter } from '../../lib/router.js';
import { actorRef } from '../access/actor.js';
import { requireExpertManager } from '../access/policy.js';
import { notFound } from '../shared/versioned.js';
import {
  parsePublicationFile,
  publicationFileFormats,
  titleKey,
  type EntryError,
  type PublicationFileFormat,
} from './publication-import.js';
import { ExpertSchema, PatentSchema, PublicationSchema } from './schemas.js';
import { toExpert } from './service.js';

const tags = ['experts'];
const maxReportedErrors = 200;

const ImportResultSchema = z
  .object({
    dryRun: z.boolean(),
    total: z.number().int().openapi({ description: 'Entries read from the file' }),
    publications: z
      .array(PublicationSchema)
      .openapi({ description: 'New publications (not already on the profile)' }),
    patents: z
      .array(PatentSchema)
      .openapi({ description: 'New patents (not already on the profile)' }),
    duplicates: z
      .number()
      .int()
      .openapi({ description: 'Entries already on the profile, skipped' }),
    expert: ExpertSchema.optional().openapi({
      description: 'The updated profile (not on a dry run)',
    }),
  })
  .openapi('PublicationImportResult');

const contentTypes = {
  bibtex: ['application/x-bibtex', 'text/x-bibtex'],
  csv: ['text/csv', 'application/csv'],
};

const importFile = createRoute({
  method: 'post',
  path: '/{id}/publications/import',
  tags,
  summary: 'Add publications and patents from a BibTeX or CSV file (the expert or the office)',
  description:
    'The body is the file itself (Content-Type application/x-bibtex or text/csv, or ?format=). Every entry is validated first; a file with any error is a 400 whose details.errors name the line or row, the field and what is wrong, in the caller’s language, and nothing is added. Entries whose title (and year) the profile already has are skipped. CSV columns: 类型 type (论文/专利), 题目 title, 年份 year, 期刊 venue, 作者 authors (separated by ;), 摘要 abstract, 专利号 number.',
  request: {
    params: z.object({ id: idSchema('expert') }),
    query: z.object({
      format: z.enum(publicationFileFormats).optional(),
      dryRun: z
        .enum(['true', 'false'])
        .default('false')
        .transform((v) => v === 'true')
        .openapi({ description: 'Read and validate only; change nothing' }),
      rev: z.coerce
        .number()
        .int()
        .min(1)
        .optional()
        .openapi({ description: 'The profile rev you last read; required unless dryRun' }),
    }),
    body: {
      required: true,
      description: 'The file',
      content: {
        'application/x-bibtex': { schema: z.string() },
        'text/csv': { schema: z.string() },
        'text/plain': { schema: z.string() },
      },
    },
  },
  responses: {
    200: json(ImportResultSchema, 'Read (dry run) or added'),
    415: json(z.object({}), 'Neither BibTeX nor CSV (UNSUPPORTED_MEDIA_TYPE)'),
    ...errors(401, 403, 404, 409),
  },
});

function formatOf(contentType: string | undefined): PublicationFileFormat | undefined {
  const type = (contentType ?? '').split(';')[0]?.trim().toLowerCase() ?? '';
  if (contentTypes.bibtex.includes(type)) return 'bibtex';
  if (contentTypes.csv.includes(type)) return 'csv';
  return undefined;
}

function rejection(errorList: EntryError[], lang: Lang): ApiError {
  const render = (error: EntryError, l: Lang) => {
    const where =
      l === 'zh'
        ? `第 ${String(error.row)} 行${error.entry ? `（${error.entry}）` : ''}`
        : `line ${String(error.row)}${error.entry ? ` (${error.entry})` : ''}`;
    return `${where}${error.field ? ` ${error.field}` : ''}: ${error.message[l]}`;
  };
  const [first] = errorList;
  return new ApiError('VALIDATION_FAILED', {
    message: {
      zh: `文件中有 ${String(errorList.length)} 处错误，未导入任何条目。${first ? render(first, 'zh') : ''}`,
      en: `The file has ${String(errorList.length)} error(s); nothing was imported. ${first ? render(first, 'en') : ''}`,
    },
    details: {
      errors: errorList.slice(0, maxReportedErrors).map((error) => ({
        row: error.row,
        ...(error.entry ? { entry: error.entry } : {}),
        ...(error.field ? { field: error.field } : {}),
        message: error.message[lang],
      })),
      errorCount: errorList.length,
    },
  });
}

export const publicationImportRoutes = createRouter().openapi(importFile, async (c) => {
  const { id } = c.req.valid('param');
  const actor = requireExpertManager(c.get('actor'), id);
  const query = c.req.valid('query');
  const format = query.format ?? formatOf(c.req.header('content-type'));
  if (!format) {
    throw new ApiError('UNSUPPORTED_MEDIA_TYPE', {
      message: {
        zh: '请上传 BibTeX（.bib）或 CSV 文件。',
        en: 'Upload a BibTeX (.bib) or CSV file.',
      },
    });
  }
  const source = await c.req.text();
  if (source.trim() === '') {
    throw new ApiError('BAD_REQUEST', {
      message: { zh: '上传的文件是空的。', en: 'The uploaded file is empty.' },
    });
  }
  const repos = c.get('repos');
  const doc = await repos.experts.get(id);
  if (!doc) throw notFound({ zh: '专家', en: 'expert' });
  const parsed = parsePublicationFile(source, format);
  if (parsed.errors.length > 0) throw rejection(parsed.errors, c.get('lang'));
  if (parsed.total === 0) {
    throw new ApiError('VALIDATION_FAILED', {
      message: { zh: '文件中没有找到任何条目。', en: 'The file holds no entries.' },
      details: { errors: [], errorCount: 0 },
    });
  }

  // Within the file and against the profile, one title (and year) is one work.
  const seen = new Set([
    ...doc.publications.map((p) => `${titleKey(p.title)}|${String(p.year)}`),
    ...doc.patents.map((p) => `patent|${titleKey(p.title)}`),
  ]);
  const publications = parsed.publications.filter((p) => {
    const key = `${titleKey(p.title)}|${String(p.year)}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
  const patents = parsed.patents.filter((p) => {
    const key = `patent|${titleKey(p.title)}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
  const duplicates =
    parsed.publications.length + parsed.patents.length - publications.length - patents.length;
  const result = { dryRun: query.dryRun, total: parsed.total, publications, patents, duplicates };
  if (query.dryRun) return c.json(result, 200);

  if (query.rev === undefined) {
    throw new ApiError('VALIDATION_FAILED', {
      message: { zh: '缺少 rev 参数。', en: 'The rev query parameter is required.' },
    });
  }
  const max = { publications: 300, patents: 200 };
  if (
    doc.publications.length + publications.length > max.publications ||
    doc.patents.length + patents.length > max.patents
  ) {
    throw new ApiError('VALIDATION_FAILED', {
      message: {
        zh: `一个档案最多 ${String(max.publications)} 篇论文、${String(max.patents)} 项专利。`,
        en: `A profile holds at most ${String(max.publications)} publications and ${String(max.patents)} patents.`,
      },
    });
  }
  const changed = publications.length > 0 || patents.length > 0;
  const updated = changed
    ? await repos.experts.update(
        doc,
        {
          rev: query.rev,
          ...(publications.length > 0
            ? { publications: [...doc.publications, ...publications] }
            : {}),
          ...(patents.length > 0 ? { patents: [...doc.patents, ...patents] } : {}),
        },
        actorRef(actor),
        c.get('now')(),
      )
    : doc;
  return c.json(
    { ...result, expert: toExpert(updated, actor, await repos.engagements.activeCount(id)) },
    200,
  );
});
