import { describe, expect, it } from 'vitest';
import { cli, initDb, json } from '../helpers/cli.js';
import { rows } from '../helpers/rows.js';

const FULL = ['13812345678', '13987654321'];

describe("residents' phone numbers", () => {
  it('appear in full only in `resident show`; every listing and export masks them', async () => {
    const { env } = await initDb();
    await cli(['resident', 'add', '张三', '--phone', '13812345678', '--tag', 'elderly_alone'], env);
    await cli(['intake', '路灯不亮', '--channel', 'phone', '--category', 'repair', '--resident', '张三'], env);
    await cli(
      [
        'intake',
        '楼上漏水',
        '--channel',
        'phone',
        '--category',
        'repair',
        '--resident',
        '李四',
        '--phone',
        '139 8765 4321',
      ],
      env,
    );
    // Overdue, so that it is in the report's overdue list too.
    await cli(
      [
        'intake',
        '噪音扰民',
        '--channel',
        'walk_in',
        '--category',
        'noise',
        '--phone',
        '13987654321',
        '--tier',
        'immediate',
        '--at',
        '2026-11-02 09:00',
      ],
      env,
    );
    const seen: string[] = [];
    const runs = [
      ['intake', '电梯故障', '--channel', 'phone', '--category', 'repair', '--resident', '张三', '--json'],
      ['assign', '202611-0001', '--to', '蓝色港湾物业服务企业', '--json'],
      ['assign', '202611-0002', '--to', '蓝色港湾物业服务企业'],
      ['resolve', '202611-0001', '--note', '已更换灯泡'],
      ['list', '--status', 'all'],
      ['list', '--status', 'all', '--json'],
      ['list', '--status', 'all', '--csv'],
      ['show', '202611-0001'],
      ['show', '202611-0002', '--json'],
      ['show', '202611-0003', '--lang', 'en'],
      ['resident', 'list'],
      ['resident', 'list', '--json'],
      ['resident', 'list', '--csv'],
      ['resident', 'tag', '张三', 'party_member', '--json'],
      ['team', 'show', '蓝色港湾物业服务企业'],
      ['doctor', '--json'],
      ['report', '--month', 'this', '--format', 'md'],
      ['report', '--month', 'this', '--format', 'csv'],
      ['report', '--month', 'this', '--json'],
    ];
    for (const args of runs) {
      const r = await cli(args, env);
      expect({ args, code: r.code }).toEqual({ args, code: 0 });
      seen.push(r.stdout, r.stderr);
      if (args.includes('md')) expect(r.stdout).toContain('噪音扰民');
    }
    const all = seen.join('\n');
    for (const phone of FULL) expect(all).not.toContain(phone);
    expect(all).toContain('138****5678');
    expect(all).toContain('139****4321');
  });

  it('`resident show` shows the full number and records who looked, when, at whom', async () => {
    const { db, env } = await initDb();
    await cli(['resident', 'add', '张三', '--phone', '13812345678'], env);
    await cli(['resident', 'add', '王五'], env);
    const shown = await cli(['resident', 'show', '张三'], { ...env, HONGWU_OPERATOR: '前台小李' });
    expect(shown.code).toBe(0);
    expect(shown.stdout).toContain('13812345678');
    expect(json(await cli(['resident', 'show', '13812345678', '--json'], env)).phone).toBe('13812345678');
    expect((await cli(['resident', 'show', '王五'], env)).code).toBe(0);
    const log = await rows(db, 'SELECT at, operator, action, subject, note FROM audit_log ORDER BY id');
    expect(log).toEqual([
      {
        at: '2026-11-26T02:00:00.000Z',
        operator: '前台小李',
        action: 'resident.show',
        subject: 'resident:1',
        note: 'full phone number shown',
      },
      {
        at: '2026-11-26T02:00:00.000Z',
        operator: 'tester',
        action: 'resident.show',
        subject: 'resident:1',
        note: 'full phone number shown',
      },
    ]);
    // The page itself says who has seen the number, this time first.
    const again = await cli(['resident', 'show', '#1'], {
      ...env,
      HONGWU_OPERATOR: '网格员老王',
      HONGWU_NOW: '2026-11-26T11:30:00+08:00',
    });
    expect(again.stdout).toContain(
      '电话查看  共 3 次：2026-11-26 11:30 网格员老王；2026-11-26 10:00 tester；2026-11-26 10:00 前台小李\n',
    );
    const page = json(await cli(['resident', 'show', '张三', '--json', '--lang', 'en'], env));
    expect(page.phone_views.count).toBe(4);
    expect(page.phone_views.recent[0]).toEqual({ at: '2026-11-26T10:00:00+08:00', operator: 'tester' });
    // One operator's views in a row are one entry.
    expect((await cli(['resident', 'show', '张三'], env)).stdout).toContain(
      '电话查看  共 5 次：2026-11-26 10:00 tester ×2；2026-11-26 11:30 网格员老王；2026-11-26 10:00 tester；2026-11-26 10:00 前台小李\n',
    );
    for (let i = 0; i < 6; i++) await cli(['resident', 'show', '张三'], env);
    expect((await cli(['resident', 'show', '张三'], env)).stdout).toContain(
      '电话查看  共 12 次：2026-11-26 10:00 tester ×9；2026-11-26 11:30 网格员老王；2026-11-26 10:00 tester；2026-11-26 10:00 前台小李\n',
    );
    expect(json(await cli(['resident', 'show', '王五', '--json'], env)).phone_views).toBeNull();
  });
});
