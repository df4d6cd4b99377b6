import { describe, expect, it } from 'vitest';
import { cli, initDb, json, spawnCli } from '../helpers/cli.js';

/** SPEC §12: months and command words as a Chinese clerk writes them. */
describe('months and command words typed in Chinese', () => {
  it('reads --month as 2026-11, 2026年11月, 11月 (this year) and with full-width digits', async () => {
    const { env } = await initDb(); // the clock: 2026-11-26
    const intake = async (summary: string, ...at: string[]) =>
      json(await cli(['intake', summary, '--channel', 'phone', '--category', 'repair', ...at, '--json'], env))
        .number as string;
    const october = await intake('电梯异响', '--at', '2026-10-20 09:00');
    const november = await intake('路灯不亮');
    const numbers = (month: string) =>
      json<{ number: string }[]>(spawnCli(['list', '--status', 'all', '--month', month, '--json'], env)).map(
        (d) => d.number,
      );
    expect(numbers('2026-10')).toEqual([october]);
    expect(numbers('2026-11')).toEqual([november]);
    expect(numbers('2026年11月')).toEqual([november]);
    expect(numbers('11月')).toEqual([november]);
    expect(numbers('１０月')).toEqual([october]);
    expect(numbers('２０２６年１０月')).toEqual([october]);
    const report = spawnCli(['report', '--month', '10月', '--json'], env);
    expect(json(report).month).toBe('2026-10');
    const ledger = spawnCli(['points', 'ledger', '--month', '2026年11月', '--json'], env);
    expect(ledger.code).toBe(0);

    const bad = spawnCli(['list', '--month', '13月'], env);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('--month：“13月”不是月份，应形如 2026-11、2026年11月 或 11月');
    const badReport = spawnCli(['report', '--month', '2026年13月', '--lang', 'en'], env);
    expect(badReport.code).toBe(2);
    expect(badReport.stderr).toContain('--month: "2026年13月" is not a month');
  });

  it('suggests the command a Chinese word names (受理 → intake), in either language', async () => {
    const { env } = await initDb();
    const intake = spawnCli(['受理'], env);
    expect(intake.code).toBe(2);
    expect(intake.stderr).toContain('不认识的命令 受理（是不是要用 hongwu intake？）');
    expect(spawnCli(['兑换'], env).stderr).toContain('（是不是要用 hongwu points redeem？）');
    const en = spawnCli(['points', '兑换', '--lang', 'en'], env);
    expect(en.code).toBe(2);
    expect(en.stderr).toContain("unknown command '兑换' (did you mean hongwu points redeem?)");
    // A word no command has: no guess.
    const none = spawnCli(['天气'], env);
    expect(none.code).toBe(2);
    expect(none.stderr).toContain('不认识的命令 天气\n');
  });
});
