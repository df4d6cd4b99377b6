import { bi, fieldError, zhWord, type Bilingual, type AboutField, type UsageError } from './errors.js';
import { formatSeconds } from './time.js';

/**
 * When an event happened: the `at` given, or now. Paper slips are typed in later, so `--at` may lie in the
 * past, never in the future (SPEC §2).
 */
export function happenedAt(at: Date | undefined, now: Date, timeZone: string): Date {
  if (at && at > now) {
    const atText = formatSeconds(at, timeZone);
    const nowText = formatSeconds(now, timeZone);
    throw fieldError(
      'at',
      bi(`${atText} 是将来的时间（现在 ${nowText}）`, `${atText} is in the future (now ${nowText})`),
      bi('只能登记已经发生的事', 'record what already happened'),
    );
  }
  return at ?? now;
}

/**
 * An `at` earlier than what the event must follow (the intake, the step before, the entry reversed):
 * exit 2, naming both times to the second (one minute may hold both).
 */
export function atBefore(at: Date, what: Bilingual, limit: Date, timeZone: string): UsageError & AboutField {
  const atText = formatSeconds(at, timeZone);
  const limitText = formatSeconds(limit, timeZone);
  return fieldError(
    'at',
    bi(`${atText} 早于${what.zh}（${limitText}）`, `${atText} is before ${what.en} (${limitText})`),
    (name) => bi(`请给一个更晚的${zhWord(name.zh).trimEnd()}`, `give a later ${name.noun}`),
  );
}
