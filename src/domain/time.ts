import { bi, type Bilingual } from './errors.js';
import { halfWidth } from './half-width.js';

/**
 * Calendar arithmetic in the database's time zone, never the machine's TZ (SPEC §2: cron on a UTC
 * server must produce the same report as the clerk's PC). Instants are stored as UTC ISO-8601
 * strings; local wall-clock values exist only at the edges (input, deadlines, display).
 */
export interface LocalDateTime {
  year: number;
  month: number; // 1-12
  day: number;
  hour: number;
  minute: number;
  second: number;
  ms: number;
}

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatter(timeZone: string): Intl.DateTimeFormat {
  let f = formatters.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
    });
    formatters.set(timeZone, f);
  }
  return f;
}

export function isValidTimeZone(timeZone: string): boolean {
  try {
    formatter(timeZone);
    return true;
  } catch {
    return false;
  }
}

/** The wall-clock reading of an instant in a time zone, asking Intl (slow: several µs a call). */
function intlLocal(instant: Date, timeZone: string): LocalDateTime {
  const parts: Record<string, number> = {};
  for (const p of formatter(timeZone).formatToParts(instant)) {
    if (p.type !== 'literal') parts[p.type] = Number(p.value);
  }
  return {
    year: parts.year!,
    month: parts.month!,
    day: parts.day!,
    hour: parts.hour!,
    minute: parts.minute!,
    second: parts.second!,
    ms: instant.getUTCMilliseconds(),
  };
}

/**
 * A fast reader of a zone's offset (ms) at an instant, or undefined where it cannot tell. The domain
 * does no I/O and reads no environment: the platform's reader (src/platform/zone-offsets.ts, which
 * switches TZ) is installed by the entry point; without one, or where it cannot tell, Intl answers.
 */
export type OffsetReader = (ms: number, timeZone: string) => number | undefined;
let fastOffsets: OffsetReader | undefined;

export function useOffsetReader(reader: OffsetReader | undefined): void {
  fastOffsets = reader;
}

/** The zone's offset (ms) at an instant. */
function offsetMs(instant: Date, timeZone: string): number {
  const ms = instant.getTime();
  return fastOffsets?.(ms, timeZone) ?? offsetFromIntl(ms, timeZone);
}

const HOUR_MS = 3600_000;
/** Per zone, the offset (ms) of each UTC hour asked of Intl; NaN where the offset changes within it. */
const hourOffsets = new Map<string, Map<number, number>>();

/**
 * Intl is asked once per UTC hour: an offset changes at most once in an hour, so when the hour's
 * first and last milliseconds agree it holds for the whole hour.
 */
function offsetFromIntl(ms: number, timeZone: string): number {
  let zone = hourOffsets.get(timeZone);
  if (!zone) hourOffsets.set(timeZone, (zone = new Map()));
  const hour = Math.floor(ms / HOUR_MS);
  let offset = zone.get(hour);
  if (offset === undefined) {
    const first = intlOffset(hour * HOUR_MS, timeZone);
    offset = first === intlOffset((hour + 1) * HOUR_MS - 1, timeZone) ? first : Number.NaN;
    zone.set(hour, offset);
  }
  return Number.isNaN(offset) ? intlOffset(ms, timeZone) : offset;
}

function intlOffset(ms: number, timeZone: string): number {
  return wallAsUtc(intlLocal(new Date(ms), timeZone)) - ms;
}

/** The wall-clock reading of an instant in a time zone. */
export function toLocal(instant: Date, timeZone: string): LocalDateTime {
  const wall = new Date(instant.getTime() + offsetMs(instant, timeZone));
  return {
    year: wall.getUTCFullYear(),
    month: wall.getUTCMonth() + 1,
    day: wall.getUTCDate(),
    hour: wall.getUTCHours(),
    minute: wall.getUTCMinutes(),
    second: wall.getUTCSeconds(),
    ms: wall.getUTCMilliseconds(),
  };
}

