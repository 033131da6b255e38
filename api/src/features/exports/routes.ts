import { createRoute, z } from '@hono/zod-openapi';
import type { Lang } from '../../lib/i18n.js';
import { errors } from '../../lib/openapi.js';
import { createRouter } from '../../lib/router.js';
import { toWireDate } from '../../lib/time.js';
import { actorRef, type Actor } from '../access/actor.js';
import { canManageExpert, problemListScope, problemView, requireActor } from '../access/policy.js';
import { newEvent, type EventDoc } from '../events/outbox.js';
import type { ExpertDoc } from '../experts/repository.js';
import {
  columns,
  header,
  importEntities,
  sheetName,
  type ImportEntity,
} from '../imports/columns.js';
import { contentTypes, fileFormats, writeTable, type FileFormat } from '../imports/files.js';
import type { ImportedProblemDoc } from '../imports/service.js';
import type { OrganisationDoc } from '../organisations/repository.js';
import type { Repositories } from '../repositories.js';
import { fieldLabel } from '../taxonomy/index.js';

// Exports write the import columns (so that a file can be edited and imported again) plus a few
// read-only ones, and cut every record as the API would for this reader: contact details only
// for the expert and the office, problems by their confidentiality (policy.ts).

const exportFiles = importEntities.flatMap((entity) =>
  fileFormats.map((format) => `${entity}.${format}` as const),
);

const download = createRoute({
  method: 'get',
  path: '/{file}',
  tags: ['exports'],
  summary: 'Organisations, experts or problems as CSV (UTF-8 with BOM) or XLSX, cut to the reader',
  request: { params: z.object({ file: z.enum(exportFiles) }) },
  responses: {
    200: {
      description: 'The file; problems the reader may not see are left out, summary-only ones cut',
      content: {
        [contentTypes.csv]: { schema: z.string() },
        [contentTypes.xlsx]: { schema: z.string().openapi({ format: 'binary' }) },
      },
    },
    ...errors(401),
  },
});

type Row = Record<string, string | number>;

const words: Record<string, Record<Lang, string>> = {
  university: { zh: '高校', en: 'university' },
  institute: { zh: '科研院所', en: 'institute' },
  company: { zh: '企业', en: 'company' },
  office: { zh: '人才办', en: 'office' },
  public: { zh: '公开', en: 'public' },
  summary: { zh: '仅摘要', en: 'summary' },
  private: { zh: '保密', en: 'private' },
};
const word = (value: string, lang: Lang) => words[value]?.[lang] ?? value;
const day = (date: Date | undefined) => (date ? toWireDate(date).slice(0, 10) : '');
const joined = (items: readonly string[]) => items.join('；');
const lines = (items: (string | number | undefined)[][]) =>
  items
    .map((parts) =>
      parts
        .map((part) => part ?? '')
        .join(' | ')
        .replace(/( \| )+$/, ''),
    )
    .join('\n');
const fields = (codes: readonly string[], lang: Lang) =>
  joined(codes.map((code) => fieldLabel(code, lang) ?? code));
const wan = (fen: number | undefined) => (fen === undefined ? '' : fen / 1_000_000);

function organisationRow(doc: OrganisationDoc, lang: Lang): Row {
  return {
    creditCode: doc.creditCode,
    name: doc.name,
    kind: word(doc.kind, lang),
    nameEn: doc.nameEn ?? '',
    town: doc.town ?? '',
    industry: doc.industry ?? '',
    colleges: joined(doc.colleges ?? []),
    id: doc._id,
    verification: doc.verification,
    createdAt: day(doc.createdAt),
  };
}

function expertRow(doc: ExpertDoc, actor: Actor, lang: Lang): Row {
  const own = canManageExpert(actor, doc._id);
  return {
    email: own ? doc.email : '',
    name: doc.name,
    organisationCreditCode: '',
    title: doc.title,
    college: doc.college ?? '',
    phone: own ? (doc.phone ?? '') : '',
    fields: fields(doc.fields, lang),
    keywords: joined(doc.keywords),
    bio: doc.bio,
    capacity: doc.capacity,
    available: lang === 'zh' ? (doc.available ? '是' : '否') : doc.available ? 'yes' : 'no',
    publications: lines(doc.publications.map((p) => [p.year, p.title, p.venue, p.abstract])),
    patents: lines(doc.patents.map((p) => [p.year, p.title, p.number])),
    projects: lines(doc.projects.map((p) => [p.year, p.title, p.summary])),
    id: doc._id,
    universityName: doc.universityName,
    verification: doc.verification,
  };
}

