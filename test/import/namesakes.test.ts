import { parse } from 'csv-parse/sync';
import { describe, expect, it } from 'vitest';
import { rows } from '../helpers/rows.js';
import { errorsOf, importFixture } from './helpers.js';

/** Two 张伟 of one community, as `resident list --csv` exports them: masked phones, two addresses. */
const ROSTER = [
  'id,name,phone,address,tags,created_at',
  '1,张伟,138****1111,3-2-501,elderly_alone,2025-01-05T09:00:00+08:00',
  '2,张伟,139****2222,5-1-302,,2025-02-05T09:00:00+08:00',
  '3,李娜,,7-1-101,,2025-03-05T09:00:00+08:00',
].join('\n');

/** Each resident's balance by their address (`points balance --csv` names them by id). */
function balancesByAddress(f: ReturnType<typeof importFixture>): Record<string, number> {
  const addresses = new Map(
    (f.json('resident', 'list') as { id: number; address: string }[]).map((r) => [r.id, r.address]),
  );
  const balances: { resident_id: string; balance: string }[] = parse(f.must('points', 'balance', '--csv').stdout, {
    columns: true,
  });
  return Object.fromEntries(balances.map((b) => [addresses.get(Number(b.resident_id)), Number(b.balance)]));
}

/**
 * Namesakes without a full phone (SPEC §3 masks it in every export): the address and the masked
 * phone tell them apart, so an export imported again keeps two 张伟 two (SPEC §11's round trip).
 */
describe('namesakes in an import', () => {
  it('keeps two residents of one name at two addresses two; a row that names neither is either', () => {
    const f = importFixture();
    const roster = f.write('居民.csv', `${ROSTER}\n4,张伟,,,,\n5,张伟,138****1111,3栋2单元501室,,\n`);
    expect(f.json('import', 'residents', roster, '--yes')).toMatchObject({ added: 3, present: 2 });
    const residents = f.json('resident', 'list') as { name: string; address: string; tags: string[] }[];
    expect(residents.map((r) => [r.name, r.address, r.tags])).toEqual([
      ['张伟', '3-2-501', ['elderly_alone']],
      ['张伟', '5-1-302', []],
      ['李娜', '7-1-101', []],
    ]);
    expect(f.run('import', 'residents', roster, '--yes').stdout).toBe('5 行均已在幸福里，无需导入\n');
    // A masked phone that is not the one on file is another resident, at the same address or not.
    f.must('resident', 'add', '王芳', '--phone', '13800001111', '--address', '1-1-101');
    const another = f.write('王芳.csv', 'name,phone,address\n王芳,138****1111,1-1-101\n王芳,137****3333,1-1-101\n');
    expect(f.json('import', 'residents', another, '--yes')).toMatchObject({ added: 1, present: 1 });
  });

  it("finds a ledger's and a demand sheet's 张伟 by the address; a row that gives none is refused (exit 2)", async () => {
    const f = importFixture();
    f.must('import', 'residents', f.write('居民.csv', ROSTER), '--yes');
    const ledger = f.write(
      '积分.csv',
      ['居民,积分,事由,时间,住址', '张伟,30,巡逻,2025-10-05,5-1-302', '张伟,20,巡逻,2025-10-06,3栋2单元501室'].join(
        '\n',
      ),
    );
    f.must('import', 'points', ledger, '--yes');
    expect(balancesByAddress(f)).toEqual({ '3-2-501': 20, '5-1-302': 30 });

    const demands = f.write(
      '诉求.csv',
      [
        '受理时间,诉求内容,渠道,类别,居民,电话,地址',
        '2025-10-07 09:00,楼道灯坏了,电话,维修,张伟,139****2222,5-1-302',
      ].join('\n'),
    );
    f.must('import', 'demands', demands, '--yes');
    expect(await rows(f.db, 'SELECT r.address FROM demands d JOIN residents r ON r.id = d.resident_id')).toEqual([
      { address: '5-1-302' },
    ]);

    const vague = f.write('不明.csv', '居民,积分,事由,时间\n张伟,10,巡逻,2025-10-08\n');
    const r = f.run('import', 'points', vague, '--yes');
    expect([r.code, r.stdout]).toEqual([2, '']);
    expect(errorsOf(f.dir, vague)).toEqual([
      { 行号: '2', 列: '居民', 内容: '张伟', 问题: '有 2 位居民叫“张伟”：请在电话列写明是哪一位' },
    ]);
  });

  it("round-trips the ledger's own export: each 张伟's entries come back to that 张伟", () => {
    const a = importFixture();
    a.must('import', 'residents', a.write('居民.csv', ROSTER), '--yes');
    a.must(
      'import',
      'points',
      a.write(
        '积分.csv',
        '居民,积分,事由,时间,住址\n张伟,30,巡逻,2025-10-05,5-1-302\n张伟,20,巡逻,2025-10-06,3-2-501\n',
      ),
      '--yes',
    );
    const b = importFixture();
    for (const [kind, exported] of [
      ['residents', ['resident', 'list', '--csv']],
      ['points', ['points', 'ledger', '--csv', '--labels']],
    ] as const) {
      b.must('import', kind, b.write(`${kind}.csv`, a.must(...exported).stdout), '--yes');
    }
    expect(balancesByAddress(b)).toEqual(balancesByAddress(a));
  });
});

