import type { z } from 'zod';
import type { Lang } from '../../lib/i18n.js';
import type { LocalizedText } from '../../lib/errors.js';
import { taxonomy, type FieldCode } from '../taxonomy/index.js';

// From spreadsheet cells to the inputs the API's own schemas validate, and from a failed
// validation back to words a talent-office clerk can act on: which row, which column, what.

/** One problem with one row of a file; row 1 is the header. */
export interface RowError {
  row: number;
  /** The column's key (as in the template); absent for a problem with the whole row. */
  column?: string;
  message: LocalizedText;
}

export const splitList = (cell: string) =>
  cell
    .split(/[;；、,，\n]/)
    .map((item) => item.trim())
    .filter((item) => item.length > 0);

const fieldByLabel = new Map<string, FieldCode>();
for (const group of taxonomy) {
  for (const leaf of group.leaves) {
    for (const label of [leaf.code, leaf.zh, leaf.en]) {
      fieldByLabel.set(label.toLowerCase(), leaf.code);
    }
  }
}

/** A field given as its code or its Chinese or English label; unknown ones pass through to fail. */
export function fieldCode(cell: string): string {
  return fieldByLabel.get(cell.trim().toLowerCase()) ?? cell.trim();
}

const yes = new Set(['是', 'y', 'yes', 'true', '1', '可', '可以']);
const no = new Set(['否', 'n', 'no', 'false', '0', '不', '不可']);

export type Converted<T> = { ok: true; value: T } | { ok: false; message: LocalizedText };

export function toBoolean(cell: string): Converted<boolean> {
  const value = cell.trim().toLowerCase();
  if (yes.has(value)) return { ok: true, value: true };
  if (no.has(value)) return { ok: true, value: false };
  return { ok: false, message: { zh: '应填“是”或“否”', en: 'must be yes or no' } };
}

export function toNumber(cell: string): Converted<number> {
  const value = cell.trim().replace(/,/g, '');
  if (/^-?\d+(\.\d+)?$/.test(value)) return { ok: true, value: Number(value) };
  return { ok: false, message: { zh: '应为数字', en: 'must be a number' } };
}

/**
 * A cell holding one entry per line, each entry's parts separated by | (or the full-width ｜),
 * e.g. publications as `2023 | 标题 | 期刊 | 摘要`.
 */
export function entries(cell: string): string[][] {
  return cell
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line.length > 0)
    .map((line) => line.split(/[|｜]/).map((part) => part.trim()));
}

const sizeWords = (origin: string | undefined): LocalizedText => {
  switch (origin) {
    case 'string':
      return { zh: '个字符', en: 'characters' };
    case 'array':
    case 'set':
      return { zh: '项', en: 'items' };
    default:
      return { zh: '', en: '' };
  }
};

/** The message of one zod issue in both languages. */
export function describeIssue(issue: z.core.$ZodIssue, cellWasEmpty: boolean): LocalizedText {
  // Messages the API's schemas spell out themselves are written "中文 / English".
  const [zh, en] = issue.message.split(' / ');
  if (en !== undefined && zh !== undefined && /\p{Script=Han}/u.test(zh)) return { zh, en };
  switch (issue.code) {
    case 'invalid_type':
      return cellWasEmpty
        ? { zh: '必填', en: 'is required' }
        : { zh: '格式不正确', en: `must be a ${issue.expected}` };
    case 'too_small': {
      const unit = sizeWords(issue.origin);
      const n = String(issue.minimum);
      if (cellWasEmpty || (issue.origin === 'array' && issue.minimum === 1))
        return { zh: '必填', en: 'is required' };
      return issue.origin === 'number'
        ? { zh: `不能小于 ${n}`, en: `must be at least ${n}` }
        : { zh: `至少 ${n} ${unit.zh}`, en: `needs at least ${n} ${unit.en}` };
    }
    case 'too_big': {
      const unit = sizeWords(issue.origin);
      const n = String(issue.maximum);
      return issue.origin === 'number'
        ? { zh: `不能大于 ${n}`, en: `must be at most ${n}` }
        : { zh: `最多 ${n} ${unit.zh}`, en: `allows at most ${n} ${unit.en}` };
    }
    case 'invalid_value':
      return {
        zh: `应为以下之一：${issue.values.map(String).join('、')}`,
        en: `must be one of: ${issue.values.map(String).join(', ')}`,
      };
    case 'invalid_format':
      return { zh: '格式不正确', en: 'has the wrong format' };
    default:
      return { zh: '取值无效', en: 'is not valid' };
  }
}

/** "第 3 条：…" when the issue is about one entry of a list cell. */
export function withEntry(message: LocalizedText, index: number | undefined): LocalizedText {
  if (index === undefined) return message;
  return {
    zh: `第 ${String(index + 1)} 条：${message.zh}`,
    en: `entry ${String(index + 1)}: ${message.en}`,
  };
}

export function render(error: RowError, lang: Lang, label: (key: string) => string) {
  return {
    row: error.row,
    ...(error.column ? { column: label(error.column) } : {}),
    message: error.message[lang],
  };
}
