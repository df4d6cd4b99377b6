import { parse } from 'csv-parse/sync';
import { beforeEach, describe, expect, it } from 'vitest';
import { json, type Result } from '../helpers/cli.js';
import { pointsFixture, snapshot } from './fixture.js';

const ENTRY_KEYS = ['entry', 'resident', 'delta', 'reason', 'item', 'activity', 'at', 'operator', 'reverses'];
const NOW = '2026-11-26T10:00:00+08:00';

let db: string;
let run: (...args: string[]) => Promise<Result>;

beforeEach(async () => {
  ({ db, run } = await pointsFixture());
});

/** Refusals are asserted in English here (the Chinese default is asserted in 'errors in Chinese'). */
const runEn = (...args: string[]) => run(...args, '--lang', 'en');

function expectRefused(r: Result, code: number, stderr: string): void {
  expect({ code: r.code, stdout: r.stdout, stderr: r.stderr }).toEqual({ code, stdout: '', stderr });
}

describe('points earn', () => {
  it('credits a resident and says the new balance', async () => {
    expect(await run('points', 'earn', '李四', '10', '--reason', '巡逻')).toEqual({
      code: 0,
      stdout: '已为 李四（#3）记 +10 分（巡逻），流水 #1；余额 10 分\n',
      stderr: '',
    });
    expect(await run('points', 'earn', '李四', '5', '--reason', 'cleanup', '--lang', 'en')).toEqual({
      code: 0,
      stdout: '李四 (#3) earned +5 (Clean-up), entry #2; balance 15\n',
      stderr: '',
    });
  });

  it('prints exactly the entry JSON, with --at in the database time zone', async () => {
    const r = await run(
      'points',
      'earn',
      '13800000002',
      '8',
      '--reason',
      'persuasion',
      '--note',
      '劝导乱扔垃圾',
      '--at',
      '2026-11-20 19:30',
      '--json',
    );
    expect(r.stderr).toBe('');
    expect(json(r)).toEqual({
      entry: 1,
      resident: '张三',
      delta: 8,
      reason: 'persuasion',
      item: null,
      activity: null,
      at: '2026-11-20T19:30:00+08:00',
      operator: 'tester',
      reverses: null,
    });
    expect(Object.keys(json(r))).toEqual(ENTRY_KEYS);
  });

  it('refuses bad input with exit 2 and writes nothing', async () => {
    expectRefused(
      await runEn('points', 'earn', '李四', '10'),
      2,
      'hongwu: missing --reason\n  pass them on the command line (in a terminal hongwu asks for them)\n',
    );
    expectRefused(
      await runEn('points', 'earn', '李四', '0', '--reason', 'patrol'),
      2,
      'hongwu: <points>: must be a whole number, 1 or more (got "0")\n  add --help to see what each flag accepts\n',
    );
    const badReason = await run('points', 'earn', '李四', '10', '--reason', '跳舞');
    expect(badReason.code).toBe(2);
    expect(badReason.stderr).toMatch(/^hongwu: --reason：不认识的值“跳舞”，可用：patrol（巡逻）、cleanup（环境整治）/);
    expectRefused(
      await runEn('points', 'earn', '李四', '10', '--reason', 'patrol', '--at', '2026-11-27'),
      2,
      'hongwu: --at 2026-11-27 00:00:00 is in the future (now 2026-11-26 10:00:00)\n  record what already happened\n',
    );
    expect((await run('points', 'earn', '李四', '10', '--reason', 'patrol', '--at', 'yesterday')).code).toBe(2);
    expect((await snapshot(db)).entries).toBe(0);
  });

  it('refuses an ambiguous or unknown name with exit 1, listing or suggesting', async () => {
    expectRefused(
      await runEn('points', 'earn', '张三', '10', '--reason', 'patrol'),
      1,
      'hongwu: "张三" is ambiguous: 2 matches (resident): 张三 (#1, 138****0001); 张三 (#2, 138****0002)\n  name one ' +
        'by its id (#id)\n',
    );
    expectRefused(
      await runEn('points', 'earn', '李思', '10', '--reason', 'patrol'),
      1,
      'hongwu: no resident "李思"\n  did you mean: 李四 (#3)? add one with `hongwu resident add`\n',
    );
    expect((await run('points', 'earn', '#1', '10', '--reason', 'patrol')).code).toBe(0);
    expect((await snapshot(db)).balances).toEqual({ 1: 10 });
  });
});

