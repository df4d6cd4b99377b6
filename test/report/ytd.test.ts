import { describe, expect, it } from 'vitest';
import { cli, initDb } from '../helpers/cli.js';

/** The Markdown's year-to-date column compares with last year only where the records cover it. */
describe('year to date against a year the records do not cover', () => {
  const complaint = (at: string, community: string) => [
    '--community',
    community,
    'intake',
    '物业乱收费',
    '--channel',
    'phone',
    '--category',
    'fee',
    '--kind',
    'complaint',
    '--at',
    at,
  ];

  it('leaves last year and the change empty, for one community and for the roll-up', async () => {
    const { env } = await initDb();
    await cli(['community', 'add', '红枫', '--code', 'hf'], env);
    for (const at of ['2025-03-05', '2025-10-05', '2026-03-05', '2026-10-05']) await cli(complaint(at, 'lsgw'), env);
    await cli(complaint('2026-10-06', 'hf'), env);
    const md = async (community: string) =>
      (await cli(['--community', community, 'report', '--month', '2026-10', '--format', 'md'], env)).stdout;
    // 蓝色港湾 records since March 2025: last year's January and February are not covered.
    const lsgw = await md('lsgw');
    expect(lsgw).toContain('| 去年同期投诉量 | 1 | — |');
    expect(lsgw).toContain('| 投诉量同比变化 | 同比持平 | — |');
    expect(lsgw).toContain('说明：记录自 2025-03-05 开始');
    // The roll-up is complete only once every community records: 红枫 began in October 2026.
    const all = await md('all');
    expect(all).toContain('| 投诉量同比变化 | 同比上升 100.0% | — |');
    expect(all).toContain('说明：记录自 2026-10-06 开始');
  });

  it('compares when the records began before last year', async () => {
    const { env } = await initDb();
    for (const at of ['2024-12-20', '2025-10-05', '2026-03-05', '2026-10-05']) await cli(complaint(at, 'lsgw'), env);
    const md = (await cli(['report', '--month', '2026-10', '--format', 'md'], env)).stdout;
    expect(md).toContain('| 投诉量同比变化 | 同比持平 | 同比上升 100.0% |');
    expect(md).not.toContain('说明：记录自');
  });
});
