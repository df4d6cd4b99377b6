import { bi, usageAbout } from './errors.js';
import { halfWidth } from './half-width.js';
import { addMonths } from './time.js';

/**
 * A billing period (账期) of property fees: a year `2026`, a quarter `2026-Q4` or a month
 * `2026-11`, as whole local months, so that a bill covers `months` months from `first`.
 */
export interface FeePeriod {
  /** The normal form: `2026`, `2026-Q4`, `2026-11`. */
  code: string;
  /** First month, `YYYY-MM`. */
  first: string;
  /** Last month, `YYYY-MM`. */
  last: string;
  months: number;
}

/** How long a rule's price runs: 元/m² per month, quarter or year. */
export const RULE_PERIODS = { month: 1, quarter: 3, year: 12 } as const;
export type RulePeriod = keyof typeof RULE_PERIODS;

export function parseFeePeriod(input: string): FeePeriod {
  const text = halfWidth(input)
    .trim()
    .toUpperCase()
    .replace(/\u5e74$/, '')
    .replace(/\s+/g, '');
  let m: RegExpExecArray | null;
  if ((m = /^(\d{4})$/.exec(text))) return period(m[1]!, `${m[1]}-01`, 12);
  if ((m = /^(\d{4})(?:-|\u5e74)?(?:Q|\u7b2c)([1-4])(?:\u5b63\u5ea6?)?$/.exec(text))) {
    return period(`${m[1]}-Q${m[2]}`, `${m[1]}-${String((Number(m[2]) - 1) * 3 + 1).padStart(2, '0')}`, 3);
  }
  if ((m = /^(\d{4})(?:-|\u5e74)(\d{1,2})\u6708?$/.exec(text)) && Number(m[2]) >= 1 && Number(m[2]) <= 12) {
    const month = `${m[1]}-${m[2]!.padStart(2, '0')}`;
    return period(month, month, 1);
  }
  throw usageAbout('period', (name) => ({
    text: bi(`${name.zh}：“${input}”不是账期`, `${name.en}: "${input}" is not a billing period`),
    hint: bi('请写年 2026、季度 2026-Q4 或月 2026-11', 'write a year 2026, a quarter 2026-Q4 or a month 2026-11'),
  }));
}

function period(code: string, first: string, months: number): FeePeriod {
  return { code, first, last: addMonths(first, months - 1), months };
}

/** Whether two periods share a month (a house is billed for each month once). */
export const overlaps = (a: Pick<FeePeriod, 'first' | 'last'>, b: Pick<FeePeriod, 'first' | 'last'>): boolean =>
  a.first <= b.last && b.first <= a.last;

/**
 * A payment spread over what a house owes, oldest bill first: how much goes to each bill, and
 * what is left over (paid in advance, 预交).
 */
export function allocate<B extends { id: number; outstanding: number }>(
  amount: number,
  bills: readonly B[],
): { allocations: { bill: B; amount: number }[]; left: number } {
  const allocations: { bill: B; amount: number }[] = [];
  let left = amount;
  for (const bill of bills) {
    if (left === 0) break;
    const share = Math.min(left, bill.outstanding);
    if (share <= 0) continue;
    allocations.push({ bill, amount: share });
    left -= share;
  }
  return { allocations, left };
}