describe('points activity', () => {
  it('credits every participant in one activity', async () => {
    const r = await run(
      'points',
      'activity',
      '周六夜间巡逻',
      '--team',
      '平安志愿队',
      '--reason',
      'patrol',
      '--points',
      '10',
      '--participants',
      '李四，13800000001、#4',
      '--at',
      '2026-11-21 20:00',
    );
    expect(r).toEqual({
      code: 0,
      stdout: '已记录活动 #1「周六夜间巡逻」（平安志愿队，巡逻，2026-11-21 20:00）：3 人各 +10 分：李四、张三、王五\n',
      stderr: '',
    });
    expect(await snapshot(db)).toMatchObject({ entries: 3, activities: 1, balances: { 1: 10, 3: 10, 4: 10 } });
  });

  it('prints the activity and its entries as JSON', async () => {
    const out = json(
      await run(
        'points',
        'activity',
        '清理楼道',
        '--team',
        '4',
        '--reason',
        'cleanup',
        '--points',
        '5',
        '--participants',
        '李四,王五',
        '--json',
      ),
    );
    expect(out.activity).toEqual({
      id: 1,
      title: '清理楼道',
      team: '平安志愿队',
      reason: 'cleanup',
      points: 5,
      at: NOW,
      operator: 'tester',
    });
    expect(out.entries.map((e: any) => [e.entry, e.resident, e.delta, e.reason, e.activity])).toEqual([
      [1, '李四', 5, 'cleanup', 1],
      [2, '王五', 5, 'cleanup', 1],
    ]);
  });

  it('fails as a whole, naming every unknown and ambiguous participant', async () => {
    expectRefused(
      await runEn(
        'points',
        'activity',
        '巡逻',
        '--team',
        '平安志愿队',
        '--reason',
        'patrol',
        '--points',
        '10',
        '--participants',
        '李四,赵六,张三,王伍',
      ),
      1,
      'hongwu: 3 of 4 participants not identified: 赵六 (not found); 张三 (ambiguous: 张三 (#1, 138****0001), 张三 ' +
        '(#2, 138****0002)); 王伍 (not found; did you mean 王五 (#4)?)\n' +
        '  nothing was recorded; name residents by id or phone, and add new ones with `hongwu resident add`\n',
    );
    expectRefused(
      await runEn(
        'points',
        'activity',
        '巡逻',
        '--team',
        '平安志愿对',
        '--reason',
        'patrol',
        '--points',
        '10',
        '--participants',
        '李四',
      ),
      1,
      'hongwu: no team "平安志愿对"\n  did you mean: 平安志愿队 (#4)? add one with `hongwu team add`\n',
    );
    expectRefused(
      await runEn(
        'points',
        'activity',
        '巡逻',
        '--team',
        '平安志愿队',
        '--reason',
        'patrol',
        '--points',
        '10',
        '--participants',
        '李四,#3',
      ),
      2,
      'hongwu: 李四 (#3) is listed twice in --participants (李四, #3)\n  list each participant once\n',
    );
    expectRefused(
      await runEn('points', 'activity', '巡逻', '--team', '平安志愿队', '--reason', 'patrol', '--points', '10'),
      2,
      'hongwu: missing --participants\n  pass them on the command line (in a terminal hongwu asks for them)\n',
    );
    expect(await snapshot(db)).toMatchObject({ entries: 0, activities: 0 });
  });
});

