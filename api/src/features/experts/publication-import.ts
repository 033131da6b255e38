import { parse as parseBibtex, type Creator } from '@retorquere/bibtex-parser';
import { parse as parseCsv } from 'csv-parse/sync';
import type { z } from 'zod';
import type { LocalizedText } from '../../lib/errors.js';
import { describeIssue } from '../imports/cells.js';
import { PatentSchema, PublicationSchema } from './schemas.js';

// An expert's publications and patents from a reference manager's BibTeX export or a
// spreadsheet's CSV. Every entry is validated with the same schemas as a hand-typed profile;
// what fails is reported by line (BibTeX) or row (CSV, header = 1) and field.

export const publicationFileFormats = ['bibtex', 'csv'] as const;
export type PublicationFileFormat = (typeof publicationFileFormats)[number];

type Publication = z.infer<typeof PublicationSchema>;
type Patent = z.infer<typeof PatentSchema>;

export interface EntryError {
  /** BibTeX: the line the entry starts on; CSV: the row as a spreadsheet numbers it. */
  row: number;
  /** The BibTeX citation key, when there is one. */
  entry?: string;
  field?: string;
  message: LocalizedText;
}

export interface ParsedFile {
  publications: Publication[];
  patents: Patent[];
  errors: EntryError[];
  /** Entries read, valid or not. */
  total: number;
}

const publicationTypes = new Set([
  'article',
  'inproceedings',
  'conference',
  'proceedings',
  'book',
  'inbook',
  'incollection',
  'phdthesis',
  'mastersthesis',
  'thesis',
  'techreport',
  'report',
  'misc',
  'online',
  'unpublished',
]);

/** 1-based line of a character offset. */
function lineAt(source: string, offset: number): number {
  let line = 1;
  for (let i = 0; i < offset && i < source.length; i++) if (source.charCodeAt(i) === 10) line++;
  return line;
}

function creatorName(creator: Creator): string {
  if (creator.name) return creator.name;
  const last = creator.lastName ?? '';
  const first = creator.firstName ?? '';
  // Chinese names are family name first with no space; Latin ones "First Last".
  if (/\p{Script=Han}/u.test(last + first)) return `${last}${first}`;
  return [first, creator.prefix, last].filter(Boolean).join(' ');
}

const clean = (value: string | undefined) => {
  const collapsed = value?.replace(/\s+/g, ' ').trim();
  return collapsed === undefined || collapsed === '' ? undefined : collapsed;
};

function issues(
  result: z.ZodSafeParseResult<unknown>,
  row: number,
  raw: Record<string, unknown>,
  entry?: string,
): EntryError[] {
  if (result.success) return [];
  return result.error.issues.map((issue) => {
    const field = typeof issue.path[0] === 'string' ? issue.path[0] : undefined;
    const empty = field === undefined || raw[field] === undefined || raw[field] === '';
    return {
      row,
      ...(entry ? { entry } : {}),
      ...(field ? { field } : {}),
      message: describeIssue(issue, empty),
    };
  });
}

const yearOf = (value: string | undefined): number | undefined => {
  const match = value ? /\d{4}/.exec(value) : null;
  return match ? Number(match[0]) : undefined;
};

