import { bi, UsageError } from './errors.js';
import { step } from './next-step.js';
import { halfWidth } from './half-width.js';

/**
 * Money (物业费) in fen, the integer hundredth of a yuan, everywhere: parsed from text by string
 * arithmetic, never through a float, so that 0.1 + 0.2 yuan is 30 fen and a street's year adds up
 * to the fen. Sums beyond 2^53 fen (90 trillion yuan) would lose exactness: no community is near.
 */
export type Fen = number;

/** Fen a single amount may hold: 100 million yuan, far above any house's fees. */
const MAX_FEN = 100_000_000_00;

/**
 * `12.5`, `12.50`, `１２.５`, `¥12.50`, `12.50元`, `1,200` → fen. Refuses (exit 2, one line) a
 * negative or zero amount, more than two decimals, and anything that is no amount.
 */
export function parseYuan(input: string, what: string): Fen {
  const text = halfWidth(input)
    .trim()
    .replace(/^[\u00a5\uffe5]\s*/, '')
    .replace(/\s*\u5143$/, '')
    .replace(/,/g, '');
  const m = /^(-?)(\d*)(?:\.(\d*))?$/.exec(text);
  if (!m || (m[2] === '' && (m[3] ?? '') === '')) {
    throw new UsageError(
      bi(`${what}：“${input}”不是金额`, `${what}: "${input}" is not an amount`),
      bi('请写元，如 120 或 120.50', 'write yuan, e.g. 120 or 120.50'),
    );
  }
  const [, sign, whole, decimals = ''] = m;
  if (decimals.length > 2) {
    throw new UsageError(
      bi(
        `${what}：“${input}”超过两位小数（最小到分）`,
        `${what}: "${input}" has more than two decimals (the smallest unit is the fen)`,
      ),
      bi('请写到分，如 120.55', 'write it to the fen, e.g. 120.55'),
    );
  }
  const fen = Number(whole || '0') * 100 + Number(decimals.padEnd(2, '0'));
  if (sign === '-' || fen === 0) {
    throw new UsageError(
      bi(`${what}：金额须大于零（${input}）`, `${what}: the amount must be more than zero (${input})`),
      (s) => {
        const reverse = step('fee reverse');
        return bi(`更正已收款项请用 ${s.zh(reverse)}`, `to correct a payment use \`${s.en(reverse)}\``);
      },
    );
  }
  if (fen > MAX_FEN)
    throw new UsageError(bi(`${what}：金额过大（${input}）`, `${what}: the amount is too large (${input})`));
  return fen;
}

/** Fen as yuan with two decimals: 12050 → `120.50`, -5 → `-0.05`. */
export function formatYuan(fen: Fen): string {
  const sign = fen < 0 ? '-' : '';
  const abs = Math.abs(fen);
  return `${sign}${Math.floor(abs / 100)}.${String(abs % 100).padStart(2, '0')}`;
}

/** Area (面积) in hundredths of a square metre, parsed as money is: `89.5` → 8950. */
export function parseArea(input: string, what: string): number {
  const text = halfWidth(input)
    .trim()
    .replace(/\s*(m\u00b2|m2|\u33a1|\u5e73\u65b9\u7c73|\u5e73\u7c73|\u5e73)$/i, '');
  const m = /^(\d+)(?:\.(\d{1,2}))?$/.exec(text);
  const hundredths = m ? Number(m[1]) * 100 + Number((m[2] ?? '').padEnd(2, '0')) : 0;
  if (!m || hundredths === 0 || hundredths > 100_000_00) {
    throw new UsageError(
      bi(`${what}：“${input}”不是面积`, `${what}: "${input}" is not an area`),
      bi(
        '请写平方米，大于零、最多两位小数，如 89.5',
        'write square metres, more than zero, at most two decimals, e.g. 89.5',
      ),
    );
  }
  return hundredths;
}

/** Hundredths of a square metre as `89.50`. */
export const formatArea = (hundredths: number): string => formatYuan(hundredths);

/**
 * What a house owes for `months` of a rule priced `perM2` fen per m² per `ruleMonths`: exact in
 * integers (BigInt), rounded half-up to the fen once, at the end.
 */
export function feeFor(perM2: Fen, areaHundredths: number, months: number, ruleMonths: number): Fen {
  const numerator = BigInt(perM2) * BigInt(areaHundredths) * BigInt(months);
  const denominator = BigInt(ruleMonths) * 100n;
  return Number((2n * numerator + denominator) / (2n * denominator));
}
