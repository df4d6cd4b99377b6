import { parse } from 'csv-parse/sync';
import { beforeAll, describe, expect, it } from 'vitest';
import { cli, initDb, json } from '../helpers/cli.js';

/**
 * SPEC §13: the report CSV's `numerator,denominator,partial`. Every rate's value is its two counts'
 * ratio, rounded half-up to one decimal as the report rounds, recomputed here independently.
 */
let env: Record<string, string | undefined>;

const ok = async (args: string[], extra: Record<string, string> = {}) => {
  const r = await cli(args, { ...env, ...extra });
  if (r.code !== 0) throw new Error(`${args.join(' ')} failed: ${r.stderr}`);
  return r;
};

/** round(n / d × 100, 1), half-up, in exact decimal arithmetic (BigInt), independent of the code under test. */
function expectedRate(n: number, d: number): number {
  const sign = Math.sign(n) * Math.sign(d);
  const [a, b] = [BigInt(Math.abs(n)), BigInt(Math.abs(d))];
  const tenths = (a * 2000n + b) / (2n * b);
  return (sign * Number(tenths)) / 10 || 0;
}

beforeAll(async () => {
  ({ env } = await initDb());
  const intake = (summary: string, at: string, kind = 'request') =>
    ok(['intake', summary, '--channel', 'phone', '--category', 'repair', '--kind', kind, '--at', at]);
  // Last year: three complaints in November 2025.
  for (let i = 0; i < 3; i++) await intake(`去年投诉 ${i}`, `2025-11-0${i + 1} 10:00`, 'complaint');
  // This month: seven demands, two complaints, one dispute mediated, a spread of ratings.
  for (let i = 0; i < 7; i++)
    await intake(`诉求 ${i}`, `2026-11-0${i + 1} 09:00`, i < 2 ? 'complaint' : i === 2 ? 'dispute' : 'request');
  for (let i = 1; i <= 6; i++)
    await ok([
      'assign',
      `202611-000${i}`,
      '--to',
      '蓝色港湾物业服务企业',
      '--at',
      `2026-11-0${i} ${i % 2 ? '09:30' : '23:00'}`,
    ]);
  for (let i = 1; i <= 5; i++) {
    const outcome = i === 3 ? ['--outcome', 'mediated'] : [];
    await ok([
      'resolve',
      `202611-000${i}`,
      '--note',
      '已处理',
      ...outcome,
      '--at',
      `2026-11-${String(i + 8).padStart(2, '0')} 10:00`,
    ]);
  }
  const ratings = ['satisfied', 'basic', 'unsatisfied', 'satisfied', 'satisfied'];
  for (let i = 1; i <= 5; i++) await ok(['rate', `202611-000${i}`, ratings[i - 1]!, '--at', `2026-11-20 1${i}:00`]);
});

describe('report CSV: numerator, denominator, partial (SPEC §13)', () => {
  it('every rate row: value = round(numerator / denominator × 100, 1); counts have both empty', async () => {
    // Read in December: November is over, so no row is partial.
    const records = parse(
      (await ok(['report', '--month', '2026-11', '--csv'], { HONGWU_NOW: '2026-12-05T09:00:00+08:00' })).stdout,
      { columns: true },
    ) as Record<string, string>[];
    const rates = records.filter((r) => r.unit === 'percent');
    expect(rates.map((r) => r.metric)).toEqual([
      'response_on_time_rate',
      'resolve_on_time_rate',
      'closure_rate',
      'satisfaction_rate',
      'return_visit_rate',
      'complaints_yoy_change',
      'mediation_success_rate',
      'fee_collection_rate',
    ]);
    for (const r of rates) {
      expect(r.denominator, r.metric).toMatch(/^\d+$/);
      const [n, d] = [Number(r.numerator), Number(r.denominator)];
      expect(r.value, r.metric).toBe(d === 0 ? '' : String(expectedRate(n, d)));
    }
    for (const r of records.filter((x) => x.unit !== 'percent')) expect([r.numerator, r.denominator]).toEqual(['', '']);
    expect(new Set(records.map((r) => r.partial))).toEqual(new Set(['false']));
    const row = (metric: string) => records.find((r) => r.metric === metric && r.breakdown === '')!;
    // 4 of the 5 last ratings are satisfied or basic; 2 complaints against last year's 3: −33.3 %.
    expect([
      row('satisfaction_rate').numerator,
      row('satisfaction_rate').denominator,
      row('satisfaction_rate').value,
    ]).toEqual(['4', '5', '80']);
    expect([
      row('complaints_yoy_change').numerator,
      row('complaints_yoy_change').denominator,
      row('complaints_yoy_change').value,
    ]).toEqual(['-1', '3', '-33.3']);
    // Five resolved, one of them reopened by its unsatisfied rating: 4 of the 7 closed.
    expect([row('closure_rate').numerator, row('closure_rate').denominator]).toEqual(['4', '7']);
  });

  it('--month this marks every row partial; JSON rows carry the same counts', async () => {
    const records = parse((await ok(['report', '--month', 'this', '--csv'])).stdout, { columns: true }) as Record<
      string,
      string
    >[];
    expect(new Set(records.map((r) => r.partial))).toEqual(new Set(['true']));
    const report = json(await cli(['report', '--month', '2026-11', '--json'], env));
    const satisfaction = report.rows.find((r: { metric: string }) => r.metric === 'satisfaction_rate');
    expect(satisfaction).toEqual({
      metric: 'satisfaction_rate',
      breakdown: null,
      value: 80,
      unit: 'percent',
      label: '满意率',
      numerator: 4,
      denominator: 5,
    });
    expect(report.rows.find((r: { metric: string }) => r.metric === 'complaints')).toMatchObject({
      value: 2,
      numerator: null,
      denominator: null,
    });
  });
});
