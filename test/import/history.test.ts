import { parse } from 'csv-parse/sync';
import { describe, expect, it } from 'vitest';
import { errorsOf, importFixture } from './helpers.js';

/**
 * `list --csv --history` (SPEC §11's exact round trip): each demand's events and return visits as
 * two compact JSON columns after part one's, and `import demands` replaying them through the rules.
 */
function busyDesk() {
  const f = importFixture({ HONGWU_NOW: '2026-11-26T10:00:00+08:00' });
  f.must('intake', '楼道灯坏了', '--channel', 'phone', '--category', 'repair', '--at', '2026-11-02 09:00');
  f.must('assign', '202611-0001', '--to', '物业', '--at', '2026-11-02 10:00');
  f.must('pause', '202611-0001', '--reason', '等配件', '--at', '2026-11-03 09:00');
  f.must('resume', '202611-0001', '--at', '2026-11-05 09:00');
  f.must('resolve', '202611-0001', '--note', '已换灯', '--at', '2026-11-06 09:00');
  f.must('rate', '202611-0001', 'unsatisfied', '--at', '2026-11-07 09:00');
  f.must('resolve', '202611-0001', '--note', '换了亮的', '--at', '2026-11-08 09:00');
  f.must('visit', '202611-0001', 'unreachable', '--at', '2026-11-09 09:00');
  f.must('rate', '202611-0001', 'satisfied', '--at', '2026-11-10 09:00');
  f.must('intake', '门口积水', '--channel', 'walk_in', '--category', 'environment', '--at', '2026-11-20 09:00');
  f.must('pause', '202611-0002', '--reason', '等雨停', '--at', '2026-11-21 09:00');
  return f;
}

const withoutTimesOfTyping = (events: { recorded_at: string; operator: string }[]) =>
  events.map(({ recorded_at: _, operator: __, ...e }) => e);

describe('list --csv --history and its import', () => {
  it('appends events and visits as JSON, and the import gives back every step exactly', () => {
    const f = busyDesk();
    const csv = f.must('list', '--status', 'all', '--csv', '--history').stdout;
    const [header, ...rows] = parse(csv) as string[][];
    expect(header!.slice(-6)).toEqual([
      'overdue',
      'assignee_address',
      'assignee_created_at',
      'resident_created_at',
      'events',
      'visits',
    ]);
    const events = JSON.parse(rows.find((r) => r[0] === '202611-0001')!.at(-2)!);
    expect(events.map((e: { type: string; status: string }) => `${e.type}:${e.status}`)).toEqual([
      'intake:open',
      'assign:assigned',
      'pause:assigned',
      'resume:assigned',
      'resolve:resolved',
      'rate:assigned',
      'resolve:resolved',
      'rate:closed',
    ]);
    const before = ['202611-0001', '202611-0002'].map((n) => f.json('show', n));

    const g = importFixture({ HONGWU_NOW: '2026-11-26T10:00:00+08:00' });
    g.write('诉求.csv', csv);
    expect(g.run('import', 'demands', '诉求.csv', '--yes')).toEqual({
      code: 0,
      stdout: '已导入幸福里诉求 2 条；已有 0 条跳过\n',
      stderr: '',
    });
    const after = ['202611-0001', '202611-0002'].map((n) => g.json('show', n));
    for (const [a, b] of before.map((d, i) => [d, after[i]] as const)) {
      const { events: ea, visits: va, ...da } = a;
      const { events: eb, visits: vb, ...db } = b;
      expect(db).toEqual(da);
      expect(withoutTimesOfTyping(eb)).toEqual(withoutTimesOfTyping(ea));
      expect(vb.map((v: { operator: string }) => ({ ...v, operator: '' }))).toEqual(
        va.map((v: { operator: string }) => ({ ...v, operator: '' })),
      );
    }
    expect(after[0].events.every((e: { operator: string }) => e.operator === 'import:诉求.csv')).toBe(true);
    expect(after[1]).toMatchObject({ status: 'open', paused: true });
    // And a second time, nothing.
    expect(g.run('import', 'demands', '诉求.csv', '--yes').stdout).toBe('2 行均已在幸福里，无需导入\n');
  });

  it('refuses a history the rules refuse, or one that is not JSON, in errors.csv (exit 2)', () => {
    const f = importFixture({ HONGWU_NOW: '2026-11-26T10:00:00+08:00' });
    const intake = '{"type":"intake","at":"2026-11-02T09:00:00+08:00","status":"open"}';
    const rate = '{"type":"rate","at":"2026-11-03T09:00:00+08:00","status":"closed","rating":"satisfied"}';
    const row = (summary: string, events: string) =>
      `2026-11-02 09:00,${summary},phone,repair,"${events.replace(/"/g, '""')}"`;
    f.write(
      'h.csv',
      ['received_at,summary,channel,category,events', row('先评价', `[${intake},${rate}]`), row('坏的', '[{')].join(
        '\n',
      ),
    );
    const r = f.run('import', 'demands', 'h.csv', '--yes');
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(errorsOf(f.dir, 'h.csv')).toEqual([
      {
        行号: '2',
        列: 'events',
        内容: expect.stringContaining('"type":"rate"'),
        问题: expect.stringMatching(/^诉求 第 2 行 当前待分派，不能评价/),
      },
      {
        行号: '3',
        列: 'events',
        内容: '[{',
        问题: '不是 hongwu 导出的办理记录（hongwu list --status all --csv --history 的 JSON）：请重新导出，或删去该列按各列导入',
      },
    ]);
    expect(f.json('list', '--status', 'all')).toEqual([]);
  });

  it('is for the CSV export only', () => {
    const f = importFixture();
    expect(f.run('list', '--history')).toEqual({
      code: 2,
      stdout: '',
      stderr: 'hongwu: --history 用于 CSV 导出\n  请加 --csv（如 hongwu list --status all --csv --history）\n',
    });
  });
});