function wallAsUtc(l: LocalDateTime): number {
  return Date.UTC(l.year, l.month - 1, l.day, l.hour, l.minute, l.second, l.ms);
}

/** A period of one UTC offset of a zone: UTC ISO bounds as times are stored, `starts_at <= t < ends_at`. */
export interface ZoneOffset {
  starts_at: string;
  ends_at: string;
  offset_minutes: number;
}

/**
 * The span the periods cover, UTC: hongwu takes the years 2000–2099 (FIRST_YEAR, LAST_YEAR), with a
 * day's room either side for any zone's offset (±14:00) and a year after for deadlines.
 */
const PERIODS_FROM = Date.UTC(1999, 11, 31);
const PERIODS_TO = Date.UTC(2101, 0, 1);
/**
 * Offsets are sampled this far apart: a shorter period could hide between two samples, and the
 * shortest of any zone since 1980 is just under a week (America/Recife's DST of 8–15 October 2000:
 * seven days less an hour). Only where two samples differ is the change sought to the minute.
 */
const SAMPLE_MS = 6 * 86_400_000;
const MINUTE_MS = 60_000;

/**
 * A zone's offset periods over 2000–2099 from a reader of its offset (minutes) at an instant, for the
 * analysts' views (table `zone_offsets`, migration 0018, whose frozen copy of this rule a test holds
 * to it). A fixed-offset zone costs a sample every six days and gives one period.
 */
export function searchOffsetPeriods(offsetAt: (ms: number) => number): ZoneOffset[] {
  const periods: ZoneOffset[] = [];
  let start = PERIODS_FROM;
  let offset = offsetAt(start);
  for (let t = PERIODS_FROM; t < PERIODS_TO; t += SAMPLE_MS) {
    const next = Math.min(t + SAMPLE_MS, PERIODS_TO);
    // Two changes may fall between samples (the offset at `next` is then a third): each is sought.
    for (let from = t; offsetAt(next) !== offset; ) {
      let [lo, hi] = [from, next];
      while (hi - lo > MINUTE_MS) {
        const mid = lo + Math.floor((hi - lo) / (2 * MINUTE_MS)) * MINUTE_MS;
        if (offsetAt(mid) === offset) lo = mid;
        else hi = mid;
      }
      periods.push({
        starts_at: new Date(start).toISOString(),
        ends_at: new Date(hi).toISOString(),
        offset_minutes: offset,
      });
      [start, offset, from] = [hi, offsetAt(hi), hi];
    }
  }
  periods.push({
    starts_at: new Date(start).toISOString(),
    ends_at: new Date(PERIODS_TO).toISOString(),
    offset_minutes: offset,
  });
  return periods;
}

/**
 * A reader of a zone's whole offset periods at once, or undefined where it cannot tell: the
 * platform's (installed by the entry point) switches TZ once for all the samples, where Intl would
 * take some 10–60 ms for them.
 */
export type PeriodsReader = (timeZone: string) => ZoneOffset[] | undefined;
let fastPeriods: PeriodsReader | undefined;

export function usePeriodsReader(reader: PeriodsReader | undefined): void {
  fastPeriods = reader;
}

/** The zone's offset periods over 2000–2099 (`searchOffsetPeriods`), by the fast reader or by Intl. */
export function zoneOffsetPeriods(timeZone: string): ZoneOffset[] {
  // `|| 0`: never -0 (UTC, London).
  return fastPeriods?.(timeZone) ?? searchOffsetPeriods((ms) => offsetMinutes(new Date(ms), timeZone) || 0);
}

/** Minutes the zone is ahead of UTC at this instant (+480 for Asia/Shanghai). */
export function offsetMinutes(instant: Date, timeZone: string): number {
  return Math.round(offsetMs(instant, timeZone) / 60000);
}

/**
 * The instant a wall-clock time names in a zone. Fields may overflow (day 32, hour 24) and are
 * normalised as Date.UTC does. In a DST gap the later offset wins; in an overlap the earlier.
 */