describe('points item', () => {
  it('adds, lists and restocks items', async () => {
    expect(await run('points', 'item', 'add', '食用油', '--cost', '50', '--stock', '0')).toEqual({
      code: 0,
      stdout: '已添加爱心超市物品「食用油」（#3，物品，50 分，库存 0）\n',
      stderr: '',
    });
    expect(json(await run('points', 'item', 'list', '--json'))).toEqual([
      { id: 1, name: '大米', kind: 'goods', cost: 30, stock: 2 },
      { id: 2, name: '理发', kind: 'service', cost: 15, stock: null },
      { id: 3, name: '食用油', kind: 'goods', cost: 50, stock: 0 },
    ]);
    expect(await run('points', 'item', 'restock', '食用油', '5')).toEqual({
      code: 0,
      stdout: '「食用油」（#3）已补货 +5，库存 5\n',
      stderr: '',
    });
    const table = await run('points', 'item', 'list', '--lang', 'en');
    expect(table.stdout).toContain('unlimited');
    expect(table.stdout).toContain('Service');
    expect(table.stdout).toContain('Goods');
    const zh = (await run('points', 'item', 'list')).stdout;
    expect(zh).toContain('服务');
    expect(zh).toContain('物品');
  });

  it('refuses duplicates, bare numbers, unlimited restock and bad numbers', async () => {
    expectRefused(
      await runEn('points', 'item', 'add', '大米', '--cost', '30'),
      1,
      'hongwu: an item named "大米" already exists (#1)\n  add stock with `hongwu points item restock 大米 <n>`\n',
    );
    expectRefused(
      await runEn('points', 'item', 'add', '12', '--cost', '30'),
      2,
      'hongwu: "12" would read as an item id\n  give the item a name with words in it\n',
    );
    expectRefused(
      await runEn('points', 'item', 'restock', '理发', '3'),
      1,
      'hongwu: 理发 has unlimited stock; there is nothing to restock\n  only items added with --stock are counted\n',
    );
    expectRefused(
      await runEn('points', 'item', 'restock', '大米', '-1'),
      2,
      'hongwu: <n>: must be a whole number, 1 or more (got "-1")\n  add --help to see what each flag accepts\n',
    );
    expectRefused(
      await runEn('points', 'item', 'restock', '大饼', '1'),
      1,
      'hongwu: no item "大饼"\n  did you mean: 大米 (#1)? see `hongwu points item list`; add one with `hongwu ' +
        'points item add`\n',
    );
    expectRefused(
      await runEn('points', 'item', 'add', '毛巾'),
      2,
      'hongwu: missing --cost\n  pass them on the command line (in a terminal hongwu asks for them)\n',
    );
    expect((await run('points', 'item', 'add', '毛巾', '--cost', '5', '--kind', 'food')).code).toBe(2);
    expect((await snapshot(db)).stock).toEqual({ 大米: 2, 理发: null });
  });
});

describe('points redeem', () => {
  beforeEach(async () => {
    await run('points', 'earn', '李四', '90', '--reason', 'patrol');
  });

  it('takes cost × quantity and the stock', async () => {
    expect(await run('points', 'redeem', '李四', '大米', '--qty', '2')).toEqual({
      code: 0,
      stdout: '李四（#3）兑换 大米×2，-60 分，流水 #2；余额 30 分；大米库存 0\n',
      stderr: '',
    });
    const r = json(await run('points', 'redeem', '李四', '#2', '--json'));
    expect(r).toEqual({
      entry: 3,
      resident: '李四',
      delta: -15,
      reason: null,
      item: '理发',
      activity: null,
      at: NOW,
      operator: 'tester',
      reverses: null,
    });
    expect(await snapshot(db)).toMatchObject({ entries: 3, stock: { 大米: 0, 理发: null }, balances: { 3: 15 } });
  });

  it('refuses more than the balance or the stock, changing nothing', async () => {
    await run('points', 'item', 'add', '电饭煲', '--cost', '100', '--stock', '1');
    const before = await snapshot(db);
    expectRefused(
      await runEn('points', 'redeem', '李四', '电饭煲'),
      1,
      'hongwu: 李四 has 90 points; 1 × 电饭煲 costs 100\n  nothing was redeemed; see `hongwu points balance` and ' +
        '`hongwu points item list`\n',
    );
    expectRefused(
      await runEn('points', 'redeem', '李四', '大米', '--qty', '3'),
      1,
      'hongwu: only 2 of 大米 left; 3 asked\n  restock it with `hongwu points item restock 大米 <n>` or redeem ' +
        'fewer (--qty)\n',
    );
    expect((await run('points', 'redeem', '李四', '大米', '--qty', '2')).code).toBe(0);
    expectRefused(
      await runEn('points', 'redeem', '李四', '大米'),
      1,
      'hongwu: 大米 is out of stock\n  restock it with `hongwu points item restock 大米 <n>`\n',
    );
    expectRefused(
      await runEn('points', 'redeem', '李四', '大米', '--qty', '0'),
      2,
      'hongwu: --qty: must be a whole number, 1 or more (got "0")\n  add --help to see what each flag accepts\n',
    );
    expectRefused(
      await runEn('points', 'redeem', '张三', '理发'),
      1,
      'hongwu: "张三" is ambiguous: 2 matches (resident): 张三 (#1, 138****0001); 张三 (#2, 138****0002)\n  name one ' +
        'by its id (#id)\n',
    );
    expectRefused(
      await runEn('points', 'redeem', '13800000001', '理发'),
      1,
      'hongwu: 张三 has 0 points; 1 × 理发 costs 15\n  nothing was redeemed; see `hongwu points balance` and ' +
        '`hongwu points item list`\n',
    );
    expect(await snapshot(db)).toEqual({
      ...before,
      entries: before.entries + 1,
      stock: { ...before.stock, 大米: 0 },
      balances: { 3: 30 },
    });
  });
});

