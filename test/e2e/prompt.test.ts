import { describe, expect, it } from 'vitest';
import { json, cli, initDb } from '../helpers/cli.js';
import { displayWidth } from '../../src/platform/table.js';
import { DOWN, ENTER, inTerminal } from '../helpers/terminal.js';

describe('prompts on a terminal', () => {
  it('asks for what intake is missing: the summary, then select lists for channel and category', async () => {
    const { env } = await initDb();
    const r = inTerminal(['intake'], env, [
      { expect: '诉求内容', send: `电梯困人${ENTER}` },
      { expect: '受理渠道', send: `${DOWN}${ENTER}` }, // walk_in → phone
      { expect: '诉求类别', send: `${DOWN}${ENTER}` }, // parking → repair
      { expect: '限时结  timed（默认）', send: ENTER }, // the tier: the default, marked, first
      { expect: '居民（回车跳过）', send: ENTER }, // skipped
    ]);
    expect(r.timeout).toBeNull();
    expect(r.code).toBe(0);
    // The key hints under the lists, in the clerk's language too.
    expect(r.output).toContain('移动');
    expect(r.output).not.toContain('navigate');
    expect(r.output).toContain('已受理 202611-0001');
    const d = json(await cli(['show', '202611-0001', '--json'], env));
    expect(d).toMatchObject({
      summary: '电梯困人',
      channel: 'phone',
      category: 'repair',
      tier: 'timed',
      resident: null,
    });
    // When asked anyway, the resident is found by search and linked.
    await cli(['resident', 'add', '王五', '--phone', '13900000005'], env);
    const linked = inTerminal(['intake', '楼道灯坏了', '--channel', 'phone'], env, [
      { expect: '诉求类别', send: ENTER },
      { expect: '分级', send: ENTER },
      { expect: '居民（回车跳过）', send: '王五' },
      { expect: '王五  139****0005  #1', send: ENTER },
    ]);
    expect(linked.code).toBe(0);
    expect(json(await cli(['show', '202611-0002', '--json'], env)).resident).toBe('王五');
    // A whole command line asks nothing, the resident neither.
    expect(inTerminal(['intake', '路灯', '--channel', 'phone', '--category', 'repair'], env, []).output).not.toContain(
      '居民（回车跳过）',
    );
    // Typing narrows a list of codes, in Chinese, English or by code.
    const typed = inTerminal(['intake', '水管漏水'], env, [
      { expect: '受理渠道', send: '收集' },
      { expect: '民情收集点  collection_point', send: ENTER },
      { expect: '诉求类别', send: '维修' },
      { expect: '设施维修  repair', send: ENTER },
      { expect: '分级', send: ENTER },
      { expect: '居民（回车跳过）', send: ENTER },
    ]);
    expect(typed.code).toBe(0);
    expect(json(await cli(['show', '202611-0004', '--json'], env))).toMatchObject({
      channel: 'collection_point',
      category: 'repair',
    });
    await cli(['resolve', '202611-0004', '--note', '已修复'], env);
    // Nothing matches: said in Chinese; Tab copies a row into the box, which still finds it.
    const tabbed = inTerminal(['intake', '噪音扰民'], env, [
      { expect: '受理渠道', send: 'xyz' },
      { expect: '没有相符的选项', send: '\u007f\u007f\u007f电' },
      { expect: '电话  phone', send: '\t' },
      { expect: '电话  phone', send: ENTER },
      { expect: '诉求类别', send: `噪音${ENTER}` },
      { expect: '分级', send: ENTER },
      { expect: '居民（回车跳过）', send: ENTER },
    ]);
    expect(tabbed.timeout).toBeNull();
    expect(tabbed.output).not.toContain('No results found');
    expect(json(await cli(['show', '202611-0005', '--json'], env))).toMatchObject({
      channel: 'phone',
      category: 'noise',
    });
    const rated = inTerminal(['rate', '202611-0004'], env, [
      { expect: '居民评价', send: 'basic' },
      { expect: '基本满意  basic', send: ENTER },
    ]);
    expect(rated.code).toBe(0);
    expect(json(await cli(['show', '202611-0004', '--json'], env)).rating).toBe('basic');
  });

  it('asks for a required argument left out, searching residents and items (SPEC §2 Prompts)', async () => {
    const { env } = await initDb();
    await cli(['resident', 'add', '王五', '--phone', '13900000005'], env);
    await cli(['resident', 'add', '李四', '--phone', '13900000004'], env);
    await cli(['points', 'item', 'add', '大米5kg', '--cost', '3'], env);
    const earn = inTerminal(['points', 'earn'], env, [
      { expect: '居民', send: '王' },
      { expect: '王五  139****0005  #1', send: ENTER },
      { expect: '积分', send: `8${ENTER}` },
      { expect: '积分事由', send: ENTER },
    ]);
    expect(earn.timeout).toBeNull();
    expect(earn.code).toBe(0);
    expect(earn.output).toContain('已为 王五（#1）记 +8 分（巡逻）');
    // With the resident given, only the item is asked for.
    const redeem = inTerminal(['points', 'redeem', '王五'], env, [
      { expect: '物品', send: '大米' },
      { expect: '大米5kg', send: ENTER },
    ]);
    expect(redeem.code).toBe(0);
    expect(redeem.output).toContain('王五（#1）兑换 大米5kg×1');
    // Typed as an input method types it, an id is found; a term that finds nothing goes on as typed.
    const fullWidth = inTerminal(['points', 'earn'], env, [
      { expect: '居民', send: '＃２' },
      { expect: '李四  139****0004  #2', send: ENTER },
      { expect: '积分', send: `5${ENTER}` },
      { expect: '积分事由', send: ENTER },
    ]);
    expect(fullWidth.code).toBe(0);
    expect(fullWidth.output).toContain('已为 李四（#2）记 +5 分');
    const nobody = inTerminal(['points', 'earn'], env, [
      { expect: '居民', send: '赵六' },
      { expect: '按输入查找：赵六', send: ENTER },
      { expect: '积分', send: `5${ENTER}` },
      { expect: '积分事由', send: ENTER },
    ]);
    expect(nobody.code).toBe(1);
    expect(nobody.output).toContain('没有居民“赵六”');
    // Text for the rest: a demand number.
    await cli(['intake', '路灯', '--channel', 'phone', '--category', 'repair'], env);
    const show = inTerminal(['show'], env, [{ expect: '诉求编号', send: `202611-0001${ENTER}` }]);
    expect(show.code).toBe(0);
    expect(show.output).toContain('路灯');
  });

  it('checks each answer as it is typed, and what was given before asking anything', async () => {
    const { env } = await initDb();
    await cli(['resident', 'add', '王五', '--phone', '13900000005'], env);
    const earn = inTerminal(['points', 'earn', '王五'], env, [
      { expect: '积分', send: `abc${ENTER}` },
      { expect: '须为 1 或更大的整数（收到“abc”）', send: `\x7f\x7f\x7f6${ENTER}` },
      { expect: '积分事由', send: ENTER },
    ]);
    expect(earn.timeout).toBeNull();
    expect(earn.code).toBe(0);
    expect(earn.output).toContain('+6 分');
    const show = inTerminal(['show'], env, [
      { expect: '诉求编号', send: `abc${ENTER}` },
      { expect: '诉求编号形如 202611-0007', send: '\x03' },
    ]);
    expect(show.timeout).toBeNull();
    // A number or a resident that is not there fails at once, before a question is asked.
    const assign = inTerminal(['assign', '202611-0099'], env, []);
    expect(assign.code).toBe(1);
    expect(assign.output).toContain('蓝色港湾没有诉求 202611-0099');
    expect(assign.output).not.toContain('分派给');
    const redeem = inTerminal(['points', 'redeem', '赵六'], env, []);
    expect(redeem.code).toBe(1);
    expect(redeem.output).toContain('没有居民“赵六”');
    expect(redeem.output).not.toContain('物品');
  });

  it('takes what was typed and Enter in one go (a paste) as the first result for it, not a stale one', async () => {
    const { env } = await initDb();
    await cli(['intake', '树枝挡窗', '--channel', 'phone', '--category', 'greening'], env);
    const r = inTerminal(['assign', '202611-0001'], env, [{ expect: '分派给', send: `业主委员会${ENTER}` }]);
    expect(r.code).toBe(0);
    expect(json(await cli(['show', '202611-0001', '--json'], env)).assignee).toBe('蓝色港湾业主委员会');
    // When the prompt's answer line shows the stale first row, a line below says which was taken.
    const plain = r.output.replace(/\u001b\[[0-9;?]*[A-Za-z]/g, '');
    // (Whether Enter beats the results is the terminal's timing: either way the line says the truth.)
    if (plain.includes('✔ 分派给（队伍或居民） 蓝色港湾社区党组织'))
      expect(plain).toContain('按输入选中：蓝色港湾业主委员会');
    else expect(plain).not.toContain('按输入选中');
  });

  it(
    'keeps a resident and a team of the same id apart, offers intake no row that can only fail, reads a dash ' +
      'answer as text',
    async () => {
      const { env } = await initDb();
      // Team #1 exists (the party organisation), and so will resident #1.
      await cli(['resident', 'add', '王五', '--phone', '13900000005'], env);
      await cli(['intake', '树枝挡窗', '--channel', 'phone', '--category', 'greening'], env);
      const assign = inTerminal(['assign', '202611-0001'], env, [
        { expect: '分派给', send: '王五' },
        { expect: '王五  139****0005  #1', send: ENTER },
      ]);
      expect(assign.code).toBe(0);
      expect(json(await cli(['show', '202611-0001', '--json'], env)).assignee).toBe('王五');
      const intake = inTerminal(['intake', '门口积水', '--channel', 'phone'], env, [
        { expect: '诉求类别', send: ENTER },
        { expect: '分级', send: ENTER },
        { expect: '居民（回车跳过）', send: '赵无名' },
        { expect: '不登记居民', send: `${DOWN}${ENTER}` }, // past the offer to register 赵无名
      ]);
      expect(intake.output).not.toContain('按输入查找');
      expect(intake.code).toBe(0);
      expect(json(await cli(['show', '202611-0002', '--json'], env)).resident).toBeNull();
      await cli(['meeting', 'new', '11月红色议事厅'], env);
      const raise = inTerminal(['meeting', 'raise', 'M1'], env, [{ expect: '问题', send: `-3栋漏水${ENTER}` }]);
      expect(raise.code).toBe(0);
      expect(json(await cli(['meeting', 'show', 'T1', '--json'], env)).title).toBe('-3栋漏水');
      // --csv on a command that prints no rows is refused before a question is asked.
      const csv = inTerminal(['--csv', 'points', 'earn'], env, []);
      expect(csv.code).toBe(2);
      expect(csv.output).toContain('--csv 只用于列表和报表');
      expect(csv.output).not.toContain('居民');
    },
  );

  it('checks a deadline typed at the prompt, saying how to write it', async () => {
    const { env } = await initDb();
    const r = inTerminal(['intake', '小区改造', '--channel', 'phone', '--category', 'other', '--tier', '专项推'], env, [
      { expect: '办结期限（如 2026-12-31）', send: `12月10日${ENTER}` },
      { expect: '请写日期', send: `${'\x7f'.repeat(8)}2026-11-01${ENTER}` },
      { expect: '期限须晚于受理时间', send: `${'\x7f'.repeat(12)}2026-12-10${ENTER}` },
      { expect: '居民（回车跳过）', send: ENTER },
    ]);
    expect(r.timeout).toBeNull();
    expect(r.code).toBe(0);
    expect(json(await cli(['show', '202611-0001', '--json'], env)).resolve_due_at).toBe(
      '2026-12-10T23:59:59.999+08:00',
    );
  });

  it(
    'asks the tier (限时结 marked), then the deadline of 专项推; registers a name the search does not know with its ' +
      'phone, in the intake',
    async () => {
      const { env } = await initDb();
      const r = inTerminal(['intake', '加装电梯', '--channel', 'phone'], env, [
        { expect: '诉求类别', send: `其他${ENTER}` },
        { expect: '限时结  timed（默认）', send: '专项' },
        { expect: '专项推  major', send: ENTER },
        { expect: '居民（回车跳过）', send: '赵六' },
        { expect: '登记新居民“赵六”（接着填电话）', send: ENTER },
        { expect: '新居民的电话', send: `123${ENTER}` },
        { expect: '电话号码是 5 到 15 位数字', send: `${'\x7f'.repeat(3)}13900000006${ENTER}` },
        { expect: '办结期限（如 2026-12-31）', send: `2026-12-31${ENTER}` },
      ]);
      expect(r.timeout).toBeNull();
      expect(r.code).toBe(0);
      expect(json(await cli(['show', '202611-0001', '--json'], env))).toMatchObject({
        tier: 'major',
        resident: '赵六',
        resolve_due_at: '2026-12-31T23:59:59.999+08:00',
      });
      expect(json(await cli(['resident', 'list', '--json'], env))).toMatchObject([
        { name: '赵六', phone: '139****0006' },
      ]);
      // A phone already on file: refused, and neither the resident nor the demand is written.
      const taken = inTerminal(['intake', '楼道堆物', '--channel', 'phone'], env, [
        { expect: '诉求类别', send: `其他${ENTER}` },
        { expect: '分级', send: ENTER },
        { expect: '居民（回车跳过）', send: '钱七' },
        { expect: '登记新居民“钱七”', send: ENTER },
        { expect: '新居民的电话', send: `13900000006${ENTER}` },
      ]);
      expect(taken.code).toBe(1);
      expect(taken.output).toContain('已登记给 赵六');
      expect(json(await cli(['resident', 'list', '--json'], env))).toHaveLength(1);
      expect((await cli(['show', '202611-0002', '--json'], env)).code).not.toBe(0);
    },
  );

  it('searches teams and residents for assign --to', async () => {
    const { env } = await initDb();
    await cli(['intake', '树枝挡窗', '--channel', 'phone', '--category', 'greening'], env);
    const r = inTerminal(['assign', '202611-0001'], env, [
      { expect: '分派给', send: '物业' },
      { expect: '蓝色港湾物业服务企业', send: ENTER },
    ]);
    expect(r.timeout).toBeNull();
    expect(r.code).toBe(0);
    expect(r.output).toContain('已分派 202611-0001 → 蓝色港湾物业服务企业');
  });

  it('fits a listing into a narrower terminal by cutting its free text; a pipe gets it whole', async () => {
    const { env } = await initDb();
    await cli(
      ['intake', '三号楼东侧单元门禁系统经常失灵，老人进出不便', '--channel', 'phone', '--category', 'repair'],
      env,
    );
    await cli(['assign', '202611-0001', '--to', '蓝色港湾物业服务企业'], env);
    const tableLines = (text: string) =>
      text
        .replace(/\u001b\[[0-9;]*m/g, '')
        .split(/\r?\n/)
        .filter((l) => /^[┌│├└]/.test(l));
    const piped = tableLines((await cli(['list'], env)).stdout);
    const wide = Math.max(...piped.map(displayWidth));
    const r = inTerminal(['list'], env, [], { columns: wide - 12 });
    expect(r.code).toBe(0);
    const shown = tableLines(r.output);
    expect(shown).toHaveLength(piped.length);
    for (const line of shown) expect(displayWidth(line)).toBeLessThanOrEqual(wide - 12);
    expect(shown.join('\n')).toContain('│ 202611-0001 │');
    expect(shown.join('\n')).toContain('…');
  });

  it('fits list into an 80-column terminal: the tier, category and resident give way and it says so', async () => {
    const { env } = await initDb();
    await cli(['resident', 'add', '欧阳明月', '--phone', '13800000001', '--address', '3栋2单元501'], env);
    for (const n of [1, 2]) {
      await cli(
        [
          'intake',
          `${n}号楼东侧单元门禁系统经常失灵，老人进出不便`,
          '--channel',
          'phone',
          '--category',
          'care',
          '--resident',
          '欧阳明月',
        ],
        env,
      );
      await cli(['assign', `202611-000${n}`, '--to', '蓝色港湾物业服务企业'], env);
    }
    const tableLines = (text: string) =>
      text
        .replace(/\u001b\[[0-9;]*m/g, '')
        .split(/\r?\n/)
        .filter((l) => /^[┌│├└]/.test(l));
    const piped = await cli(['list'], env);
    expect(piped.stdout).toContain('特殊群体服务');
    expect(piped.stderr).not.toContain('未显示');
    const r = inTerminal(['list'], env, [], { columns: 80 });
    expect(r.code).toBe(0);
    const shown = tableLines(r.output);
    expect(shown).toHaveLength(6);
    for (const line of shown) expect(displayWidth(line)).toBeLessThanOrEqual(80);
    expect(shown[1]).toMatch(/^│ 编号 +│ 状态 +│ 事项 +│ 承办 +│ 办结期限 +│/);
    expect(shown[3]).toMatch(/^│ 202611-0001 │ 处理中 +│ 1号楼东侧\S*… +│ 蓝色港\S*… +│ \d{4}-\d\d-\d\d \d\d:\d\d │/);
    expect(r.output).toContain('终端较窄，未显示：分级、类别');
    const en = inTerminal(['list', '--lang', 'en'], env, [], { columns: 80 });
    for (const line of tableLines(en.output)) expect(displayWidth(line)).toBeLessThanOrEqual(80);
    expect(en.output).toMatch(/Hidden to fit the terminal: Tier, Category/);
  });

  it("wraps show's history notes to an 80-column terminal, losing nothing", async () => {
    const { env } = await initDb();
    await cli(['intake', '邻居占用公共楼道', '--channel', 'phone', '--category', 'neighbour'], env);
    await cli(['assign', '202611-0001', '--to', '蓝色港湾物业服务企业', '--operator', '社区书记冉建国'], env);
    await cli(
      ['resolve', '202611-0001', '--outcome', 'resolved', '--note', '网格员上门调解，双方达成一致，楼道已清理干净'],
      env,
    );
    const r = inTerminal(['show', '202611-0001'], env, [], { columns: 80 });
    expect(r.code).toBe(0);
    const lines = r.output
      .replace(/\u001b\[[0-9;]*m/g, '')
      .split(/\r?\n/)
      .filter((l) => /^[┌│├└]/.test(l));
    for (const line of lines) expect(displayWidth(line)).toBeLessThanOrEqual(80);
    const note = lines.map((l) => l.split('│')[4]?.trim() ?? '').join('');
    expect(note).toContain('网格员上门调解，双方达成一致，楼道已清理干净');
  });

  it('wraps help to an 80- and a 60-column terminal, Chinese counting two columns a character', async () => {
    const { env } = await initDb();
    for (const columns of [80, 60]) {
      for (const args of [
        ['--help'],
        ['points', '--help'],
        ['intake', '--help'],
        ['meeting', '--help'],
        ['points', 'activity', '--help'],
        ['report', '--help'],
      ]) {
        const r = inTerminal(args, env, [], { columns });
        expect(r.code).toBe(0);
        const lines = r.output.replace(/\u001b\[[0-9;]*m/g, '').split(/\r?\n/);
        // (Example command lines are kept whole, to be copied: they are written for 80 columns.)
        const examples = lines.findIndex((l) => l.startsWith('例 Example'));
        const text = columns === 80 || examples < 0 ? lines : lines.slice(0, examples);
        for (const line of text)
          expect([columns, args.join(' '), line, displayWidth(line) <= columns]).toEqual([
            columns,
            args.join(' '),
            line,
            true,
          ]);
        // No line starts with a closing bracket or a comma (避头尾).
        expect(lines.filter((l) => /^\s*[）」、，。；：]/.test(l))).toEqual([]);
      }
    }
    // At 60 columns a description too narrow beside its term goes below it, indented.
    expect(inTerminal(['--help'], env, [], { columns: 60 }).output).toContain(
      '  -V, --version\r\n      output the version number',
    );
  });

  it("wraps a topic and a demand's page under their labels on a narrow terminal", async () => {
    const { env } = await initDb();
    await cli(['meeting', 'new', '11月红色议事厅'], env);
    await cli(['meeting', 'raise', 'M1', '老旧小区加装电梯资金分摊方案'], env);
    await cli(
      ['meeting', 'propose', 'T1', '按楼层系数分摊，一楼住户免出资并获补偿', '--by', '蓝色港湾业主委员会'],
      env,
    );
    await cli(
      [
        'intake',
        '三号楼东侧单元门禁系统经常失灵，老人进出不便，希望尽快维修',
        '--channel',
        'phone',
        '--category',
        'repair',
      ],
      env,
    );
    for (const args of [
      ['meeting', 'show', 'T1'],
      ['show', '202611-0001'],
    ]) {
      const r = inTerminal(args, env, [], { columns: 60 });
      expect(r.code).toBe(0);
      const lines = r.output.replace(/\u001b\[[0-9;]*m/g, '').split(/\r?\n/);
      for (const line of lines)
        expect([args.join(' '), line, displayWidth(line) <= 60]).toEqual([args.join(' '), line, true]);
      // Nothing is lost: the lines, put back together, hold the whole text.
      expect(lines.map((l) => l.trim()).join('')).toContain(
        args[0] === 'show' ? '三号楼东侧单元门禁系统经常失灵，老人进出不便，希望尽快维修' : '一楼住户免出资并获补偿',
      );
    }
  });

  it('uses colour on a terminal but not with NO_COLOR', async () => {
    const { env } = await initDb();
    await cli(['intake', '路灯', '--channel', 'phone', '--category', 'repair'], env);
    expect(inTerminal(['list'], env, []).output).toContain('\u001b[');
    expect(inTerminal(['list'], { ...env, NO_COLOR: '1' }, []).output).not.toContain('\u001b[1m');
  });
});
