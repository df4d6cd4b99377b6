import { searchOffsetPeriods, type OffsetReader, type PeriodsReader } from '../domain/time.js';

/*
 * The domain's calendar arithmetic asks this reader first (installed by the entry point through
 * `useOffsetReader`): it switches process.env.TZ, so it lives here, outside the pure domain.
 *
 * Intl.DateTimeFormat is exact, but its first use costs some 20 ms of ICU set-up: a fifth of a
 * command's start. V8's own local time reads the same ICU zone data for next to nothing when TZ
 * names the zone, so TZ is set for the length of a reading and put back at once (synchronously:
 * nothing else runs meanwhile). Intl remains for instants before 1980 (offsets in seconds, whole
 * minutes only since 1972), for zone names ICU does not know as written (they read as UTC), and
 * wherever TZ does not move V8's local time (a worker thread with its own environment).
 */
const LOCAL_TIME_SINCE = Date.UTC(1980, 0, 1);
const DAY_MS = 86_400_000;
/**
 * Days read at once (one TZ switch), each at its start and end: the closest two offset changes of
 * any zone since 1980 are a week apart (America/Recife, Asia/Gaza in ICU's zone data), so a day
 * that begins and ends with the same offset has it throughout.
 */
const BLOCK_DAYS = 32;
/** Per zone, the offset of each UTC day read so far; NaN for a day in which it changes. */
const dayOffsets = new Map<string, Map<number, number>>();
/** Zones V8 has shown to know (a non-zero offset): an unknown name would read as UTC. */
const knownZones = new Set<string>();
/** `zone block` read as all UTC before the zone was known: those go to Intl. */
const unknownBlocks = new Set<string>();
let tzHonoured: boolean | undefined;

export const localTimeOffsets: OffsetReader = (ms, timeZone) => {
  const day = Math.floor(ms / DAY_MS);
  let days = dayOffsets.get(timeZone);
  if (!days) dayOffsets.set(timeZone, (days = new Map()));
  if (!days.has(day) && !readDays(days, timeZone, day)) return undefined;
  const offset = days.get(day)!;
  return Number.isNaN(offset) ? inZone(timeZone, () => localOffset(ms)) : offset;
};

/**
 * All of a zone's offset periods (the analysts' `zone_offsets`, written at init) in one TZ switch:
 * some 6,000 samples of V8's local time cost about a millisecond. A name V8 reads as UTC
 * throughout may be one it does not know: Intl answers then.
 */
export const localTimePeriods: PeriodsReader = (timeZone) => {
  if (!honoursTz()) return undefined;
  const periods = inZone(timeZone, () => searchOffsetPeriods((ms) => localOffset(ms) / 60_000 || 0));
  return periods.length === 1 && periods[0]!.offset_minutes === 0 ? undefined : periods;
};

function readDays(days: Map<number, number>, timeZone: string, day: number): boolean {
  const block = Math.floor(day / BLOCK_DAYS) * BLOCK_DAYS;
  if (block * DAY_MS < LOCAL_TIME_SINCE || unknownBlocks.has(`${timeZone} ${block}`)) return false;
  if (!honoursTz()) return false;
  const edges = inZone(timeZone, () =>
    Array.from({ length: BLOCK_DAYS + 1 }, (_, i) => localOffset((block + i) * DAY_MS)),
  );
  if (!knownZones.has(timeZone)) {
    if (edges.every((offset) => offset === 0)) {
      unknownBlocks.add(`${timeZone} ${block}`);
      return false;
    }
    knownZones.add(timeZone);
  }
  for (let i = 0; i < BLOCK_DAYS; i++) days.set(block + i, edges[i] === edges[i + 1] ? edges[i]! : Number.NaN);
  return true;
}

/** Whether TZ really moves V8's local time here: two zones that cannot both be the machine's own. */
function honoursTz(): boolean {
  const probe = Date.UTC(2020, 0, 1);
  tzHonoured ??=
    inZone('Asia/Kathmandu', () => localOffset(probe)) === 345 * 60_000 &&
    inZone('America/St_Johns', () => localOffset(probe)) === -210 * 60_000;
  return tzHonoured;
}

function localOffset(ms: number): number {
  return -new Date(ms).getTimezoneOffset() * 60_000;
}

function inZone<T>(timeZone: string, read: () => T): T {
  const saved = process.env.TZ;
  process.env.TZ = timeZone;
  try {
    return read();
  } finally {
    if (saved === undefined) delete process.env.TZ;
    else process.env.TZ = saved;
  }
}
