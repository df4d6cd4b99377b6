import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { percent } from '../../src/domain/metrics.js';
import { feeFor } from '../../src/domain/money.js';
import { baseEnv, spawnCli, tempDbPath, tempDir } from '../helpers/cli.js';

/**
 * The seed's 物业费收缴率保持在95%以上, rebuilt through the built binary from a realistic year: a
 * building's houses come in from the property company's sheet (GB18030, as WPS saves it), the
 * year is billed in January at 1.80 yuan/m²/month, a 低保 household's bill is waived, the others
 * pay through the year by cash, WeChat, Alipay and bank, one payment is typed wrong and reversed,
 * and three households still owe at the end of November.
 */
const FLOOR = [
  89.5, 89.5, 120, 120, 76.3, 76.3, 105.2, 105.2, 89.5, 120, 76.3, 105.2, 98.6, 98.6, 132.8, 132.8, 64, 64, 89.5, 120,
];
const AREAS = [...FLOOR, ...FLOOR];
const ROOMS = AREAS.map((_, i) => `5-${Math.floor(i / 10) + 1}-${(Math.floor((i % 10) / 2) + 1) * 100 + (i % 2) + 1}`);
/** Houses 0–35 pay in full; 36 is waived (低保户); 37 pays half, 38 three quarters; 39 nothing. */
const [WAIVED, HALF, MOST, NOTHING] = [36, 37, 38, 39];

/** The sheet as WPS saves it: GB18030 header (房号,面积,业主), one house a line, owners by phone. */
function gb18030Sheet(file: string): void {
  const header = Buffer.from([0xb7, 0xbf, 0xba, 0xc5, 0x2c, 0xc3, 0xe6, 0xbb, 0xfd, 0x2c, 0xd2, 0xb5, 0xd6, 0xf7]);
  const lines = ROOMS.map((room, i) => `${room},${AREAS[i]},${i < 3 ? `1380000000${i}` : ''}`);
  fs.writeFileSync(file, Buffer.concat([header, Buffer.from(`\r\n${lines.join('\r\n')}\r\n`)]));
}

describe('the seed’s collection rate above 95 %', () => {
  it('comes out of a realistic year of fees, through the binary', () => {
    const dir = tempDir();
    const db = tempDbPath();
    const at = (now: string) => baseEnv(db, { HONGWU_NOW: now });
    const run = (now: string, ...args: string[]) => {
      const r = spawnCli(args, at(now));
      expect(r.code, `${args.join(' ')}: ${r.stderr}`).toBe(0);
      return r;
    };
    run('2026-01-05T09:00', 'init', '--community', '幸福里');
    for (let i = 0; i < 3; i++) run('2026-01-05T09:00', 'resident', 'add', `业主${i}`, '--phone', `1380000000${i}`);
    const sheet = path.join(dir, '房屋台账.csv');
    gb18030Sheet(sheet);
    expect(run('2026-01-05T09:00', 'import', 'houses', sheet, '--yes').stdout).toBe(
      '已导入幸福里房屋 40 条；已有 0 条跳过\n',
    );
    // Importing the same sheet again changes nothing.
    expect(run('2026-01-05T09:10', 'import', 'houses', sheet, '--yes').stdout).toBe('40 行均已在幸福里，无需导入\n');
    run('2026-01-05T09:00', 'fee', 'rule', 'set', '--per-m2', '1.80', '--from', '2026-01-01');
    const billed = JSON.parse(run('2026-01-10T09:00', 'fee', 'bill', '--period', '2026', '--json').stdout) as {
      bills: { bill: number; house: string; amount_fen: number }[];
    };
    expect(billed.bills).toHaveLength(40);
    const fee = (i: number) => feeFor(180, Math.round(AREAS[i]! * 100), 12, 1);
    expect(billed.bills.find((b) => b.house === ROOMS[0])!.amount_fen).toBe(fee(0));

    const methods = ['cash', 'wechat', 'alipay', 'bank', '微信'];
    const yuan = (fen: number) => `${Math.floor(fen / 100)}.${String(fen % 100).padStart(2, '0')}`;
    for (let i = 0; i < WAIVED; i++) {
      const month = String((i % 11) + 1).padStart(2, '0');
      run(`2026-${month}-20T15:00`, 'fee', 'pay', ROOMS[i]!, yuan(fee(i)), '--method', methods[i % methods.length]!);
    }
    const waived = billed.bills.find((b) => b.house === ROOMS[WAIVED])!.bill;
    run('2026-03-02T10:00', 'fee', 'waive', String(waived), '--reason', '低保户');
    run('2026-06-15T10:00', 'fee', 'pay', ROOMS[HALF]!, yuan(Math.floor(fee(HALF) / 2)), '--method', 'wechat');
    run('2026-08-15T10:00', 'fee', 'pay', ROOMS[MOST]!, yuan(Math.floor((fee(MOST) * 3) / 4)), '--method', 'alipay');
    // A payment typed against the wrong house, reversed the same day.
    run('2026-07-25T10:00', 'fee', 'pay', ROOMS[NOTHING]!, '100');
    const wrong = JSON.parse(run('2026-07-25T10:05', 'fee', 'ledger', '--month', '2026-07', '--json').stdout).at(-1);
    run('2026-07-25T10:30', 'fee', 'reverse', wrong.receipt, '--reason', '房号录错');

    const report = JSON.parse(run('2026-12-01T06:00', 'report', '--month', '2026-11', '--json').stdout) as {
      rows: { metric: string; value: number | null }[];
    };
    const value = (m: string) => report.rows.find((r) => r.metric === m)!.value;
    const total = AREAS.reduce((s, _, i) => s + fee(i), 0);
    const paid =
      Array.from({ length: WAIVED }, (_, i) => fee(i)).reduce((s, x) => s + x, 0) +
      Math.floor(fee(HALF) / 2) +
      Math.floor((fee(MOST) * 3) / 4);
    const rate = percent(paid, total - fee(WAIVED));
    expect(value('fee_collection_rate')).toBe(rate);
    expect(rate).toBeGreaterThanOrEqual(95);
    expect(rate).toBeLessThan(96);
    expect(value('households_in_arrears')).toBe(3);
    expect(value('fees_billed')).toBe(0);
    // November's payments: the houses that pay in the 11th month (i % 11 = 10).
    expect(value('fees_collected')).toBe(fee(10) + fee(21) + fee(32));

    const md = run('2026-12-01T06:00', 'report', '--month', '2026-11', '--format', 'md').stdout;
    expect(md).toContain(`| 物业费收缴率 | ${rate!.toFixed(1)}% |`);
    const arrears = JSON.parse(run('2026-12-01T06:00', 'fee', 'arrears', '--json').stdout) as { house: string }[];
    expect(arrears.map((a) => a.house).sort()).toEqual([ROOMS[HALF], ROOMS[MOST], ROOMS[NOTHING]].sort());
    expect(spawnCli(['doctor'], at('2026-12-01T06:00')).code).toBe(0);
  }, 180_000);
});
