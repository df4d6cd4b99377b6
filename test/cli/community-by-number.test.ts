import { describe, expect, it } from 'vitest';
import { cli, initDb, json, spawnCli } from '../helpers/cli.js';
import { DOWN, ENTER, inTerminal } from '../helpers/terminal.js';

/** SPEC §12: in a file of several communities, a demand number names its own. */
describe('several communities in one file', () => {
  it('says on adding a second community that commands now need one named', async () => {
    const { env } = await initDb();
    const added = spawnCli(['community', 'add', '思唐花园', '--code', 'stg'], env);
    expect(added.code).toBe(0);
    expect(added.stdout).toContain('已添加社区「思唐花园」（代码 stg）');
    expect(added.stderr).toContain(
      '文件里现在有 2 个社区：此后的命令需用 --community <代码|名称> 或环境变量 HONGWU_COMMUNITY 指明社区',
    );
    const en = spawnCli(['community', 'add', '乌江明珠', '--code', 'wjmz', '--lang', 'en', '--json'], env);
    expect(json(en)).toMatchObject({ code: 'wjmz' });
    expect(en.stderr).toContain(
      'the file now holds 3 communities: commands now need --community <code|name> or env HONGWU_COMMUNITY',
    );
  });

  it(
    'finds the community of a demand by its number for show, ' + 'assign, resolve, rate, cancel, pause and resume',
    async () => {
      const { env } = await initDb();
      await cli(['community', 'add', '思唐花园', '--code', 'stg'], env);
      await cli(['community', 'add', '乌江明珠', '--code', 'wjmz'], env);
      const intake = (community: string, summary: string) =>
        json(
          spawnCli(
            ['intake', summary, '--channel', 'phone', '--category', 'repair', '--community', community, '--json'],
            env,
          ),
        ).number as string;
      const first = intake('lsgw', '电梯异响');
      const second = intake('stg', '路灯不亮');
      const third = intake('wjmz', '水管漏水');

      const shown = spawnCli(['show', second, '--json'], env);
      expect(shown.code).toBe(0);
      expect(json(shown)).toMatchObject({ number: second, summary: '路灯不亮' });
      expect(json(spawnCli(['show', third, '--json'], env)).summary).toBe('水管漏水');
      // The number as an input method types it (full-width) finds its community too.
      expect(
        json(
          spawnCli(
            ['show', second.replace(/\d/g, (d) => String.fromCharCode(d.charCodeAt(0) + 0xfee0)), '--json'],
            env,
          ),
        ).number,
      ).toBe(second);

      expect(json(spawnCli(['assign', second, '--to', '思唐花园物业服务企业', '--json'], env)).status).toBe('assigned');
      expect(json(spawnCli(['pause', second, '--reason', '等待配件', '--json'], env)).paused).toBe(true);
      expect(json(spawnCli(['resume', second, '--json'], env)).paused).toBe(false);
      expect(json(spawnCli(['resolve', second, '--note', '已换灯泡', '--json'], env)).status).toBe('resolved');
      expect(json(spawnCli(['rate', second, 'satisfied', '--json'], env)).status).toBe('closed');
      expect(json(spawnCli(['cancel', third, '--reason', '重复登记', '--json'], env)).status).toBe('cancelled');

      // A community named that is not the demand's still says where it belongs (exit 1).
      const elsewhere = spawnCli(['show', first, '--community', 'stg'], env);
      expect(elsewhere.code).toBe(1);
      expect(elsewhere.stderr).toContain(`思唐花园没有诉求 ${first}：它属于蓝色港湾`);
      // Without a number, and off a terminal, the community must be named as before (exit 2).
      const list = spawnCli(['list'], env);
      expect(list.code).toBe(2);
      expect(list.stderr).toContain('数据库里有 3 个社区');
      const unknown = spawnCli(['show', '202611-0099'], env);
      expect(unknown.code).toBe(2);
      expect(unknown.stderr).toContain('数据库里有 3 个社区');
    },
  );

  it('asks which community on a terminal when none is chosen', async () => {
    const { env } = await initDb();
    await cli(['community', 'add', '思唐花园', '--code', 'stg'], env);
    await cli(['intake', '路灯不亮', '--channel', 'phone', '--category', 'repair', '--community', 'stg'], env);
    const r = inTerminal(['list'], env, [{ expect: '哪个社区？', send: `${DOWN}${ENTER}` }]);
    expect(r.timeout).toBeNull();
    expect(r.code).toBe(0);
    expect(r.output).toContain('思唐花园 (stg)');
    expect(r.output).toContain('路灯不亮');
  });
});
