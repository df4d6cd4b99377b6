import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { BIN, initDb, json, spawnCli } from '../helpers/cli.js';
import { contents, rows } from '../helpers/rows.js';

/** Issue 14, items 4 and 11: hostile text on the command line. */

const INJECTION = '3栋\u001b[2J\u001b]0;pwned\u0007漏水';
const count = async (db: string, table: string) =>
  (await rows<{ n: number }>(db, `SELECT count(*) AS n FROM ${table}`))[0]!.n;

describe('terminal escapes in stored text (item 4)', () => {
  it('shows control characters visibly in tables and cards, keeps them escaped in JSON', async () => {
    const { env } = await initDb();
    expect(
      spawnCli(['intake', INJECTION, '--channel', 'phone', '--category', 'repair', '--address', '5号\u009b31m楼'], env)
        .code,
    ).toBe(0);
    expect(
      spawnCli(['assign', '202611-0001', '--to', '蓝色港湾物业服务企业', '--note', '已\u001b[8m派'], env).code,
    ).toBe(0);
    for (const args of [['list'], ['show', '202611-0001'], ['list', '--lang', 'en']]) {
      const r = spawnCli(args, env);
      expect(r.code).toBe(0);
      expect(r.stdout).not.toMatch(/[\u0000-\u0009\u000b-\u001f\u007f-\u009f]/);
      expect(r.stdout).toContain('3栋␛[2J␛]0;pwned␇漏水');
    }
    expect(spawnCli(['show', '202611-0001'], env).stdout).toContain('已␛[8m派');
    expect(spawnCli(['show', '202611-0001'], env).stdout).toContain('5号\\u009b31m楼');
    // On a terminal with colour, hongwu's own colour codes stay and the stored ones are still shown.
    const coloured = spawnSync('script', ['-qec', `${process.execPath} ${BIN} show 202611-0001`, '/dev/null'], {
      env: { PATH: process.env.PATH, ...env, TERM: 'xterm', COLUMNS: '200' } as NodeJS.ProcessEnv,
      encoding: 'utf8',
    });
    expect(coloured.status).toBe(0);
    expect(coloured.stdout).toContain('\u001b[1m');
    expect(coloured.stdout).toContain('3栋␛[2J␛]0;pwned␇漏水');
    expect(coloured.stdout).not.toContain('\u001b[2J');
    expect(coloured.stdout).not.toContain('\u001b]0;');
    const stored = json(spawnCli(['show', '202611-0001', '--json'], env));
    expect(stored.summary).toBe(INJECTION);
    expect(spawnCli(['list', '--json'], env).stdout).toContain('\\u001b[2J\\u001b]0;pwned\\u0007');
  });

  it('refuses control characters in names and codes (exit 2), storing nothing', async () => {
    const { db, env } = await initDb();
    const before = await contents(db);
    const cases: [string[], string][] = [
      [
        ['resident', 'add', '张\u001b[2J三'],
        'hongwu: 居民姓名“张␛[2J三”含控制字符 ␛\n  名称和代码只能含可见字符，请重新输入\n',
      ],
      [
        ['team', 'add', '保洁\u0007队', '--kind', 'volunteer'],
        'hongwu: 队伍名称“保洁␇队”含控制字符 ␇\n  名称和代码只能含可见字符，请重新输入\n',
      ],
      [
        ['points', 'item', 'add', '大米\u009b', '--cost', '5'],
        'hongwu: 物品名称“大米\\u009b”含控制字符 \\u009b\n  名称和代码只能含可见字符，请重新输入\n',
      ],
      [
        ['community', 'add', '幸福里', '--code', 'xf\tl'],
        'hongwu: 社区代码“xf␉l”含控制字符 ␉\n  名称和代码只能含可见字符，请重新输入\n',
      ],
      [
        ['community', 'add', '幸福\u001b里'],
        'hongwu: 社区名称“幸福␛里”含控制字符 ␛\n  名称和代码只能含可见字符，请重新输入\n',
      ],
    ];
    for (const [args, stderr] of cases)
      expect({ args, ...spawnCli(args, env) }).toEqual({ args, code: 2, stdout: '', stderr });
    expect(spawnCli(['resident', 'add', '张\u001b三', '--lang', 'en'], env).stderr).toBe(
      'hongwu: the resident\'s name "张␛三" holds a control character ␛\n  names and codes hold visible ' +
        'characters only: type it again\n',
    );
    expect(await contents(db)).toBe(before);
  });
});