function problemRow(
  doc: ImportedProblemDoc,
  view: 'full' | 'summary',
  creditCode: string,
  lang: Lang,
): Row {
  const visible: Row = {
    id: doc._id,
    title: doc.title,
    fields: fields(doc.fields, lang),
    summary: doc.summary,
  };
  if (view === 'summary') return visible;
  return {
    ...visible,
    externalId: doc.externalId ?? '',
    companyCreditCode: creditCode,
    description: doc.description,
    keywords: joined(doc.keywords),
    desiredOutcome: doc.desiredOutcome,
    budgetMinWan: wan(doc.budget?.min.amountFen),
    budgetMaxWan: wan(doc.budget?.max.amountFen),
    deadline: day(doc.deadline),
    confidentiality: word(doc.confidentiality, lang),
    companyName: doc.companyName,
    status: doc.status,
    createdAt: day(doc.createdAt),
  };
}

async function collectRows(
  repos: Repositories,
  entity: ImportEntity,
  actor: Actor,
  lang: Lang,
  now: Date,
): Promise<Row[]> {
  const rows: Row[] = [];
  if (entity === 'organisations') {
    for await (const doc of repos.organisations.scan()) rows.push(organisationRow(doc, lang));
    return rows;
  }
  if (entity === 'experts') {
    const codes = new Map<string, string>();
    for await (const doc of repos.organisations.scan({
      kind: { $in: ['university', 'institute'] },
    }))
      codes.set(doc._id, doc.creditCode);
    for await (const doc of repos.experts.scan()) {
      rows.push({
        ...expertRow(doc, actor, lang),
        organisationCreditCode: codes.get(doc.organisationId) ?? '',
      });
    }
    return rows;
  }
  const engaged = actor.expertId ? await repos.engagements.engagedProblemIds(actor.expertId) : [];
  const engagedSet = new Set(engaged);
  const codes = new Map<string, string>();
  for await (const doc of repos.organisations.scan({ kind: 'company' }))
    codes.set(doc._id, doc.creditCode);
  const reads: EventDoc[] = [];
  for await (const doc of repos.problems.scan(problemListScope(actor, engaged))) {
    const view = problemView(
      actor,
      doc,
      actor.expertId && engagedSet.has(doc._id) ? new Set([actor.expertId]) : new Set<string>(),
    );
    if (view === 'none') continue;
    rows.push(problemRow(doc, view, codes.get(doc.companyId) ?? '', lang));
    // An export is a read: confidential details leaving with it go into the audit trail.
    if (
      view === 'full' &&
      doc.confidentiality !== 'public' &&
      actor.organisationId !== doc.companyId
    ) {
      reads.push(
        newEvent({
          entity: 'problem',
          entityId: doc._id,
          type: 'viewed',
          note: `export, confidentiality: ${doc.confidentiality}`,
          actor: actorRef(actor),
          at: now,
          refs: [doc.companyId],
        }),
      );
    }
  }
  await repos.events.appendMany(reads);
  return rows;
}

export const exportRoutes = createRouter().openapi(download, async (c) => {
  const actor = requireActor(c.get('actor'));
  const [entity, format] = c.req.valid('param').file.split('.') as [ImportEntity, FileFormat];
  const lang = c.get('lang');
  const rows = await collectRows(c.get('repos'), entity, actor, lang, c.get('now')());
  const all = columns[entity];
  const body = await writeTable(format, {
    name: sheetName(entity, lang),
    header: all.map(header),
    rows: rows.map((row) => all.map((column) => row[column.key] ?? '')),
  });
  const stamp = day(c.get('now')()).replace(/-/g, '');
  return c.body(body, 200, {
    'content-type': contentTypes[format],
    'content-disposition': `attachment; filename="${entity}-${stamp}.${format}"`,
  });
});
