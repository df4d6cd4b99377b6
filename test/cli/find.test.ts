import { describe, expect, it } from 'vitest';
import { baseEnv, cli, initDb, json, spawnCli, tempDbPath } from '../helpers/cli.js';

const names = (r: { stdout: string }) =>
  (JSON.parse(r.stdout) as { residents: { name: string }[] }).residents.map((x) => x.name);
const numbers = (r: { stdout: string }) =>
  (JSON.parse(r.stdout) as { demands: { number: string }[] }).demands.map((x) => x.number);

/** SPEC §12: `hongwu find <text>`, residents and demands the way a clerk knows them. */
describe('find', () => {
  it(
    'finds residents by name, pinyin (initials, full, both readings of a surname), phone part and address in any ' +
      'form',
    async () => {
      const { env } = await initDb();
      await cli(['resident', 'add', '张三', '--phone', '13900001111', '--address', '5-1-302'], env);
      await cli(['resident', 'add', '单小明', '--phone', '13812345678', '--address', '3栋2单元501室'], env);
      await cli(['resident', 'add', '曾国强', '--address', '3-2-502', '--tag', 'elderly_alone'], env);

      const table = spawnCli(['find', 'zs'], env);
      expect(table.code).toBe(0);
      expect(table.stderr).toBe('');
      expect(table.stdout).toBe(
        '居民 (1)\n' +
          '┌────┬──────┬─────────────┬─────────┬──────┐\n' +
          '│ ID │ 居民 │ 电话        │ 住址    │ 标签 │\n' +
          '├────┼──────┼─────────────┼─────────┼──────┤\n' +
          '│ 1  │ 张三 │ 139****1111 │ 5-1-302 │      │\n' +
          '└────┴──────┴─────────────┴─────────┴──────┘\n',
      );
      expect(names(spawnCli(['find', 'zhangsan', '--json'], env))).toEqual(['张三']);
      expect(names(spawnCli(['find', 'Zhang San', '--json'], env))).toEqual(['张三']);
      // 单 and 曾 as surnames read shàn and zēng; the plain readings find them too.
      expect(names(spawnCli(['find', 'shanxiaoming', '--json'], env))).toEqual(['单小明']);
      expect(names(spawnCli(['find', 'dxm', '--json'], env))).toEqual(['单小明']);
      expect(names(spawnCli(['find', 'zgq', '--json'], env))).toEqual(['曾国强']);
      expect(names(spawnCli(['find', '小明', '--json'], env))).toEqual(['单小明']);
      // The last four digits of a phone, or any part; phones come out masked.
      const phone = spawnCli(['find', '5678', '--json'], env);
      expect(JSON.parse(phone.stdout)).toEqual({
        residents: [
          {
            id: 2,
            name: '单小明',
            phone: '138****5678',
            address: '3栋2单元501室',
            tags: [],
            created_at: expect.any(String),
          },
        ],
        demands: [],
      });
      expect(names(spawnCli(['find', '１３８１２', '--json'], env))).toEqual(['单小明']);
      // One address however it is written, never the flat next door.
      for (const written of ['3-2-501', '3栋2单元501室', '3幢2单元501', '３－２－５０１']) {
        expect(names(spawnCli(['find', written, '--json'], env))).toEqual(['单小明']);
      }
      expect(names(spawnCli(['find', '3栋2单元502', '--json'], env))).toEqual(['曾国强']);
    },
  );

  it('finds residents by pinyin typed mixed: some syllables in full, others by initial', async () => {
    const { env } = await initDb();
    await cli(['resident', 'add', '单晓明', '--phone', '13812345678'], env);
    await cli(['resident', 'add', '曾国强'], env);
    await cli(['resident', 'add', '张伟'], env);
    await cli(['resident', 'add', '张文伟'], env);
    await cli(['resident', 'add', '山西敏'], env);
    const find = (text: string) => names(spawnCli(['find', text, '--json'], env));
    // shan + x + m: 单 read as a surname; 山西敏 is shan + xi + min, so it is meant too.
    expect(find('shanxm')).toEqual(['单晓明', '山西敏']);
    expect(find('danxm')).toEqual(['单晓明']);
    expect(find('dxming')).toEqual(['单晓明']);
    expect(find('zgqiang')).toEqual(['曾国强']);
    expect(find('zengguoq')).toEqual(['曾国强']);
    // zhang + w: both 张伟 and 张文伟 begin so; zhang + w + w only the second.
    expect(find('zhangw')).toEqual(['张伟', '张文伟']);
    expect(find('zhangww')).toEqual(['张文伟']);
    // Letters in the wrong order, or a syllable no name has, find nobody.
    expect(find('xmshan')).toEqual([]);
    expect(find('shanxq')).toEqual([]);
  });

  it('finds demands by number, a part of it and summary words, newest first, in English too', async () => {
    const env = { ...(await initDb()).env, HONGWU_NOW: '2026-11-20T10:00:00+08:00' };
    await cli(
      ['intake', '3栋门口乱停车', '--channel', 'phone', '--category', 'parking', '--at', '2026-10-08 09:00'],
      env,
    );
    await cli(['intake', '楼道灯坏了', '--channel', 'phone', '--category', 'repair', '--at', '2026-11-02 09:00'], env);
    await cli(['intake', '地库乱停车堵住出口', '--channel', 'phone', '--category', 'parking'], env);

    expect(numbers(spawnCli(['find', '停车', '--json'], env))).toEqual(['202611-0002', '202610-0001']);
    expect(numbers(spawnCli(['find', '停车 地库', '--json'], env))).toEqual(['202611-0002']);
    expect(numbers(spawnCli(['find', '202611', '--json'], env))).toEqual(['202611-0002', '202611-0001']);
    expect(numbers(spawnCli(['find', '202610-0001', '--json'], env))).toEqual(['202610-0001']);
    expect(numbers(spawnCli(['find', '0001', '--json'], env))).toEqual(['202611-0001', '202610-0001']);
    const record = JSON.parse(spawnCli(['find', '灯', '--json'], env).stdout).demands[0];
    expect(record).toMatchObject({
      number: '202611-0001',
      summary: '楼道灯坏了',
      category: 'repair',
      status: 'open',
      visits: [],
    });

    const en = spawnCli(['find', '灯坏', '--lang', 'en'], env);
    expect(en.code).toBe(0);
    expect(en.stderr).toBe('');
    expect(en.stdout.split('\n')[0]).toBe('Demands (1)');
    expect(en.stdout).toContain('│ 202611-0001 │');
  });

  it('says when nothing matches (exit 0, stderr), and asks for something to find (exit 2)', async () => {
    const { env } = await initDb();
    const none = spawnCli(['find', '王五'], env);
    expect(none).toMatchObject({ code: 0, stdout: '', stderr: '没有找到与“王五”相符的居民或诉求。\n' });
    expect(spawnCli(['find', 'ww', '--lang', 'en'], env).stderr).toBe('No resident or demand matches "ww".\n');
    expect(json(spawnCli(['find', 'ww', '--json'], env))).toEqual({ residents: [], demands: [] });
    const blank = spawnCli(['find', ' '], env);
    expect(blank.code).toBe(2);
    expect(blank.stdout).toBe('');
    expect(blank.stderr).toBe(
      'hongwu: 要找什么？请给出姓名、拼音、电话、地址、编号或诉求中的字词\n  如 hongwu find zs\n',
    );
  });

  it('loads the pinyin dictionary only in commands that write residents', async () => {
    const { env } = await initDb();
    const trace = { ...env, NODE_DEBUG: 'module' };
    expect(spawnCli(['find', 'zs'], trace).stderr).not.toContain('pinyin');
    expect(spawnCli(['resident', 'add', '李四'], trace).stderr).toContain('pinyin.cjs');
  });
});
