import writeXlsxFile from 'write-excel-file/node';
import { describe, expect, it } from 'vitest';
import { contents } from '../helpers/rows.js';
import { errorsOf, importFixture } from './helpers.js';

const HEADER = 'received_at,summary,channel,category';

/** A community with the residents of the WPS roster, ready for a demands sheet. */
function withResidents() {
  const f = importFixture();
  f.must('import', 'residents', f.fixture('居民花名册-wps.csv'), '--yes');
  f.must('import', 'teams', f.fixture('队伍-wps.csv'), '--yes');
  return f;
}

interface Shown {
  number: string;
  status: string;
  tier: string;
  channel: string;
  category: string;
  kind: string;
  received_at: string;
  response_due_at: string;
  resolve_due_at: string;
  assignee: string | null;
  responded_at: string | null;
  resolved_at: string | null;
  outcome: string | null;
  rating: string | null;
  resident: string | null;
  events: { type: string; at: string; operator: string; note: string | null; status: string }[];
}

describe('import demands', () => {
  it(
    'reads a WPS ledger in GB18030: numbers from the month of receipt, the history from its columns, deadlines ' +
      'from the tiers',
    () => {
      const f = withResidents();
      const sheet = f.fixture('诉求台账-wps.csv');
      expect(f.run('import', 'demands', sheet, '--dry-run')).toEqual({
        code: 0,
        stdout: '检查通过（未写入）：将新增诉求 6 条，已有 0 条\n',
        stderr: '',
      });
      expect(f.run('import', 'demands', sheet, '--yes')).toEqual({
        code: 0,
        stdout: '已导入幸福里诉求 6 条；已有 0 条跳过\n',
        stderr: '',
      });
      const all: Shown[] = f
        .json('list', '--status', 'all')
        .sort((a: Shown, b: Shown) => b.number.localeCompare(a.number));
      expect(
        all.map((d) => [d.number, d.status, d.channel, d.category, d.kind, d.tier, d.assignee, d.rating, d.resident]),
      ).toEqual([
        ['202511-0003', 'open', 'collection_point', 'utilities', 'request', 'immediate', null, 'unsatisfied', '周老伯'],
        ['202511-0002', 'assigned', 'patrol', 'greening', 'suggestion', 'timed', '党员先锋队', null, null],
        ['202511-0001', 'cancelled', 'phone', 'other', 'request', 'timed', null, null, null],
        ['202510-0003', 'closed', 'grid', 'noise', 'dispute', 'timed', null, 'satisfied', '王五'],
        ['202510-0002', 'closed', 'walk_in', 'parking', 'complaint', 'timed', '幸福里物业服务企业', 'basic', '李四'],
        ['202510-0001', 'closed', 'phone', 'repair', 'request', 'immediate', '幸福里物业服务企业', 'satisfied', '张三'],
      ]);
      const first: Shown = f.json('show', '202510-0001');
      expect(first).toMatchObject({
        received_at: '2025-10-08T09:15:00+08:00',
        response_due_at: '2025-10-08T11:15:00+08:00',
        resolve_due_at: '2025-10-08T23:59:59.999+08:00',
        responded_at: '2025-10-08T09:40:00+08:00',
        resolved_at: '2025-10-08T16:00:00+08:00',
        outcome: 'resolved',
      });
      expect(first.events.map((e) => [e.type, e.at, e.operator, e.note, e.status])).toEqual([
        ['intake', '2025-10-08T09:15:00+08:00', 'import:诉求台账-wps.csv', null, 'open'],
        ['assign', '2025-10-08T09:40:00+08:00', 'import:诉求台账-wps.csv', null, 'assigned'],
        ['resolve', '2025-10-08T16:00:00+08:00', 'import:诉求台账-wps.csv', '更换灯泡', 'resolved'],
        ['rate', '2025-10-09T10:00:00+08:00', 'import:诉求台账-wps.csv', null, 'closed'],
      ]);
      // 2025年10月12日: a date alone is 00:00; the timed tier's 7 days; the rating without its time dated at the resolve.
      expect(f.json('show', '202510-0002')).toMatchObject({
        received_at: '2025-10-12T00:00:00+08:00',
        resolve_due_at: '2025-10-19T00:00:00+08:00',
      });
      // Full-width digits read as digits; a dispute resolved at the desk: the resolve is its first response.
      expect(f.json('show', '202510-0003')).toMatchObject({
        received_at: '2025-10-20T20:30:00+08:00',
        responded_at: '2025-10-21T11:00:00+08:00',
        outcome: 'mediated',
      });
      // A new name with a new phone registered the resident, as intake does.
      expect(f.json('resident', 'show', '13700009999')).toMatchObject({ name: '周老伯', address: '6-1-102' });
      expect(f.json('show', '202511-0001').events.map((e: { type: string; note: string }) => [e.type, e.note])).toEqual(
        [
          ['intake', null],
          ['cancel', '重复录入'],
        ],
      );
    },
  );

  it('changes nothing the second time, nor from its own export (codes or --labels)', async () => {
    const f = withResidents();
    const sheet = f.fixture('诉求台账-wps.csv');
    f.must('import', 'demands', sheet, '--yes');
    const before = await contents(f.db);
    expect(f.run('import', 'demands', sheet, '--yes').stdout).toBe('6 行均已在幸福里，无需导入\n');
    const exported = f.write('list.csv', f.must('list', '--status', 'all', '--csv').stdout);
    expect(f.run('import', 'demands', exported, '--yes').stdout).toBe('6 行均已在幸福里，无需导入\n');
    const labelled = f.write('list-labels.csv', f.must('list', '--status', 'all', '--csv', '--labels', '--bom').stdout);
    expect(f.run('import', 'demands', labelled, '--yes').stdout).toBe('6 行均已在幸福里，无需导入\n');
    expect(await contents(f.db)).toBe(before);
  });

  it("applies the loop's rules: every refused row in errors.csv by row and column, nothing written (exit 2)", () => {
    const f = withResidents();
    const sheet = f.write(
      'bad.csv',
      [
        `${HEADER},tier,resident,phone,resolved_at,rating,rated_at,status`,
        '2025-10-01 09:00,路灯坏了,phone,repair,major,,,,,,',
        '2025-10-01 09:00,井盖松动,电话,维修,,,,2025-09-30 09:00,,,',
        '2025-10-01 09:00,水管爆裂,传真,维修,,,,,,,',
        '2025-10-01 09:00,,电话,维修,,,,,,,',
        '2025-10-01 09:00,门禁坏了,电话,维修,,不认识,,,,,',
        '2025-10-01 09:00,电梯异响,电话,维修,,,,,满意,,',
        '2025-10-01 09:00,窗户漏风,电话,维修,,,1.38123E+10,,,,',
        '2025-10-01 09:00,墙皮脱落,电话,维修,,,,,,,closed',
        '2027-01-01 09:00,屋顶漏水,电话,维修,,,,,,,',
        '昨天,楼道堆物,电话,维修,,,,,,,',
        '=NOW(),外墙开裂,电话,维修,,,,,,,',
      ].join('\n'),
    );
    const r = f.run('import', 'demands', sheet, '--yes');
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(errorsOf(f.dir, sheet).map((e) => [e.行号, e.列, e.问题])).toEqual([
      ['2', 'resolve_due_at', '专项推诉求必须有办结期限'],
      [
        '3',
        'resolved_at',
        'resolved_at 2025-09-30 09:00:00 早于前一步办理（2025-10-01 09:00:00）；请给一个更晚的 resolved_at',
      ],
      [
        '4',
        'channel',
        '不是可选值；可填：窗口来访（walk_in）、电话（phone）、线上平台（online）、民情收集点（collection_point）、网格员/楼长上报（grid）、巡查发现（patrol）、' +
          '议事会（meeting）',
      ],
      ['5', 'summary', '诉求内容为空'],
      ['6', 'resident', '没有居民“不认识”：新居民须同时写明电话，或先导入居民'],
      ['7', 'rating', expect.stringMatching(/^诉求 第 7 行 当前待分派，不能评价/)],
      ['8', 'phone', '电话号码被表格存成了数字（如 1.38123E+10），后几位已丢失：请把该列设为“文本”后重新填写号码'],
      ['9', 'status', '与各列不符：按分派、办结、评价、撤销各列应为“待分派”'],
      [
        '10',
        'received_at',
        'received_at 2027-01-01 09:00:00 是将来的时间（现在 2026-11-26 10:00:00）；只能登记已经发生的事',
      ],
      ['11', 'received_at', '不是日期时间，应如 2026-11-20 14:30'],
      ['12', 'received_at', '是公式，不是值：请在表格中复制该列并“粘贴为数值”后再导出'],
    ]);
    expect(f.json('list', '--status', 'all')).toEqual([]);
  });

  it('counts a row repeated inside the sheet once, and numbers given in the sheet are kept', () => {
    const f = withResidents();
    const sheet = f.write(
      'dup.csv',
      `number,${HEADER},resident\n202510-0007,2025-10-01 09:00,路灯坏了,phone,repair,张三\n,2025-10-02 ` +
        `09:00,漏水,phone,repair,张三\n,2025-10-02 09:00,漏水,phone,repair,张三\n`,
    );
    expect(f.run('import', 'demands', sheet, '--yes').stdout).toBe('已导入幸福里诉求 2 条；已有 1 条跳过\n');
    expect(
      f
        .json('list', '--status', 'all')
        .map((d: Shown) => d.number)
        .sort(),
    ).toEqual(['202510-0007', '202510-0008']);
  });

  it("refuses a number another community's demand has; a number on file in its own community is present", () => {
    const f = withResidents();
    f.must('community', 'add', '阳光苑', '--code', 'ygy');
    f.must('intake', '井盖松动', '--channel', 'phone', '--category', 'repair', '--community', 'ygy');
    const theirs = f.json('list', '--community', 'ygy')[0].number as string;
    const own = f.write('own.csv', `number,${HEADER}\n202510-0003,2025-10-01 09:00,路灯坏了,phone,repair\n`);
    f.must('import', 'demands', own, '--yes', '--community', '幸福里');
    // The same number again in full-width digits (as a clerk's IME types them), and the other community's.
    const wide = '２０２５１０-０００３';
    const sheet = f.write(
      'mixed.csv',
      `number,${HEADER}\n${wide},2025-10-01 09:00,路灯坏了,phone,repair\n${theirs},2025-10-02 09:00,漏水,phone,repair\n`,
    );
    expect(f.run('import', 'demands', sheet, '--yes', '--community', '幸福里').code).toBe(2);
    expect(errorsOf(f.dir, sheet)).toEqual([
      { 行号: '3', 列: 'number', 内容: theirs, 问题: '该编号已属于另一个社区的诉求' },
    ]);
    const again = f.write('again.csv', `number,${HEADER}\n${wide},2025-10-01 09:00,路灯坏了,phone,repair\n`);
    expect(f.run('import', 'demands', again, '--yes', '--community', '幸福里').stdout).toBe(
      '1 行均已在幸福里，无需导入\n',
    );
  });

  it('reads an .xlsx kept by hand: date cells, date serials, phones stored as numbers, and --sheet', async () => {
    const f = withResidents();
    const date = (d: Date) => ({ value: d, type: Date, format: 'yyyy/mm/dd hh:mm' });
    const bytes = await writeXlsxFile([
      { sheet: '封面', data: [[{ value: '2025年台账' }]] },
      {
        sheet: '诉求',
        data: [
          [{ value: '2025年诉求登记表（第四季度）' }],
          ['受理时间', '诉求内容', '渠道', '类别', '居民', '联系电话', '办结时间'].map((value) => ({ value })),
          [
            date(new Date(Date.UTC(2025, 9, 8, 9, 15))),
            { value: '门禁坏了' },
            { value: '电话' },
            { value: '安防' },
            { value: '新住户' },
            { value: 13811112222, type: Number },
            { value: 45938.5, type: Number },
          ],
        ],
      },
    ]).toBuffer();
    const sheet = f.write('台账.xlsx', bytes);
    expect(f.run('import', 'demands', sheet, '--sheet', '诉求', '--yes').stdout).toBe(
      '已导入幸福里诉求 1 条；已有 0 条跳过\n',
    );
    // 45938.5 is 2025-10-08 12:00 as Excel counts days.
    expect(f.json('show', '202510-0001')).toMatchObject({
      received_at: '2025-10-08T09:15:00+08:00',
      resolved_at: '2025-10-08T12:00:00+08:00',
      resident: '新住户',
      status: 'resolved',
    });
  });
});