describe('backdated entries', () => {
  /** 王五: +15 on the 1st, −15 (理发) on the 10th, +15 on the 20th — 15 now, 0 between the 10th and the 20th. */
  beforeEach(async () => {
    for (const args of [
      ['points', 'earn', '王五', '15', '--reason', 'patrol', '--at', '2026-11-01 09:00'],
      ['points', 'redeem', '王五', '理发', '--at', '2026-11-10 09:00'],
      ['points', 'earn', '王五', '15', '--reason', 'patrol', '--at', '2026-11-20 09:00'],
    ]) {
      expect((await run(...args)).code).toBe(0);
    }
  });

  it(
    'refuses a redemption or a reversal that the balance ' + 'now allows but would leave a later moment negative',
    async () => {
      const before = await snapshot(db);
      expectRefused(
        await runEn('points', 'redeem', '王五', '理发', '--at', '2026-11-05 09:00'),
        1,
        'hongwu: 王五 @ 2026-11-05 09:00 has 0 points; 1 × 理发 costs 15\n  nothing was redeemed; see `hongwu points ' +
          'balance` and `hongwu points item list`\n',
      );
      expectRefused(
        await runEn('points', 'reverse', '1', '--reason', '误记', '--at', '2026-11-05 09:00'),
        1,
        'hongwu: reversing entry 1 takes 15 points but 王五 has 0 left\n  the points were already redeemed: ' +
          'reverse those redemptions first\n',
      );
      expect(await snapshot(db)).toEqual(before);
      // After the later earning the points are there to spend, backdated or not.
      expect((await run('points', 'redeem', '王五', '理发', '--at', '2026-11-21 09:00')).code).toBe(0);
      expect((await snapshot(db)).balances).toEqual({ 4: 0 });
      const report = json(await run('doctor', '--json'));
      expect(report.checks.find((c: { check: string }) => c.check === 'ledger').status).toBe('ok');
    },
  );
});

