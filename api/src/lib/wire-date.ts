import { z } from '@hono/zod-openapi';
import { parseWireDate } from './time.js';

/** A date on the wire: ISO-8601 with offset, or `YYYY-MM-DD` read in Asia/Shanghai. */
export const WireDateSchema = z
  .string()
  .max(40)
  .transform((value, ctx) => {
    const date = parseWireDate(value);
    if (!date) {
      ctx.addIssue({ code: 'custom', message: '日期格式不正确 / not a valid date (ISO-8601)' });
      return z.NEVER;
    }
    return date;
  })
  .openapi({ type: 'string', format: 'date-time', example: '2026-12-31T00:00:00+08:00' });
