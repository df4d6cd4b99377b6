import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { pointsFixture, snapshot } from '../points/fixture.js';
import { initDb, json, spawnCli, tempDir } from '../helpers/cli.js';
import { onPostgres } from '../helpers/pg-databases.js';
import { contents, rows } from '../helpers/rows.js';

/** Issue 14, items 3, 5 and 6: values from the command line that were stored wrongly or replaced what they should not.
 * */

const demands = async (db: string) => (await rows<{ n: number }>(db, 'SELECT count(*) AS n FROM demands'))[0]!.n;

describe('dates are years 2000–2099, offsets within ±14:00 (item 5)', () => {
  it('refuses --at outside the range, naming the range, and stores nothing', async () => {
    const { db, env } = await initDb();
    const intake = (...at: string[]) =>
      spawnCli(['intake', '路灯不亮', '--channel', 'phone', '--category', 'repair', ...at], env);
    for (const at of ['0050-06-15', '0100-01-01', '1900-01-01', '1999-12-31']) {
      const r = intake('--at', at);
      expect({ at, code: r.code, stderr: r.stderr }).toEqual({
        at,
        code: 2,
        stderr: `hongwu: --at：年份 ${at.slice(0, 4)} 超出范围，须在 2000 到 2099 之间\n  例如 2026-11-26\n`,
      });
    }
    expect(intake('--at', '2026-11-26T10:00+99:99', '--lang', 'en')).toEqual({
      code: 2,
      stdout: '',
      stderr: 'hongwu: --at: the offset +99:99 is out of range: use -14:00 to +14:00\n  e.g. 2026-11-26\n',
    });
    expect(intake('--at', '2026-11-26T10:00+14:30').code).toBe(2);
    expect(intake('--due', '2100-01-01').stderr).toContain('年份 2100 超出范围，须在 2000 到 2099 之间');
    expect(intake('--due', '10000-01-01').stderr).toContain('年份 10000 超出范围');
    expect(await demands(db)).toBe(0);
    // The edges themselves are accepted: −14:00 and +14:00, and a date in the year 2000.
    expect(intake('--at', '2026-11-25T00:00-14:00').code).toBe(0);
    expect(intake('--at', '2026-11-26T02:00+14:00').code).toBe(0);
    expect(
      json(
        spawnCli(['intake', '旧事', '--channel', 'phone', '--category', 'repair', '--at', '2000-01-01', '--json'], env),
      ).number,
    ).toBe('200001-0001');
  });

  it('refuses HONGWU_NOW and --month outside the range', async () => {
    const { env } = await initDb();
    expect(spawnCli(['list'], { ...env, HONGWU_NOW: '0050-01-01' })).toEqual({
      code: 2,
      stdout: '',
      stderr: 'hongwu: HONGWU_NOW：年份 0050 超出范围，须在 2000 到 2099 之间\n  例如 2026-11-26T09:30:00+08:00\n',
    });
    expect(spawnCli(['list'], { ...env, HONGWU_NOW: '2026-11-26T10:00:00+15:00' }).code).toBe(2);
    const report = spawnCli(['report', '--month', '1999-12', '--lang', 'en'], env);
    expect(report).toEqual({
      code: 2,
      stdout: '',
      stderr: 'hongwu: --month: the year 1999 is out of range: use 2000 to 2099\n  e.g. 2026-10\n',
    });
    expect(spawnCli(['list', '--month', '0050-01'], env).stderr).toContain('年份 0050 超出范围');
  });
});

