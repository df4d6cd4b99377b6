import type { Tier } from './codes.js';
import { addLocalDays, endOfLocalDay, toLocal } from './time.js';

const HOUR = 3600_000;

/** Local hour after which an immediate demand is due by the end of the next day (SPEC §4). */
export const IMMEDIATE_CUTOFF_HOUR = 18;
export const DEFAULT_TIMED_RESOLVE_DAYS = 7;

export interface Deadlines {
  responseDueAt: Date;
  resolveDueAt: Date;
}

/**
 * Deadlines fixed at intake from the tier (简单问题即时办、复杂问题限时结、重大事项专项推):
 * - immediate: respond in 2 h; resolve by the end of the day, or of the next day when taken
 *   after 18:00 local time (18:00:00 itself is still the same day: SPEC says "after 18:00");
 * - timed: respond in 24 h; resolve `timedResolveDays` calendar days later, or by `due`;
 * - major: respond in 24 h; resolve by `due`, which the caller must supply.
 * A `due` given for any tier replaces the computed resolve deadline.
 */
export function deadlinesFor(
  tier: Tier,
  receivedAt: Date,
  timeZone: string,
  options: { due?: Date; timedResolveDays?: number } = {},
): Deadlines {
  if (tier === 'immediate') {
    const local = toLocal(receivedAt, timeZone);
    const late = local.hour > IMMEDIATE_CUTOFF_HOUR || (local.hour === IMMEDIATE_CUTOFF_HOUR && local.minute + local.second + local.ms > 0);
    return {
      responseDueAt: new Date(receivedAt.getTime() + 2 * HOUR),
      resolveDueAt: options.due ?? endOfLocalDay(receivedAt, timeZone, late ? 1 : 0),
    };
  }
  const responseDueAt = new Date(receivedAt.getTime() + 24 * HOUR);
  if (tier === 'major') {
    if (!options.due) throw new RangeError('a major demand needs a due date');
    return { responseDueAt, resolveDueAt: options.due };
  }
  const days = options.timedResolveDays ?? DEFAULT_TIMED_RESOLVE_DAYS;
  return { responseDueAt, resolveDueAt: options.due ?? addLocalDays(receivedAt, timeZone, days) };
}
