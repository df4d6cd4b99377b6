import { careTags, residentTag, parseCode, type ResidentTag } from './codes.js';
import { bi, UsageError } from './errors.js';

/**
 * 关爱走访 (SPEC §10): each special group has an interval after which a resident of it is due for
 * a care visit again, counted from their last care service (or, never served, from when they
 * joined the group). A resident in several groups is due by the shortest interval.
 */
export type CareTag = (typeof careTags)[number];

export const DEFAULT_CARE_INTERVAL_DAYS: Readonly<Record<CareTag, number>> = {
  elderly_alone: 7,
  elderly: 30,
  disabled: 30,
  left_behind_child: 30,
};

export const isCareTag = (tag: ResidentTag): tag is CareTag => (careTags as readonly string[]).includes(tag);

/**
 * Reads `elderly_alone=7d` (or `独居老人=7d`): a special group and its interval in whole days.
 * Intervals are calendar days: a visit is a matter of the week, not of working days.
 */
export function parseCareInterval(text: string): { tag: CareTag; days: number } {
  const [left, right] = text.split('=');
  const tag = left === undefined ? undefined : parseCode(residentTag, left);
  const days = right === undefined ? NaN : Number(/^\s*(\d+)\s*d\s*$/i.exec(right)?.[1]);
  if (!tag || !isCareTag(tag) || !Number.isSafeInteger(days) || days < 1) {
    throw new UsageError(
      bi(`“${text}”不是特殊群体的走访间隔`, `"${text}" is no care-visit interval of a special group`),
      bi(
        `写成 <群体>=<天数>d，如 elderly_alone=7d；群体：${careTags.join('|')}`,
        `write <group>=<days>d, e.g. elderly_alone=7d; groups: ${careTags.join('|')}`,
      ),
    );
  }
  return { tag, days };
}
