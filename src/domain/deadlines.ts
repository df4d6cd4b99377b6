import type { Tier } from './codes.js';
import { dueAfter, parseDuration, type Duration } from './durations.js';
import { endOfLocalDay, toLocal } from './time.js';
import type { WorkCalendar } from './working-days.js';

/** Local hour after which an immediate demand is due by the end of the next day (SPEC §4). */
export const IMMEDIATE_CUTOFF_HOUR = 18;
export const DEFAULT_TIMED_RESOLVE_DAYS = 7;

/**
 * How long each tier has, set per community (SPEC §9: `community set --timed-resolve 5wd …`).
 * An immediate demand without a resolve duration follows part one's same-day rule; a major one is
 * always resolved by its `--due`.
 */
export interface TierDurations {
  immediateRespond: Duration;
  immediateResolve: Duration | null;
  timedRespond: Duration;
  timedResolve: Duration;
  majorRespond: Duration;
}

export type TierSetting = keyof TierDurations;

/** The settings' keys in `community_settings` (`community set` takes each as an option of the same key). */
export const TIER_SETTINGS: readonly { key: TierSetting; setting: string }[] = [
  { key: 'immediateRespond', setting: 'immediate_respond' },
  { key: 'immediateResolve', setting: 'immediate_resolve' },
  { key: 'timedRespond', setting: 'timed_respond' },
  { key: 'timedResolve', setting: 'timed_resolve' },
  { key: 'majorRespond', setting: 'major_respond' },
];

/** Part one's tiers (SPEC §4): 2 h and the same day, 24 h and `timedResolveDays` days, 24 h and --due. */
export function defaultTiers(timedResolveDays = DEFAULT_TIMED_RESOLVE_DAYS): TierDurations {
  return {
    immediateRespond: { n: 2, unit: 'h' },
    immediateResolve: null,
    timedRespond: { n: 24, unit: 'h' },
    timedResolve: { n: timedResolveDays, unit: 'd' },
    majorRespond: { n: 24, unit: 'h' },
  };
}

/** A community's tiers: its own settings over part one's defaults. */
export function tiersFrom(settings: ReadonlyMap<string, string>, timedResolveDays: number): TierDurations {
  const tiers = defaultTiers(timedResolveDays);
  for (const { key, setting } of TIER_SETTINGS) {
    const value = settings.get(setting);
    const duration = value === undefined ? undefined : parseDuration(value);
    if (duration) tiers[key] = duration;
  }
  return tiers;
}

/** The durations a tier counts with, to know whether it needs the calendar. */
export function durationsOf(tier: Tier, tiers: TierDurations): Duration[] {
  if (tier === 'immediate')
    return tiers.immediateResolve ? [tiers.immediateRespond, tiers.immediateResolve] : [tiers.immediateRespond];
  if (tier === 'timed') return [tiers.timedRespond, tiers.timedResolve];
  return [tiers.majorRespond];
}

export interface Deadlines {
  responseDueAt: Date;
  resolveDueAt: Date;
  /** `wd` when the resolve deadline counts working days (a resume then moves it by working days). */
  resolveUnit: 'wd' | null;
}

/** A calendar with no listed day: Monday–Friday work. Enough for tiers without working days. */
export const WEEKDAYS_ONLY: WorkCalendar = { days: new Map(), knownYears: new Set() };

/**
 * Deadlines fixed at intake from the tier (简单问题即时办、复杂问题限时结、重大事项专项推), with the
 * community's durations (part one's by default):
 * - immediate: respond in 2 h; resolve by the end of the day, or of the next day when taken
 *   after 18:00 local time (18:00:00 itself is still the same day: SPEC says "after 18:00");
 * - timed: respond in 24 h; resolve 7 calendar days later, or by `due`;
 * - major: respond in 24 h; resolve by `due`, which the caller must supply.
 * A `due` given for any tier replaces the computed resolve deadline.
 */
export function deadlinesFor(
  tier: Tier,
  receivedAt: Date,
  timeZone: string,
  options: { due?: Date; tiers?: TierDurations; calendar?: WorkCalendar } = {},
): Deadlines {
  const tiers = options.tiers ?? defaultTiers();
  const calendar = options.calendar ?? WEEKDAYS_ONLY;
  const after = (duration: Duration) => dueAfter(receivedAt, duration, timeZone, calendar);
  const computed = (duration: Duration): Deadlines['resolveUnit'] =>
    options.due || duration.unit !== 'wd' ? null : 'wd';
  if (tier === 'immediate') {
    const responseDueAt = after(tiers.immediateRespond);
    if (tiers.immediateResolve) {
      return {
        responseDueAt,
        resolveDueAt: options.due ?? after(tiers.immediateResolve),
        resolveUnit: computed(tiers.immediateResolve),
      };
    }
    const local = toLocal(receivedAt, timeZone);
    const late =
      local.hour > IMMEDIATE_CUTOFF_HOUR ||
      (local.hour === IMMEDIATE_CUTOFF_HOUR && local.minute + local.second + local.ms > 0);
    return {
      responseDueAt,
      resolveDueAt: options.due ?? endOfLocalDay(receivedAt, timeZone, late ? 1 : 0),
      resolveUnit: null,
    };
  }
  if (tier === 'major') {
    if (!options.due) throw new RangeError('a major demand needs a due date');
    return { responseDueAt: after(tiers.majorRespond), resolveDueAt: options.due, resolveUnit: null };
  }
  return {
    responseDueAt: after(tiers.timedRespond),
    resolveDueAt: options.due ?? after(tiers.timedResolve),
    resolveUnit: computed(tiers.timedResolve),
  };
}