/** Two 张伟 at two addresses, two 赵国 at one address (only their registration tells them apart once imported). */
const PEOPLE = [
  'name,phone,address,tags,created_at',
  '张伟,13800000001,3-2-501,,2025-01-05 09:00',
  '张伟,13900000002,5-1-302,,2025-02-05 09:00',
  '赵国,13700000003,14-3-1603,elderly_alone,2024-12-03 08:00',
  '赵国,13700000004,14-3-1603,,2025-09-07 08:00',
].join('\n');

/** `list --status all --csv` as rows by header, without the phone (masked in the export, so not imported). */
function demandsOf(f: ReturnType<typeof importFixture>): Record<string, string>[] {
  const listed: Record<string, string>[] = parse(f.must('list', '--status', 'all', '--csv').stdout, { columns: true });
  return listed.map(({ phone: _, ...rest }) => rest);
}

describe('demands of namesakes exported and imported again', () => {
  it('brings each demand back to its own 张伟 and 赵国, as resident and assignee (--csv, --labels, --history)', () => {
    const a = importFixture();
    a.must('import', 'residents', a.write('居民.csv', PEOPLE), '--yes');
    // By phone: each demand's resident and assignee is one of two residents of one name.
    for (const [resident, assignee] of [
      ['13700000004', '13800000001'],
      ['13700000003', '13900000002'],
      ['13800000001', '13700000003'],
      ['13900000002', '13700000004'],
    ] as const) {
      const { number } = a.json(
        'intake',
        '路灯不亮',
        '--channel',
        'phone',
        '--category',
        'repair',
        '--resident',
        resident,
      );
      a.must('assign', number, '--to', assignee);
    }
    const header = a.must('list', '--status', 'all', '--csv').stdout.split('\r\n')[0];
    expect(header).toMatch(/,overdue,assignee_address,assignee_created_at,resident_created_at$/);
    const labelled = a.must('list', '--status', 'all', '--csv', '--labels').stdout;
    expect(labelled.split('\r\n')[0]).toMatch(/,承办人住址,承办人登记时间,居民登记时间$/);

    for (const exported of [
      ['list', '--status', 'all', '--csv'],
      ['list', '--status', 'all', '--csv', '--labels'],
      ['list', '--status', 'all', '--csv', '--history'],
    ]) {
      const b = importFixture();
      b.must('import', 'residents', b.write('居民.csv', a.must('resident', 'list', '--csv').stdout), '--yes');
      const sheet = b.write('诉求.csv', a.must(...exported).stdout);
      expect(b.json('import', 'demands', sheet, '--yes'), exported.join(' ')).toMatchObject({ added: 4, present: 0 });
      expect(demandsOf(b), exported.join(' ')).toEqual(demandsOf(a));
      expect(b.json('import', 'demands', sheet, '--yes')).toMatchObject({ added: 0, present: 4 });
    }
  });
});
