import { describe, expect, it } from 'vitest';
import { cli, initDb, json, spawnCli } from '../helpers/cli.js';

/** SPEC §12: codes, teams and items named by a part of what the clerk remembers. */
describe('a part of a label or a name', () => {
  it('takes a unique part of a code label, and lists the candidates of an ambiguous one (exit 2)', async () => {
    const { env } = await initDb();
    const intake = spawnCli(['intake', '楼道灯坏了', '--channel', '网格员', '--category', '维修', '--json'], env);
    expect(intake.stderr).toBe('');
    expect(json(intake)).toMatchObject({ channel: 'grid', category: 'repair' });
    // The whole label and the code still work, and a whole label wins over a part of another.
    expect(
      json(spawnCli(['intake', '停车难', '--channel', '电话', '--category', 'parking', '--json'], env)),
    ).toMatchObject({ channel: 'phone' });

    const ambiguous = spawnCli(['intake', '路灯不亮', '--channel', 'phone', '--category', '防'], env);
    expect(ambiguous.code).toBe(2);
    expect(ambiguous.stdout).toBe('');
    expect(ambiguous.stderr).toContain(
      '--category：“防”可指 2 个值：security（安防）、fire_safety（消防），请写得更完整',
    );
    const en = spawnCli(['intake', '路灯不亮', '--channel', '上', '--category', 'repair', '--lang', 'en'], env);
    expect(en.code).toBe(2);
    expect(en.stderr).toContain(
      '--channel: "上" could be 2 values: online (线上平台), grid (网格员/楼长上报); write more of it',
    );
    const unknown = spawnCli(['intake', '路灯不亮', '--channel', '微信', '--category', 'repair'], env);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain('--channel：不认识的值“微信”，可用：walk_in（窗口来访）');
    expect(json(await cli(['list', '--json'], env))).toHaveLength(2); // nothing written by the refused ones
  });

  it(
    'takes a unique part of a team or item name, saying which ' + 'on stderr; ambiguous is exit 1, unknown suggests',
    async () => {
      const { env } = await initDb(); // init made 蓝色港湾社区党组织 #1, …业主委员会 #2, …物业服务企业 #3
      await cli(['team', 'add', '幸福里志愿服务队', '--kind', 'volunteer'], env);
      await cli(['team', 'add', '幸福里党员先锋队', '--kind', 'party_vanguard'], env);
      await cli(['intake', '电梯异响', '--channel', 'phone', '--category', 'repair'], env);

      const assign = spawnCli(['assign', '202611-0001', '--to', '物业', '--json'], env);
      expect(assign.code).toBe(0);
      expect(assign.stderr).toContain('按“物业”选中：蓝色港湾物业服务企业 #3\n');
      expect(json(assign)).toMatchObject({ assignee: '蓝色港湾物业服务企业' });

      await cli(['resident', 'add', '张伟'], env);
      const earn = spawnCli(
        [
          'points',
          'activity',
          '周六夜间巡逻',
          '--team',
          '志愿服务',
          '--reason',
          'patrol',
          '--points',
          '10',
          '--participants',
          '张伟',
          '--lang',
          'en',
        ],
        env,
      );
      expect(earn.code).toBe(0);
      expect(earn.stderr).toContain('taken for "志愿服务": 幸福里志愿服务队 #4\n');

      const ambiguous = spawnCli(['team', 'show', '幸福里'], env);
      expect(ambiguous.code).toBe(1);
      expect(ambiguous.stderr).toContain('“幸福里”对应 2 个队伍：幸福里志愿服务队 (#4); 幸福里党员先锋队 (#5)');

      const unknown = spawnCli(['team', 'show', '志愿队'], env);
      expect(unknown.code).toBe(1);
      expect(unknown.stderr).toContain('没有队伍“志愿队”');
      expect(unknown.stderr).toContain('是不是：幸福里志愿服务队 (#4)？');

      const exact = spawnCli(['team', 'show', '幸福里志愿服务队', '--json'], env);
      expect(exact.stderr).toBe('');
      expect(json(exact)).toMatchObject({ id: 4 });

      await cli(['points', 'item', 'add', '五常大米 5kg', '--cost', '50', '--stock', '3'], env);
      await cli(['points', 'item', 'add', '金龙鱼食用油', '--cost', '40'], env);
      const restock = spawnCli(['points', 'item', 'restock', '大米', '2'], env);
      expect(restock.code).toBe(0);
      expect(restock.stderr).toContain('按“大米”选中：五常大米 5kg #1');
    },
  );
});