describe('points, costs, stock and quantities are whole numbers 1…100,000 (item 6)', () => {
  it('refuses a number past the ceiling (2^53 − 1 among them) with exit 2 and records nothing', async () => {
    const { db, env } = await pointsFixture();
    const before = await snapshot(db);
    const file = await contents(db);
    const cases: [string[], string][] = [
      [
        ['points', 'item', 'restock', '大米', '9007199254740991'],
        '数量须为 1 到 100000 的整数（收到 9007199254740991）',
      ],
      [['points', 'earn', '李四', '100001', '--reason', 'patrol'], '积分须为 1 到 100000 的整数（收到 100001）'],
      [
        [
          'points',
          'activity',
          '巡逻',
          '--team',
          '平安志愿队',
          '--reason',
          'patrol',
          '--points',
          '9007199254740991',
          '--participants',
          '李四',
        ],
        '积分须为 1 到 100000 的整数',
      ],
      [['points', 'item', 'add', '金条', '--cost', '100001'], '所需积分须为 1 到 100000 的整数'],
      [['points', 'item', 'add', '金条', '--cost', '5', '--stock', '100001'], '库存须为 0 到 100000 的整数'],
      [['points', 'redeem', '李四', '理发', '--qty', '100001'], '数量须为 1 到 100000 的整数'],
      [['care', '王五', '--by', '李四', '--points', '100001'], '积分须为 1 到 100000 的整数'],
    ];
    for (const [args, message] of cases) {
      const r = spawnCli(args, env);
      expect({ args, code: r.code }).toEqual({ args, code: 2 });
      expect(r.stderr).toMatch(new RegExp(`^hongwu: ${message.replace(/[()（）]/g, '.')}.*\n  未作任何记录\n$`));
    }
    expect(spawnCli(['points', 'earn', '李四', '100001', '--reason', 'patrol', '--lang', 'en'], env).stderr).toBe(
      'hongwu: points must be a whole number from 1 to 100000 (got 100001)\n  nothing was recorded\n',
    );
    expect(await snapshot(db)).toEqual(before);
    expect(await contents(db)).toBe(file);
    // The ceiling itself is a valid entry, and sums of such entries stay exact.
    expect(spawnCli(['points', 'item', 'restock', '大米', '100000'], env).code).toBe(0);
    expect(spawnCli(['points', 'earn', '李四', '100000', '--reason', 'patrol'], env).code).toBe(0);
    expect((await snapshot(db)).stock['大米']).toBe(100_002);
  });

  it("reads the ceiling from the community's max_points setting", async () => {
    const { db, env } = await pointsFixture();
    await rows(db, "INSERT INTO community_settings (community_id, key, value) VALUES (1, 'max_points', '500000')");
    expect(spawnCli(['points', 'earn', '李四', '500000', '--reason', 'patrol'], env).code).toBe(0);
    expect(spawnCli(['points', 'earn', '李四', '500001', '--reason', 'patrol'], env).stderr).toContain(
      '积分须为 1 到 500000 的整数',
    );
  });
});

describe('report --out and backup replace regular files only (item 3)', () => {
  it('refuses a FIFO, a device and a folder link target with exit 2, leaving them as they were', async () => {
    const { db, env } = await initDb();
    const dir = tempDir('hongwu-targets-');
    const fifo = path.join(dir, 'pipe.csv');
    // mkfifo through the shell's tool: Node has no call for it.
    expect(spawnSync('mkfifo', [fifo]).status).toBe(0);
    const report = spawnCli(['report', '--month', 'this', '--out', fifo], env);
    expect(report).toEqual({
      code: 2,
      stdout: '',
      stderr: `hongwu: ${fifo} 不是普通文件，不会被替换\n  请换一个普通文件名或文件夹\n`,
    });
    expect(fs.statSync(fifo).isFIFO()).toBe(true);
    const backup = spawnCli(['backup', fifo, '--yes', '--lang', 'en'], env);
    // A server is not backed up by hongwu at all (exit 2, naming pg_dump: test/pg/engine.test.ts).
    if (onPostgres()) expect(backup).toMatchObject({ code: 2, stdout: '' });
    else
      expect(backup).toEqual({
        code: 2,
        stdout: '',
        stderr:
          `hongwu: ${fifo} is not a regular file; it is not replaced\n  give a regular file name or a folder ` +
          `instead\n`,
      });
    expect(fs.statSync(fifo).isFIFO()).toBe(true);
    // A device, through a link to it (as root, /dev/full itself would have been replaced).
    const link = path.join(dir, 'full.md');
    fs.symlinkSync('/dev/full', link);
    expect(spawnCli(['report', '--month', 'this', '--out', link], env).code).toBe(2);
    expect(spawnCli(['backup', link, '--yes'], env).code).toBe(2);
    expect(fs.statSync('/dev/full').isCharacterDevice()).toBe(true);
    expect(fs.readdirSync(dir).sort()).toEqual(['full.md', 'pipe.csv']);
    expect(await rows(db, 'SELECT count(*) AS n FROM communities')).toEqual([{ n: 1 }]);
  });

  it('takes --out - for stdout', async () => {
    const { env } = await initDb();
    const r = spawnCli(['report', '--month', 'this', '--out', '-', '--format', 'csv'], env);
    expect(r.code).toBe(0);
    expect(r.stdout).toBe(spawnCli(['report', '--month', 'this', '--format', 'csv'], env).stdout);
    expect(fs.existsSync(path.join(process.cwd(), '-'))).toBe(false);
  });
});