describe('points reverse', () => {
  it('appends the opposite entry, linked, and refuses a second correction', async () => {
    await run('points', 'earn', '王五', '20', '--reason', 'service');
    expect(await run('points', 'reverse', '1', '--reason', '重复录入')).toEqual({
      code: 0,
      stdout: '已冲正流水 #1：王五（#4）-20 分，流水 #2；余额 0 分\n',
      stderr: '',
    });
    expectRefused(
      await runEn('points', 'reverse', '#1', '--reason', '再来'),
      1,
      'hongwu: entry #1 was already reversed by entry #2\n  see `hongwu points ledger`\n',
    );
    expectRefused(
      await runEn('points', 'reverse', '2', '--reason', '撤回冲正'),
      1,
      'hongwu: entry #2 is itself the reversal of entry #1; a reversal cannot be reversed\n  record the points ' +
        'again with `hongwu points earn` (or redeem again) instead\n',
    );
    const entries = json(await run('points', 'ledger', '--json'));
    expect(entries[1]).toEqual({
      entry: 2,
      resident: '王五',
      delta: -20,
      reason: 'service',
      item: null,
      activity: null,
      at: NOW,
      operator: 'tester',
      reverses: 1,
    });
  });

  it('gives back the points and the stock of a redemption', async () => {
    await run('points', 'earn', '李四', '60', '--reason', 'patrol');
    await run('points', 'redeem', '李四', '大米', '--qty', '2');
    const r = json(await run('points', 'reverse', '2', '--reason', '退货', '--json'));
    expect(r).toEqual({
      entry: 3,
      resident: '李四',
      delta: 60,
      reason: null,
      item: '大米',
      activity: null,
      at: NOW,
      operator: 'tester',
      reverses: 2,
    });
    expect(await snapshot(db)).toMatchObject({ stock: { 大米: 2 }, balances: { 3: 60 } });
  });

  it('does not take back points already spent', async () => {
    await run('points', 'earn', '李四', '30', '--reason', 'patrol');
    await run('points', 'redeem', '李四', '大米');
    expectRefused(
      await runEn('points', 'reverse', '1', '--reason', '误录'),
      1,
      'hongwu: reversing entry 1 takes 30 points but 李四 has 0 left\n  the points were already redeemed: ' +
        'reverse those redemptions first\n',
    );
    expect((await run('points', 'reverse', '2', '--reason', '退货')).code).toBe(0);
    expect((await run('points', 'reverse', '1', '--reason', '误录')).code).toBe(0);
    expect(await snapshot(db)).toMatchObject({ entries: 4, stock: { 大米: 2 }, balances: { 3: 0 } });
  });

  it('refuses unknown entries, non-numbers and a missing reason', async () => {
    expectRefused(
      await runEn('points', 'reverse', '99', '--reason', 'x'),
      1,
      'hongwu: no ledger entry 99 in 蓝色港湾\n  see `hongwu points ledger`\n',
    );
    expectRefused(
      await runEn('points', 'reverse', 'abc', '--reason', 'x'),
      2,
      'hongwu: "abc" is not an entry number\n  entry numbers are shown by `hongwu points ledger`\n',
    );
    expectRefused(
      await runEn('points', 'reverse', '1'),
      2,
      'hongwu: missing --reason\n  pass them on the command line (in a terminal hongwu asks for them)\n',
    );
  });

  it('does not reach into another community', async () => {
    await run('points', 'earn', '李四', '10', '--reason', 'patrol');
    expect((await run('community', 'add', '翠湖', '--code', 'ch')).code).toBe(0);
    expectRefused(
      await runEn('points', 'reverse', '1', '--reason', 'x', '--community', 'ch'),
      1,
      'hongwu: no ledger entry 1 in 翠湖\n  see `hongwu points ledger`\n',
    );
  });
});