export function fromLocal(l: LocalDateTime, timeZone: string): Date {
  const wall = wallAsUtc(l);
  const first = wall - offsetMinutes(new Date(wall), timeZone) * 60000;
  const second = wall - offsetMinutes(new Date(first), timeZone) * 60000;
  return new Date(second);
}

const pad = (n: number, w = 2) => String(n).padStart(w, '0');

/** ISO-8601 with the zone's offset: `2026-11-26T17:55:48+08:00` (milliseconds only when set). */
export function formatInstant(instant: Date, timeZone: string): string {
  const l = toLocal(instant, timeZone);
  const off = offsetMinutes(instant, timeZone);
  const sign = off < 0 ? '-' : '+';
  const a = Math.abs(off);
  const ms = l.ms ? `.${pad(l.ms, 3)}` : '';
  return (
    `${pad(l.year, 4)}-${pad(l.month)}-${pad(l.day)}T${pad(l.hour)}:${pad(l.minute)}:${pad(l.second)}` +
    `${ms}${sign}${pad(Math.floor(a / 60))}:${pad(a % 60)}`
  );
}

/** A stored UTC ISO instant (or null) as ISO-8601 with the zone's offset, for JSON and CSV. */
export function formatStored(value: string | null, timeZone: string): string | null {
  return value ? formatInstant(new Date(value), timeZone) : null;
}

/** `2026-11-26 17:55`, the compact form for tables. */
export function formatShort(instant: Date, timeZone: string): string {
  const l = toLocal(instant, timeZone);
  return `${pad(l.year, 4)}-${pad(l.month)}-${pad(l.day)} ${pad(l.hour)}:${pad(l.minute)}`;
}

/** `2026-11-26 17:55:48`, for messages that compare two times (a minute may hold both). */
export function formatSeconds(instant: Date, timeZone: string): string {
  return `${formatShort(instant, timeZone)}:${pad(toLocal(instant, timeZone).second)}`;
}

/** `YYYY-MM` of the instant in the zone. */
export function monthOf(instant: Date, timeZone: string): string {
  const l = toLocal(instant, timeZone);
  return `${pad(l.year, 4)}-${pad(l.month)}`;
}

const MONTH = /^(\d{4})-(\d{2})$/;

/**
 * The years a date typed in (or HONGWU_NOW) may name. Stored instants compare as ISO strings,
 * which holds for four-digit years only, and JavaScript reads years 0–99 as 1900–1999: a register
 * of this century needs no more, and a typo (`0026`, `20266`) is refused rather than stored.
 */
export const FIRST_YEAR = 2000;
export const LAST_YEAR = 2099;
/** Offsets beyond ±14:00 name no place on Earth. */
const MAX_OFFSET_MINUTES = 14 * 60;

const inYears = (year: number) => year >= FIRST_YEAR && year <= LAST_YEAR;

export function isMonth(text: string): boolean {
  const m = MONTH.exec(text);
  return !!m && inYears(Number(m[1])) && Number(m[2]) >= 1 && Number(m[2]) <= 12;
}

/**
 * Why a text shaped like a date or month is refused though it reads as one: its year is outside
 * 2000–2099 or its offset beyond ±14:00. Undefined when neither is the trouble.
 */
export function dateRangeProblem(text: string): Bilingual | undefined {
  const input = text.trim();
  const year = /^(\d{4,})[-/]/.exec(input)?.[1];
  if (year !== undefined && !inYears(Number(year))) {
    return bi(
      `年份 ${year} 超出范围，须在 ${FIRST_YEAR} 到 ${LAST_YEAR} 之间`,
      `the year ${year} is out of range: use ${FIRST_YEAR} to ${LAST_YEAR}`,
    );
  }
  const offset = /[T ]\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?\s*([+-]\d{2}:?\d{2})$/i.exec(input)?.[1];
  if (offset !== undefined && offsetMinutesOf(offset) === undefined) {
    return bi(
      `时区偏移 ${offset} 超出范围，须在 -14:00 到 +14:00 之间`,
      `the offset ${offset} is out of range: use -14:00 to +14:00`,
    );
  }
  return undefined;
}

