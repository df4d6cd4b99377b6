import { describe, expect, it } from 'vitest';
import { loadCommands } from '../../src/cli/commands/index.js';
import { buildProgram } from '../../src/cli/program.js';

await loadCommands();
import { spawnCli } from '../helpers/cli.js';
import { pointsFixture, snapshot } from './fixture.js';

describe("a month at the love supermarket, through the real binary's eyes", () => {
  it('keeps every balance exact through refusals and reversals', async () => {
    const { db, env, run } = await pointsFixture();
    const ok = async (...args: string[]) => expect((await run(...args)).code, args.join(' ')).toBe(0);
    const refused = async (...args: string[]) => expect((await run(...args)).code, args.join(' ')).toBe(1);

    await ok(
      'points',
      'activity',
      '11月第一次夜巡',
      '--team',
      '平安志愿队',
      '--reason',
      'patrol',
      '--points',
      '20',
      '--participants',
      '#1,#2,李四',
      '--at',
      '2026-11-02 21:00',
    );
    await ok(
      'points',
      'activity',
      '11月楼道清理',
      '--team',
      '平安志愿队',
      '--reason',
      'cleanup',
      '--points',
      '15',
      '--participants',
      '#1,王五',
      '--at',
      '2026-11-09 09:00',
    );
    await ok('points', 'earn', '李四', '10', '--reason', 'mediation', '--at', '2026-11-10');
    await refused('points', 'redeem', '王五', '大米'); // 15 < 30
    await ok('points', 'redeem', '#1', '大米'); // 35 → 5
    await refused('points', 'redeem', '李四', '大米', '--qty', '2'); // stock 1 < 2
    await ok('points', 'redeem', '李四', '大米'); // 30 → 0, stock 0
    await refused('points', 'redeem', '#2', '大米'); // out of stock
    await refused('points', 'reverse', '1', '--reason', '多记了'); // #1 spent: 5 < 20
    await ok('points', 'reverse', '2', '--reason', '张三(#2)未到场'); // #2: 20 → 0
    await refused('points', 'reverse', '2', '--reason', '再冲一次');
    await ok('points', 'reverse', '7', '--reason', '退回大米'); // #1: 5 → 35, stock 1
    await ok('points', 'reverse', '1', '--reason', '多记了'); // #1: 35 → 15
    await ok('points', 'redeem', '王五', '理发'); // 15 → 0

    const balances = spawnCli(['points', 'balance', '--json'], env);
    expect(balances.stderr).toBe('');
    expect(JSON.parse(balances.stdout)).toEqual([
      { resident: '张三', balance: 15 },
      { resident: '张三', balance: 0 },
      { resident: '李四', balance: 0 },
      { resident: '王五', balance: 0 },
    ]);
    const ledger = spawnCli(['points', 'ledger', '--month', '2026-11', '--json'], env);
    expect(ledger.code).toBe(0);
    const entries = JSON.parse(ledger.stdout) as { delta: number; reverses: number | null }[];
    expect(entries).toHaveLength(12);
    expect(entries.reduce((sum, e) => sum + e.delta, 0)).toBe(15);
    expect(entries.filter((e) => e.reverses !== null).map((e) => e.reverses)).toEqual([2, 7, 1]);
    expect(await snapshot(db)).toMatchObject({
      entries: 12,
      activities: 2,
      stock: { 大米: 1, 理发: null },
      balances: { 1: 15, 2: 0, 3: 0, 4: 0 },
    });
  });
});

describe('points help', () => {
  it('describes every points command', () => {
    const program = buildProgram(
      {
        stdout: () => undefined,
        stderr: () => undefined,
        env: {},
        cwd: '.',
        stdinIsTTY: false,
        stdoutIsTTY: false,
        stderrIsTTY: false,
      },
      'test',
    );
    const points = program.commands.find((c) => c.name() === 'points')!;
    const all = points.commands.flatMap((c) => [c, ...c.commands]);
    expect(all.map((c) => c.name()).sort()).toEqual([
      'activity',
      'add',
      'balance',
      'earn',
      'item',
      'ledger',
      'list',
      'redeem',
      'restock',
      'reverse',
    ]);
    for (const c of all) expect(c.description(), c.name()).not.toBe('');
  });
});