describe('points balance and ledger', () => {
  beforeEach(async () => {
    await run('points', 'earn', '李四', '40', '--reason', 'patrol', '--at', '2026-10-31 23:30');
    await run('points', 'earn', '#1', '25', '--reason', 'mediation', '--note', '=HYPERLINK("http://x")');
    await run('points', 'redeem', '李四', '大米', '--at', '2026-11-01 00:00');
    await run('points', 'earn', '王五', '5', '--reason', 'other', '--note', '-5 扣分说明, "引号"');
  });

  it('prints one balance, or every resident with points', async () => {
    expect(await run('points', 'balance', '李四')).toEqual({
      code: 0,
      stdout: '李四（#3）积分余额 10 分\n',
      stderr: '',
    });
    expect(json(await run('points', 'balance', '李四', '--json'))).toEqual({ resident: '李四', balance: 10 });
    expect(json(await run('points', 'balance', '--json'))).toEqual([
      { resident: '张三', balance: 25 },
      { resident: '李四', balance: 10 },
      { resident: '王五', balance: 5 },
    ]);
    const csv = parse((await run('points', 'balance', '--csv')).stdout, { columns: true });
    expect(csv).toEqual([
      { resident_id: '1', resident: '张三', balance: '25' },
      { resident_id: '3', resident: '李四', balance: '10' },
      { resident_id: '4', resident: '王五', balance: '5' },
    ]);
    expect(await run('points', 'balance', '王武')).toMatchObject({ code: 1, stdout: '' });
  });

  it('lists the ledger oldest first as exactly one JSON value', async () => {
    const r = await run('points', 'ledger', '--json');
    expect(r.stderr).toBe('');
    const entries = JSON.parse(r.stdout);
    expect(entries.map((e: any) => [e.entry, e.resident, e.delta, e.reason, e.at])).toEqual([
      [1, '李四', 40, 'patrol', '2026-10-31T23:30:00+08:00'],
      [3, '李四', -30, null, '2026-11-01T00:00:00+08:00'],
      [2, '张三', 25, 'mediation', NOW],
      [4, '王五', 5, 'other', NOW],
    ]);
    for (const e of entries) expect(Object.keys(e)).toEqual(ENTRY_KEYS);
  });

  it('filters by month (database time zone) and by resident', async () => {
    const october = json(await run('points', 'ledger', '--month', '2026-10', '--json'));
    expect(october.map((e: any) => e.entry)).toEqual([1]);
    const r = await run('points', 'ledger', '李四');
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('兑换 大米×1');
    expect(r.stderr).toBe('共 2 条 · 李四 余额 10 分\n');
    expectRefused(
      await runEn('points', 'ledger', '--month', '2026-13'),
      2,
      'hongwu: --month: "2026-13" is not a month like 2026-11, 2026年11月 or 11月\n  add --help to see what each ' +
        'flag accepts\n',
    );
  });

  it('writes CSV that a spreadsheet cannot run as formulas', async () => {
    const r = await run('points', 'ledger', '--csv');
    expect(r.stderr).toBe('');
    const rows: Record<string, string>[] = parse(r.stdout, { columns: true });
    expect(Object.keys(rows[0]!)).toEqual([
      'entry',
      'type',
      'resident',
      'delta',
      'reason',
      'item',
      'qty',
      'activity',
      'at',
      'operator',
      'reverses',
      'note',
      'address',
    ]);
    expect(rows.map((row) => [row.entry, row.type, row.delta, row.item, row.qty, row.note])).toEqual([
      ['1', 'earn', '40', '', '', ''],
      ['3', 'redeem', '-30', '大米', '1', ''],
      ['2', 'earn', '25', '', '', `'=HYPERLINK("http://x")`],
      ['4', 'earn', '5', '', '', `'-5 扣分说明, "引号"`],
    ]);
  });

  it('shows points on the resident and team pages', async () => {
    const page = await run('resident', 'show', '李四');
    expect(page.stdout).toContain('积分余额  10\n');
    expect(page.stdout).toContain('兑换 大米×1');
    const record = json(await run('resident', 'show', '李四', '--json'));
    expect(record.points_balance).toBe(10);
    expect(record.points_recent.map((e: any) => e.entry)).toEqual([3, 1]);

    await run(
      'points',
      'activity',
      '清理楼道',
      '--team',
      '平安志愿队',
      '--reason',
      'cleanup',
      '--points',
      '6',
      '--participants',
      '李四,王五',
    );
    await run('points', 'reverse', '6', '--reason', '王五未到场');
    const team = json(await run('team', 'show', '平安志愿队', '--json'));
    expect(team.activities).toEqual([
      { id: 1, title: '清理楼道', reason: 'cleanup', points: 6, at: NOW, participants: 1 },
    ]);
    expect(team.members).toEqual([{ id: 3, resident: '李四', points: 6, balance: 16 }]);
    const teamPage = await run('team', 'show', '平安志愿队', '--lang', 'en');
    expect(teamPage.stdout).toContain('Volunteer activities');
    expect(teamPage.stdout).toContain("Members' points");
  });
});

describe('errors in Chinese', () => {
  it('tells the clerk in Chinese by default why a redemption or reversal is refused', async () => {
    await run('points', 'item', 'add', '电饭煲', '--cost', '100', '--stock', '1');
    await run('points', 'earn', '李四', '20', '--reason', '巡逻');
    expectRefused(
      await run('points', 'redeem', '李四', '电饭煲'),
      1,
      'hongwu: 李四 只有 20 积分；1 × 电饭煲 需要 100\n  未兑换；可用 hongwu points balance 和 hongwu points item list 查看\n',
    );
    expectRefused(
      await run('points', 'reverse', '9', '--reason', '录错'),
      1,
      'hongwu: 蓝色港湾没有积分流水 9\n  可用 hongwu points ledger 查看\n',
    );
  });
});