/** `+08:00` or `-0530` in minutes; undefined past ±14:00 or with 60 minutes or more. */
function offsetMinutesOf(offset: string): number | undefined {
  const o = /^([+-])(\d{2}):?(\d{2})$/.exec(offset);
  if (!o || Number(o[3]) > 59) return undefined;
  const minutes = Number(o[2]) * 60 + Number(o[3]);
  return minutes > MAX_OFFSET_MINUTES ? undefined : (o[1] === '-' ? -1 : 1) * minutes;
}

/**
 * A month as a clerk types it (SPEC §12): `2026-11`, `2026年11月`, or `11月` of `currentYear`
 * (digits already half-width). Returns `YYYY-MM`, or undefined when it is none.
 */
export function readMonth(typed: string, currentYear: number): string | undefined {
  const text = typed.trim();
  const full = /^(\d{4})\s*\u5e74\s*(\d{1,2})\s*\u6708$/.exec(text);
  const short = /^(\d{1,2})\s*\u6708$/.exec(text);
  const month = full
    ? `${full[1]}-${full[2]!.padStart(2, '0')}`
    : short
      ? `${pad(currentYear, 4)}-${short[1]!.padStart(2, '0')}`
      : text;
  return isMonth(month) ? month : undefined;
}

/** The half-open range [start, end) of a `YYYY-MM` month in the zone. */
export function monthRange(month: string, timeZone: string): { start: Date; end: Date } {
  const m = MONTH.exec(month);
  if (!m) throw new RangeError(`not a month: ${month}`);
  const year = Number(m[1]);
  const mon = Number(m[2]);
  const at = (y: number, mo: number) =>
    fromLocal({ year: y, month: mo, day: 1, hour: 0, minute: 0, second: 0, ms: 0 }, timeZone);
  return { start: at(year, mon), end: at(year, mon + 1) };
}

/** `YYYY-MM` shifted by a number of months. */
export function addMonths(month: string, delta: number): string {
  const [y, m] = month.split('-').map(Number) as [number, number];
  const idx = y * 12 + (m - 1) + delta;
  return `${pad(Math.floor(idx / 12), 4)}-${pad((idx % 12) + 1)}`;
}

/** 23:59:59.999 local time, `days` calendar days after the instant's local date. */
export function endOfLocalDay(instant: Date, timeZone: string, days = 0): Date {
  const l = toLocal(instant, timeZone);
  return fromLocal({ ...l, day: l.day + days, hour: 23, minute: 59, second: 59, ms: 999 }, timeZone);
}

/** The same wall-clock time `days` calendar days later (DST-safe). */
export function addLocalDays(instant: Date, timeZone: string, days: number): Date {
  const l = toLocal(instant, timeZone);
  return fromLocal({ ...l, day: l.day + days }, timeZone);
}

const DATE_TIME =
  /^(\d{4})[-/](\d{1,2})[-/](\d{1,2})(?:[T ](\d{1,2}):(\d{2})(?::(\d{2})(?:\.(\d{1,3}))?)?)?\s*(Z|[+-]\d{2}:?\d{2})?$/i;
const TIME_ONLY = /^(\d{1,2}):(\d{2})(?::(\d{2}))?$/;

/** A date as a clerk may type it: full-width forms, and 2026年12月31日 for 2026-12-31. */
export function typedDate(value: string): string {
  return halfWidth(value)
    .trim()
    .replace(
      /^(\d{4})\s*\u5e74\s*(\d{1,2})\s*\u6708\s*(\d{1,2})\s*\u65e5/,
      (_, y: string, m: string, d: string) => `${y}-${m.padStart(2, '0')}-${d.padStart(2, '0')}`,
    );
}