/** Reads a .bib file: @patent entries become patents, the usual publication types publications. */
export function parseBibtexFile(source: string): ParsedFile {
  const library = parseBibtex(source, { sentenceCase: false, unsupported: 'ignore' });
  const out: ParsedFile = { publications: [], patents: [], errors: [], total: 0 };
  let cursor = 0;
  const located = (input: string) => {
    const at = input ? source.indexOf(input, cursor) : -1;
    if (at < 0) return undefined;
    cursor = at + input.length;
    return lineAt(source, at);
  };
  const broken = new Set<string>();
  for (const error of library.errors) {
    const line = /at line (\d+)/.exec(error.error)?.[1];
    const start = error.input ? source.indexOf(error.input) : -1;
    const row = start >= 0 ? lineAt(source, start) : line ? Number(line) : 1;
    const key = /^@\w+\s*[{(]\s*([^,\s]+)/.exec(error.input ?? '')?.[1];
    if (key) broken.add(key);
    out.total++;
    out.errors.push({
      row,
      ...(key ? { entry: key } : {}),
      message: {
        zh: '无法解析该条目（请检查括号和逗号）',
        en: 'this entry cannot be read (check its braces and commas)',
      },
    });
  }
  for (const entry of library.entries) {
    if (broken.has(entry.key)) continue;
    out.total++;
    const row = located(entry.input) ?? 1;
    const fields = entry.fields;
    const authors = (fields.author ?? []).map(creatorName).filter(Boolean);
    if (entry.type === 'patent') {
      const raw = {
        title: clean(fields.title),
        number: clean(fields.number),
        year: yearOf(fields.year ?? fields.date),
      };
      const input = Object.fromEntries(
        Object.entries(raw).filter(([k, v]) => v !== undefined || k === 'title'),
      );
      const result = PatentSchema.safeParse(input);
      if (result.success) out.patents.push(result.data);
      else out.errors.push(...issues(result, row, input, entry.key));
      continue;
    }
    if (!publicationTypes.has(entry.type)) {
      out.errors.push({
        row,
        entry: entry.key,
        message: {
          zh: `不支持的条目类型 @${entry.type}`,
          en: `unsupported entry type @${entry.type}`,
        },
      });
      continue;
    }
    const raw = {
      title: clean(fields.title),
      year: yearOf(fields.year ?? fields.date),
      venue: clean(
        fields.journal ??
          fields.journaltitle ??
          fields.booktitle ??
          fields.publisher?.[0] ??
          fields.school ??
          fields.institution?.[0],
      ),
      abstract: fields.abstract?.trim() ? fields.abstract.trim() : undefined,
      authors: authors.length > 0 ? authors.slice(0, 50) : undefined,
    };
    const input = Object.fromEntries(Object.entries(raw).filter(([, v]) => v !== undefined));
    const result = PublicationSchema.safeParse(input);
    if (result.success) out.publications.push(result.data);
    else out.errors.push(...issues(result, row, input, entry.key));
  }
  out.errors.sort((a, b) => a.row - b.row);
  return out;
}

// CSV headers in either language; a file may use the bilingual form "题目 title" as well.
const csvColumns: Record<string, string> = {
  type: 'type',
  类型: 'type',
  title: 'title',
  题目: 'title',
  标题: 'title',
  名称: 'title',
  year: 'year',
  年份: 'year',
  venue: 'venue',
  期刊: 'venue',
  '期刊/会议': 'venue',
  会议: 'venue',
  authors: 'authors',
  作者: 'authors',
  abstract: 'abstract',
  摘要: 'abstract',
  number: 'number',
  专利号: 'number',
};

function columnKey(header: string): string | undefined {
  const text = header.replace(/^\uFEFF/, '').trim();
  if (csvColumns[text.toLowerCase()]) return csvColumns[text.toLowerCase()];
  for (const part of text.split(/\s+/)) {
    const key = csvColumns[part.toLowerCase()];
    if (key) return key;
  }
  return undefined;
}

const patentWords = new Set(['patent', '专利']);
const publicationWords = new Set(['', 'publication', 'paper', 'article', '论文', '文章', '著作']);

/** Reads a CSV with a header row: type (论文/专利), title, year, venue, authors, abstract, number. */
export function parseCsvFile(source: string): ParsedFile {
  const out: ParsedFile = { publications: [], patents: [], errors: [], total: 0 };
  let records: string[][];
  try {
    records = parseCsv(source.replace(/^\uFEFF/, ''), {
      relax_column_count: true,
      skip_empty_lines: true,
      trim: true,
    });
  } catch (error) {
    const line = (error as { lines?: number }).lines;
    out.errors.push({
      row: line ?? 1,
      message: { zh: 'CSV 格式错误（请检查引号）', en: 'malformed CSV (check the quotes)' },
    });
    return out;
  }
  const [header, ...rows] = records;
  const keys = (header ?? []).map(columnKey);
  if (!keys.includes('title')) {
    out.errors.push({
      row: 1,
      message: {
        zh: '缺少“题目 title”列',
        en: 'the header has no "title" column',
      },
    });
    return out;
  }
  rows.forEach((cells, index) => {
    const row = index + 2;
    out.total++;
    const get = (key: string) => {
      const at = keys.indexOf(key);
      return at >= 0 ? (cells[at] ?? '').trim() : '';
    };
    const type = get('type').toLowerCase();
    const yearText = get('year');
    const year = yearText === '' ? undefined : /^\d{4}$/.test(yearText) ? Number(yearText) : NaN;
    if (Number.isNaN(year)) {
      out.errors.push({
        row,
        field: 'year',
        message: { zh: '年份应为四位数字', en: 'year must be four digits' },
      });
      return;
    }
    if (patentWords.has(type)) {
      const input = Object.fromEntries(
        Object.entries({ title: get('title'), number: get('number') || undefined, year }).filter(
          ([, v]) => v !== undefined,
        ),
      );
      const result = PatentSchema.safeParse(input);
      if (result.success) out.patents.push(result.data);
      else out.errors.push(...issues(result, row, input));
      return;
    }
    if (!publicationWords.has(type)) {
      out.errors.push({
        row,
        field: 'type',
        message: { zh: '类型应为“论文”或“专利”', en: 'type must be publication or patent' },
      });
      return;
    }
    const authors = get('authors')
      .split(/[;；、]|\s+and\s+/)
      .map((a) => a.trim())
      .filter(Boolean);
    const input = Object.fromEntries(
      Object.entries({
        title: get('title'),
        year,
        venue: get('venue') || undefined,
        abstract: get('abstract') || undefined,
        authors: authors.length > 0 ? authors : undefined,
      }).filter(([, v]) => v !== undefined),
    );
    const result = PublicationSchema.safeParse(input);
    if (result.success) out.publications.push(result.data);
    else out.errors.push(...issues(result, row, input));
  });
  return out;
}

export function parsePublicationFile(source: string, format: PublicationFileFormat): ParsedFile {
  return format === 'bibtex' ? parseBibtexFile(source) : parseCsvFile(source);
}

/** A title as a duplicate check sees it: case, spacing and punctuation do not count. */
export function titleKey(title: string): string {
  return title.toLowerCase().replace(/[\s\p{P}]+/gu, '');
}
