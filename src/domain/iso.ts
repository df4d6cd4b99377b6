/**
 * `new Date(ms).toISOString()` for generating millions of rows: the date part is formatted once per
 * UTC day and cached, the time of day from small tables. A bulk load formats a dozen instants per
 * demand, and `toISOString` costs about a microsecond each.
 */
const DAY_MS = 86_400_000;
/** The last instant whose ISO form has a four-digit year (9999-12-31T23:59:59.999Z). */
const MAX_MS = 253_402_300_799_999;
const TWO = Array.from({ length: 60 }, (_, i) => String(i).padStart(2, '0'));
const THREE = Array.from({ length: 1000 }, (_, i) => String(i).padStart(3, '0'));
const days = new Map<number, string>();

export function isoString(ms: number): string {
  const t = Math.trunc(ms);
  if (!(t >= 0 && t <= MAX_MS)) return new Date(ms).toISOString();
  const day = Math.floor(t / DAY_MS);
  let date = days.get(day);
  if (date === undefined) days.set(day, (date = new Date(day * DAY_MS).toISOString().slice(0, 11)));
  const inDay = t - day * DAY_MS;
  const seconds = Math.floor(inDay / 1000);
  const minutes = Math.floor(seconds / 60);
  return `${date}${TWO[Math.floor(minutes / 60)]}:${TWO[minutes % 60]}:${TWO[seconds % 60]}.${THREE[inDay % 1000]}Z`;
}