/**
 * A time as hongwu writes it in JSON and CSV (`2026-11-20T14:30:00+08:00`, to the millisecond at
 * most), read without trying the forms a clerk types (ten times the work): the instant
 * `parseLocalInput` gives, or undefined for any other text or a value out of range, which the caller
 * then reads the clerk's way.
 */
export function parseExported(text: string): Date | undefined {
  const m = EXPORTED.exec(text);
  if (!m) return undefined;
  const [, year, month, day, hour, minute, second, frac, offset] = m;
  // The offset is always written: the zone is never asked for.
  return instantOf(
    {
      year: Number(year),
      month: Number(month),
      day: Number(day),
      hour: Number(hour),
      minute: Number(minute),
      second: Number(second),
      ms: frac ? Number(frac.padEnd(3, '0')) : 0,
    },
    offset,
    'UTC',
  );
}

const EXPORTED = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})(?:\.(\d{1,3}))?([+-]\d{2}:\d{2})$/;

const DAYS_IN_MONTH = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];
const daysInMonth = (year: number, month: number) =>
  month === 2 && year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0) ? 29 : DAYS_IN_MONTH[month - 1]!;

/**
 * Reads a clerk's date or datetime (SPEC §2): with an offset it is absolute, without one it is in
 * the database's zone; a date alone is 00:00 (`start`) or 23:59:59.999 (`end`, for `--due`);
 * `HH:MM` alone is today. `/` may stand for `-`. Returns undefined when the text is no datetime.
 */
export function parseLocalInput(
  text: string,
  timeZone: string,
  now: Date,
  dateOnly: 'start' | 'end',
): Date | undefined {
  const input = text.trim();
  const t = TIME_ONLY.exec(input);
  if (t) {
    const today = toLocal(now, timeZone);
    return build(today.year, today.month, today.day, t[1], t[2], t[3], undefined, undefined);
  }
  const m = DATE_TIME.exec(input);
  if (!m) return undefined;
  const [, y, mo, d, h, mi, s, ms, zone] = m;
  if (h === undefined) {
    const end = dateOnly === 'end';
    return build(
      Number(y),
      Number(mo),
      Number(d),
      end ? '23' : '0',
      end ? '59' : '0',
      end ? '59' : '0',
      end ? '999' : '0',
      zone,
    );
  }
  return build(Number(y), Number(mo), Number(d), h, mi, s, ms, zone);

  function build(
    year: number,
    month: number,
    day: number,
    hh: string | undefined,
    mm: string | undefined,
    ss: string | undefined,
    frac: string | undefined,
    offset: string | undefined,
  ): Date | undefined {
    const hour = Number(hh ?? 0);
    const minute = Number(mm ?? 0);
    const second = Number(ss ?? 0);
    const ms = frac ? Number(frac.padEnd(3, '0')) : 0;
    return instantOf({ year, month, day, hour, minute, second, ms }, offset, timeZone);
  }
}

/**
 * The instant a written date and time name: at its offset (`+08:00`, `-0530`, `Z`), or without one
 * in `timeZone`; undefined when a field is out of range (a year outside FIRST_YEAR–LAST_YEAR, 2月30日,
 * 24:00, an offset past ±14:00).
 */
function instantOf(l: LocalDateTime, offset: string | undefined, timeZone: string): Date | undefined {
  if (!inYears(l.year)) return undefined;
  if (l.month < 1 || l.month > 12 || l.day < 1 || l.day > daysInMonth(l.year, l.month)) return undefined;
  if (l.hour > 23 || l.minute > 59 || l.second > 59) return undefined;
  if (!offset) return fromLocal(l, timeZone);
  if (offset.toUpperCase() === 'Z') return new Date(wallAsUtc(l));
  const minutes = offsetMinutesOf(offset);
  return minutes === undefined ? undefined : new Date(wallAsUtc(l) - minutes * 60000);
}
