const shanghaiOffsetMs = 8 * 60 * 60 * 1000;

/** A Date as ISO-8601 in Asia/Shanghai (UTC+8 all year, no daylight saving): `…T15:30:00.000+08:00`. */
export function toWireDate(date: Date): string {
  return new Date(date.getTime() + shanghaiOffsetMs).toISOString().replace('Z', '+08:00');
}
