import { z } from '@hono/zod-openapi';

/**
 * Full-width Latin letters and digits (ＣＮＣ, ２０２６) become ASCII, the ideographic space a
 * space; Chinese punctuation (，。：) stays as written, which NFKC would turn into ASCII.
 */
export function normaliseWidth(value: string): string {
  return value
    .normalize('NFC')
    .replace(/[\uFF10-\uFF19\uFF21-\uFF3A\uFF41-\uFF5A]/g, (char) =>
      String.fromCharCode(char.charCodeAt(0) - 0xfee0),
    )
    .replace(/\u3000/g, ' ');
}

/** Width-normalised, trimmed, inner whitespace collapsed. */
export function normaliseText(value: string): string {
  return normaliseWidth(value).replace(/\s+/g, ' ').trim();
}

// Control characters (except tab/newline) and lone surrogates never belong in user text;
// U+FFFD marks bytes that were not valid UTF-8 when the body was decoded.
// eslint-disable-next-line no-control-regex
const forbidden = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F\uFFFD]|\p{Cs}/u;

/** A user-entered string: normalised, bounded, free of control characters and invalid UTF-8. */
export function text(options: { min?: number; max: number; multiline?: boolean }) {
  return z
    .string()
    .transform((value) => (options.multiline ? normaliseWidth(value).trim() : normaliseText(value)))
    .pipe(
      z
        .string()
        .min(options.min ?? 0)
        .max(options.max)
        .refine((value) => !forbidden.test(value), {
          error: '含有无效字符 / contains invalid characters',
        }),
    );
}

/** One keyword: width-normalised, Latin lower-cased, 1–30 characters. */
export function normaliseKeyword(value: string): string {
  return normaliseText(value).toLowerCase();
}

export const KeywordsSchema = z
  .array(z.string().max(60))
  .max(30)
  .transform((values) => [...new Set(values.map(normaliseKeyword).filter((v) => v.length > 0))])
  .pipe(
    z
      .array(
        z
          .string()
          .max(30)
          .refine((value) => !forbidden.test(value), {
            error: '含有无效字符 / invalid characters',
          }),
      )
      .max(20),
  )
  .openapi({ example: ['注塑', '缩痕', 'mold flow'] });

export const EmailSchema = z
  .string()
  .trim()
  .toLowerCase()
  .pipe(z.email({ error: '邮箱格式不正确 / not a valid email address' }))
  .openapi({ example: 'zhang.wei@zjut.edu.cn' });

/** A mainland China phone number: mobile (1xx xxxx xxxx) or landline with area code; +86 optional. */
export const PhoneSchema = z
  .string()
  .transform((value) => value.replace(/[\s()-]/g, '').replace(/^(\+?86)/, ''))
  .pipe(
    z.string().regex(/^(1[3-9]\d{9}|0\d{9,11})$/, '电话号码格式不正确 / not a valid phone number'),
  )
  .openapi({ type: 'string', example: '13905720000' });
