/** SPEC §2 and §3: edges of the contract that hold on either engine (a file's own: file-edges.test.ts). */
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { baseEnv, cli, initDb, json, spawnCli, tempDbPath, tempDir } from '../helpers/cli.js';
import { inTerminal } from '../helpers/terminal.js';

describe('communities', () => {
  it('init creates the first community only; more come from community add', async () => {
    const { env } = await initDb();
    expect(await cli(['init', '--community', '红枫'], env)).toEqual({
      code: 1,
      stdout: '',
      stderr: 'hongwu: 数据库已有社区：蓝色港湾；init 不会再建新社区\n  要新增社区请用 hongwu community add 红枫\n',
    });
    expect((await cli(['init', '--community', '蓝色港湾'], env)).code).toBe(0);
    expect((await cli(['init'], env)).code).toBe(0);
    expect(json(await cli(['community', 'list', '--json'], env))).toHaveLength(1);
  });

  it('keeps "all" for the roll-up', async () => {
    const { env } = await initDb();
    for (const args of [
      ['community', 'add', 'all'],
      ['community', 'add', '红枫', '--code', 'ALL'],
    ]) {
      const r = await cli(args, env);
      expect(r.code).toBe(2);
      expect(r.stderr.split('\n')[0]).toBe('hongwu: “all”留作全部社区的汇总，不能用作社区名称或代码');
    }
  });

  it('takes an empty HONGWU_DB for none: the default database', async () => {
    const home = tempDir();
    const r = await cli(['list'], { HOME: home, HONGWU_DB: '' });
    expect(r.code).toBe(3);
    expect(r.stderr.split('\n')[0]).toBe(
      `hongwu: 找不到数据库 ${path.join(home, '.local', 'share', 'hongwu', 'hongwu.db')}`,
    );
  });
});

describe('messages', () => {
  it('names a repeated flag, not the position of its value', async () => {
    const { env } = await initDb();
    const r = await cli(['resident', 'add', '王五', '--tag', 'elderly', '--tag', 'wizard'], env);
    expect(r.code).toBe(2);
    expect(r.stderr.split('\n')[0]).toMatch(/^hongwu: --tag：不认识的值“wizard”/);
  });
});

describe('points backdated', () => {
  it('refuses a redemption dated before the points that would pay for it', async () => {
    const { env } = await initDb();
    await cli(['resident', 'add', '周'], env);
    await cli(['points', 'item', 'add', '皂', '--cost', '10'], env);
    await cli(['points', 'earn', '周', '10', '--reason', 'patrol'], env);
    const r = await cli(['points', 'redeem', '周', '皂', '--at', '2026-10-01'], env);
    expect(r).toEqual({
      code: 1,
      stdout: '',
      stderr:
        'hongwu: 周 @ 2026-10-01 00:00 只有 0 积分；1 × 皂 需要 10\n  未兑换；可用 hongwu points balance 和 hongwu points item ' +
        'list 查看\n',
    });
    // Points earned earlier may be spent on an earlier date, as long as no later moment goes negative.
    await cli(['points', 'earn', '周', '10', '--reason', 'patrol', '--at', '2026-09-01'], env);
    expect((await cli(['points', 'redeem', '周', '皂', '--at', '2026-10-01'], env)).code).toBe(0);
    expect((await cli(['points', 'redeem', '周', '皂', '--at', '2026-10-02'], env)).code).toBe(1);
    expect(json(await cli(['points', 'balance', '周', '--json'], env))).toEqual({ resident: '周', balance: 10 });
  });
});

describe('init at a terminal', () => {
  it("asks for the first community's name instead of making a 默认社区", async () => {
    const db = tempDbPath();
    const r = inTerminal(['init'], baseEnv(db), [{ expect: '社区名称', send: '红枫社区\r' }]);
    expect(r.code).toBe(0);
    expect(r.output).toContain('已创建社区「红枫社区」');
    expect(r.output).toContain('+ 队伍 红枫社区党组织');
    // HONGWU_COMMUNITY (often another file's code, left set in the shell) is offered, not taken.
    const third = tempDbPath();
    const offered = inTerminal(['init'], baseEnv(third, { HONGWU_COMMUNITY: 'lsgw' }), [
      { expect: '社区名称', send: '思唐花园\r' },
    ]);
    expect(offered.code).toBe(0);
    expect(offered.output).toContain('(lsgw)');
    expect(offered.output).toContain('已创建社区「思唐花园」');
    // Without a terminal it still takes the default, as cron and scripts expect.
    const other = tempDbPath();
    expect((await cli(['init'], baseEnv(other))).stdout).toContain('已创建社区「默认社区」');
  });
});

describe('--csv', () => {
  it('is refused, before anything is done, by commands that print no rows', async () => {
    const { env } = await initDb();
    expect(await cli(['intake', '路灯', '--channel', 'phone', '--category', 'repair', '--csv'], env)).toEqual({
      code: 2,
      stdout: '',
      stderr: 'hongwu: --csv 只用于列表和报表\n  这条命令可用 --json\n',
    });
    expect(json(await cli(['list', '--status', 'all', '--json'], env))).toEqual([]);
    await cli(['intake', '路灯', '--channel', 'phone', '--category', 'repair'], env);
    expect((await cli(['show', '202611-0001', '--csv'], env)).code).toBe(2);
    // Listings and the report keep it.
    for (const args of [
      ['list'],
      ['team', 'list'],
      ['resident', 'list'],
      ['community', 'list'],
      ['meeting', 'list'],
      ['points', 'item', 'list'],
      ['points', 'balance'],
      ['points', 'ledger'],
      ['report', '--month', '2026-10'],
    ]) {
      const r = await cli([...args, '--csv'], env);
      expect([args.join(' '), r.code]).toEqual([args.join(' '), 0]);
    }
  });
});
