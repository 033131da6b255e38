const shanghaiOffsetMs = 8 * 60 * 60 * 1000;

/** A Date as ISO-8601 in Asia/Shanghai (UTC+8 all year, no daylight saving): `…T15:30:00.000+08:00`. */
export function toWireDate(date: Date): string {
  return new Date(date.getTime() + shanghaiOffsetMs).toISOString().replace('Z', '+08:00');
}

const dateOnly = /^\d{4}-\d{2}-\d{2}$/;

/**
 * Parses a wire date: full ISO-8601 with an offset, or a calendar date `YYYY-MM-DD`, which is
 * read as midnight in Asia/Shanghai. Returns null when it is not a real date.
 */
export function parseWireDate(value: string): Date | null {
  const iso = dateOnly.test(value) ? `${value}T00:00:00+08:00` : value;
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return null;
  if (dateOnly.test(value) && toWireDate(date).slice(0, 10) !== value) return null;
  return date;
}

/** Calendar quarter in Asia/Shanghai, e.g. `2026Q3`. */
export function quarterOf(date: Date): string {
  const local = new Date(date.getTime() + shanghaiOffsetMs);
  return `${local.getUTCFullYear()}Q${Math.floor(local.getUTCMonth() / 3) + 1}`;
}