describe('input edges (item 11)', () => {
  it('refuses an argument that is not UTF-8', async () => {
    const { db, env } = await initDb();
    // Latin-1 bytes of "café" (0xE9 alone is no UTF-8), as a misconfigured terminal sends them: Node
    // cannot pass such bytes itself, so the shell does.
    const r = spawnSync(
      'bash',
      ['-c', 'exec "$0" "$1" intake "$(printf \'caf\\351\')" --channel phone --category repair', process.execPath, BIN],
      {
        env: { PATH: process.env.PATH, ...env } as NodeJS.ProcessEnv,
        encoding: 'utf8',
      },
    );
    expect({ code: r.status, stdout: r.stdout, stderr: r.stderr }).toEqual({
      code: 2,
      stdout: '',
      stderr:
        'hongwu: 第 2 个参数不是有效的 UTF-8 文字：caf\ufffd\n  请把终端或脚本的编码设为 UTF-8 后重试；未作任何改动\n',
    });
    expect(await count(db, 'demands')).toBe(0);
  });

  it('refuses a summary of only zero-width or invisible characters', async () => {
    const { db, env } = await initDb();
    for (const summary of ['\u200b\u200b', '\u200d\ufeff \u2060', '\u3164', '\u00ad\u200e']) {
      const r = spawnCli(['intake', summary, '--channel', 'phone', '--category', 'repair'], env);
      expect(r).toEqual({
        code: 2,
        stdout: '',
        stderr: 'hongwu: <summary>：不能为空\n  加 --help 可查看各选项的写法\n',
      });
    }
    expect(spawnCli(['resident', 'add', '\u200b'], env).code).toBe(2);
    expect(await count(db, 'demands')).toBe(0);
    expect(await count(db, 'residents')).toBe(0);
  });

  it('refuses a flag given twice, but not a repeatable one', async () => {
    const { db, env } = await initDb();
    expect(
      spawnCli(['intake', '路灯不亮', '--channel', 'phone', '--channel', 'online', '--category', 'repair'], env),
    ).toEqual({
      code: 2,
      stdout: '',
      stderr: 'hongwu: 选项 --channel 给了两次\n  每个选项只给一次，请删去多余的一个\n',
    });
    expect(
      spawnCli(
        ['intake', '路灯不亮', '--channel=phone', '--category', 'repair', '--channel=online', '--lang', 'en'],
        env,
      ).stderr,
    ).toBe('hongwu: the flag --channel is given twice\n  give each flag once: drop one of them\n');
    expect(spawnCli(['--db', 'a.db', '--db', 'b.db', 'list'], env).code).toBe(2);
    expect(await count(db, 'demands')).toBe(0);
    // A value that looks like the flag is a value; --tag may be repeated; text after -- is text.
    expect(
      spawnCli(['intake', '路灯不亮', '--channel', 'phone', '--category', 'repair', '--address', '--channel'], env)
        .code,
    ).toBe(0);
    expect(spawnCli(['resident', 'add', '张三', '--tag', 'elderly', '--tag', 'volunteer'], env).code).toBe(0);
    expect(spawnCli(['intake', '--channel', 'phone', '--category', 'repair', '--', '--channel', 'x'], env).code).toBe(
      2,
    );
  });

  it("refuses --db '' and --community '' as empty", async () => {
    const { env } = await initDb();
    expect(spawnCli(['--db', '', 'list'], env)).toEqual({
      code: 2,
      stdout: '',
      stderr: 'hongwu: --db 是空路径\n  请给数据库文件的路径，如 --db ~/hongwu.db；或去掉 --db\n',
    });
    expect(spawnCli(['list', '--community', '', '--lang', 'en'], env)).toEqual({
      code: 2,
      stdout: '',
      stderr:
        'hongwu: --community is empty\n  give a community code or name (see `hongwu community list`), or leave ' +
        '--community out\n',
    });
    expect(spawnCli(['init', '--db', ' '], env).code).toBe(2);
  });
});
