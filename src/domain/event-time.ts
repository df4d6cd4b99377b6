import { bi, UsageError, type Bilingual } from './errors.js';
import { formatSeconds } from './time.js';

/**
 * When an event happened: `--at` or now. Paper slips are typed in later, so `--at` may lie in the
 * past, never in the future (SPEC §2).
 */
export function happenedAt(at: Date | undefined, now: Date, timeZone: string): Date {
  if (at && at > now) {
    const atText = formatSeconds(at, timeZone);
    const nowText = formatSeconds(now, timeZone);
    throw new UsageError(
      bi(`--at ${atText} 是将来的时间（现在 ${nowText}）`, `--at ${atText} is in the future (now ${nowText})`),
      bi('只能登记已经发生的事', 'record what already happened'),
    );
  }
  return at ?? now;
}

/**
 * `--at` earlier than what the event must follow (the intake, the step before, the entry reversed):
 * exit 2, naming both times to the second (one minute may hold both).
 */
export function atBefore(at: Date, what: Bilingual, limit: Date, timeZone: string): UsageError {
  const atText = formatSeconds(at, timeZone);
  const limitText = formatSeconds(limit, timeZone);
  return new UsageError(
    bi(`--at ${atText} 早于${what.zh}（${limitText}）`, `--at ${atText} is before ${what.en} (${limitText})`),
    bi('请给一个更晚的 --at', 'give a later --at'),
  );
}
