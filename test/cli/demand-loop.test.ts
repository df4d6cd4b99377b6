import { parse } from 'csv-parse/sync';
import { beforeEach, describe, expect, it } from 'vitest';
import { cli, initDb, json } from '../helpers/cli.js';
import { rows } from '../helpers/rows.js';

let env: Record<string, string | undefined>;
let db: string;
const at = (now: string) => ({ ...env, HONGWU_NOW: now });

beforeEach(async () => {
  ({ env, db } = await initDb());
});

describe('init', () => {
  it('creates the community and the three parties, and is idempotent', async () => {
    const again = await cli(['init'], env);
    expect(again).toEqual({
      code: 0,
      stdout: `数据库已就绪：${db}（社区「蓝色港湾」）\n`,
      stderr: '时区 Asia/Shanghai，限时结 7 天。\n下一步：hongwu intake "<诉求>" --channel 电话 --category 停车\n',
    });
    const teams = json(await cli(['team', 'list', '--json'], env));
    expect(teams.map((t: { kind: string }) => t.kind)).toEqual(['party_org', 'owners_committee', 'property']);
  });

  it('sets the days a timed demand has, for the demands taken in after (SPEC §4: configurable)', async () => {
    await cli(['intake', '路灯', '--channel', 'phone', '--category', 'repair'], env);
    const set = json(await cli(['init', '--timed-days', '5', '--json'], env));
    expect(set.timed_days).toBe(5);
    await cli(['intake', '噪音', '--channel', 'phone', '--category', 'noise'], env);
    const due = async (n: string) => json(await cli(['show', n, '--json'], env)).resolve_due_at;
    expect(await due('202611-0001')).toBe('2026-12-03T10:00:00+08:00');
    expect(await due('202611-0002')).toBe('2026-12-01T10:00:00+08:00');
    expect((await cli(['init'], env)).stderr).toContain('限时结 5 天。');
    expect((await cli(['init', '--timed-days', '6'], env)).stderr).toContain(
      '限时结 6 天（原 5 天；只影响此后受理的诉求）。',
    );
    expect((await cli(['init', '--timed-days', '0'], env)).code).toBe(2);
  });

  it('refuses to change the time zone once set', async () => {
    const r = await cli(['init', '--timezone', 'UTC'], env);
    expect(r.code).toBe(1);
    expect(r.stderr).toBe('hongwu: 数据库已使用时区 Asia/Shanghai\n  时区在初始化时确定，诉求编号和月份边界都依赖它\n');
  });
});

describe('intake', () => {
  it('prints the demand with its deadlines, and the next step on stderr', async () => {
    const r = await cli(
      ['intake', '路灯不亮', '--channel', '电话', '--category', 'repair', '--phone', '13812345678'],
      env,
    );
    expect(r.code).toBe(0);
    expect(r.stdout).toBe(
      [
        '已受理 202611-0001',
        '编号      202611-0001',
        '事项      路灯不亮',
        '状态      待分派',
        '渠道      电话',
        '类别      设施维修',
        '性质      求助/诉求',
        '分级      限时结',
        '电话      138****5678',
        '受理时间  2026-11-26 10:00',
        '响应期限  2026-11-27 10:00',
        '办结期限  2026-12-03 10:00',
        '',
      ].join('\n'),
    );
    expect(r.stderr).toBe('下一步：hongwu assign 202611-0001 --to <队伍或志愿者>\n');
  });

  it('prints exactly the demand JSON of the contract with --json', async () => {
    const d = json(
      await cli(
        [
          'intake',
          '楼道堆物',
          '--channel',
          'walk_in',
          '--category',
          '环境卫生',
          '--kind',
          '投诉',
          '--tier',
          'immediate',
          '--json',
        ],
        env,
      ),
    );
    expect(d).toEqual({
      number: '202611-0001',
      community: 'lsgw',
      summary: '楼道堆物',
      channel: 'walk_in',
      category: 'environment',
      kind: 'complaint',
      tier: 'immediate',
      status: 'open',
      received_at: '2026-11-26T10:00:00+08:00',
      response_due_at: '2026-11-26T12:00:00+08:00',
      resolve_due_at: '2026-11-26T23:59:59.999+08:00',
      assignee: null,
      responded_at: null,
      resolved_at: null,
      outcome: null,
      rating: null,
      resident: null,
      phone: null,
      address: null,
      overdue: false,
      paused: false,
      visits: [],
    });
  });

  it('numbers demands by month of intake, restarting each month', async () => {
    const n = async (...extra: string[]) =>
      json(await cli(['intake', 'x', '--channel', 'phone', '--category', 'other', '--json', ...extra], env)).number;
    expect(await n()).toBe('202611-0001');
    expect(await n()).toBe('202611-0002');
    expect(await n('--at', '2026-10-31 23:59')).toBe('202610-0001');
    // 07:00 on 1 November in Shanghai is still 31 October in UTC: the number follows Shanghai.
    expect(await n('--at', '2026-11-01T07:00:00+08:00')).toBe('202611-0003');
  });

  it(
    'gives an immediate demand taken after 18:00 until the ' + 'end of the next day; 18:00 itself is the same day',
    async () => {
      const due = async (taken: string) =>
        json(
          await cli(
            [
              'intake',
              '水管爆裂',
              '--channel',
              'phone',
              '--category',
              'utilities',
              '--tier',
              '即时办',
              '--at',
              taken,
              '--json',
            ],
            at('2026-11-26T22:00:00+08:00'),
          ),
        ).resolve_due_at;
      expect(await due('2026-11-25 17:59')).toBe('2026-11-25T23:59:59.999+08:00');
      expect(await due('2026-11-25 18:00')).toBe('2026-11-25T23:59:59.999+08:00');
      expect(await due('2026-11-25 18:01')).toBe('2026-11-26T23:59:59.999+08:00');
    },
  );

  it('requires --due for a major demand and checks dates', async () => {
    const base = ['intake', '外墙翻新', '--channel', 'meeting', '--category', 'repair', '--tier', 'major'];
    expect(await cli(base, env)).toMatchObject({ code: 2, stderr: expect.stringContaining('缺少 --due') });
    const bad = await cli([...base, '--due', 'next week'], env);
    expect(bad.code).toBe(2);
    expect(bad.stderr.split('\n')[0]).toBe('hongwu: --due：“next week”不是日期或时间');
    const past = await cli([...base, '--due', '2026-11-01'], env);
    expect(past.code).toBe(2);
    expect(past.stderr.split('\n')[0]).toBe('hongwu: --due 2026-11-01 23:59 不晚于受理时间');
    const ok = json(await cli([...base, '--due', '2027-03-31', '--json'], env));
    expect(ok.resolve_due_at).toBe('2027-03-31T23:59:59.999+08:00');
  });

  it('refuses unknown codes, future times and blank summaries with exit 2, writing nothing', async () => {
    const bad = await cli(['intake', 'x', '--channel', 'fax', '--category', 'parking'], env);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toBe(
      'hongwu: --channel：不认识的值“fax”，可用：walk_in（窗口来访）、phone（电话）、online（线上平台）、collection_point（民情收集点）、' +
        'grid（网格员/楼长上报）、patrol（巡查发现）、meeting（议事会）\n' +
        '  加 --help 可查看各选项的写法\n',
    );
    const future = await cli(['intake', 'x', '--channel', 'phone', '--category', 'parking', '--at', '2026-11-27'], env);
    expect(future.code).toBe(2);
    expect(future.stderr.split('\n')[0]).toBe(
      'hongwu: --at 2026-11-27 00:00:00 是将来的时间（现在 2026-11-26 10:00:00）',
    );
    expect(await cli(['intake', '  ', '--channel', 'phone', '--category', 'parking'], env)).toEqual({
      code: 2,
      stdout: '',
      stderr: 'hongwu: <summary>：不能为空\n  加 --help 可查看各选项的写法\n',
    });
    expect(json(await cli(['list', '--status', 'all', '--json'], env))).toEqual([]);
  });

  it('without a terminal, names every missing input and exits 2', async () => {
    const r = await cli(['intake'], env);
    expect(r).toEqual({
      code: 2,
      stdout: '',
      stderr: 'hongwu: 缺少 <summary>, --channel, --category\n  请在命令行中给出（在终端里运行时 hongwu 会逐项询问）\n',
    });
  });
});

describe('residents on intake', () => {
  it('links an existing resident by name, registers a new one only with a new phone', async () => {
    await cli(['resident', 'add', '张三', '--phone', '13812345678', '--address', '3-2-501'], env);
    const linked = json(
      await cli(['intake', 'a', '--channel', 'phone', '--category', 'noise', '--resident', '张三', '--json'], env),
    );
    expect(linked).toMatchObject({ resident: '张三', phone: '138****5678', address: '3-2-501' });

    const unknown = await cli(['intake', 'b', '--channel', 'phone', '--category', 'noise', '--resident', '李四'], env);
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toBe('hongwu: 没有居民“李四”\n  新居民请先登记：hongwu resident add\n');

    const created = json(
      await cli(
        [
          'intake',
          'b',
          '--channel',
          'phone',
          '--category',
          'noise',
          '--resident',
          '李四',
          '--phone',
          '13900001111',
          '--json',
        ],
        env,
      ),
    );
    expect(created).toMatchObject({ resident: '李四', phone: '139****1111' });

    const clash = await cli(
      ['intake', 'c', '--channel', 'phone', '--category', 'noise', '--resident', '王五', '--phone', '13812345678'],
      env,
    );
    expect(clash.code).toBe(1);
    expect(clash.stderr.split('\n')[0]).toBe('hongwu: 电话 138****5678 已登记给 张三 (#1, 138****5678)');
    expect(json(await cli(['resident', 'list', '--json'], env)).map((r: { name: string }) => r.name)).toEqual([
      '张三',
      '李四',
    ]);
  });

  it('fails on an ambiguous name, listing the matches, and suggests close names for typos', async () => {
    await cli(['resident', 'add', '张三', '--phone', '13812345678'], env);
    await cli(['resident', 'add', '张三', '--phone', '13900000000'], env);
    const amb = await cli(['intake', 'a', '--channel', 'phone', '--category', 'noise', '--resident', '张三'], env);
    expect(amb.code).toBe(1);
    expect(amb.stderr).toBe(
      'hongwu: “张三”对应 2 个居民：张三 (#1, 138****5678); 张三 (#2, 139****0000)\n  请用编号（#id）指定其中一个\n',
    );
    const byPhone = json(
      await cli(
        [
          'intake',
          'a',
          '--channel',
          'phone',
          '--category',
          'noise',
          '--resident',
          '张三',
          '--phone',
          '13900000000',
          '--json',
        ],
        env,
      ),
    );
    expect(byPhone.phone).toBe('139****0000');
    const typo = await cli(['resident', 'show', '张'], env);
    expect(typo.code).toBe(1);
    expect(typo.stderr).toBe(
      'hongwu: 没有居民“张”\n  是不是：张三 (#1, 138****5678); 张三 (#2, 139****0000)？新居民请先登记：hongwu resident add\n',
    );
  });
});

describe('the loop: assign, resolve, rate, cancel', () => {
  async function newDemand(extra: string[] = []): Promise<string> {
    return json(
      await cli(['intake', '电梯异响', '--channel', 'phone', '--category', 'repair', '--json', ...extra], env),
    ).number;
  }

  it('assigns to a team, resolves, and closes on a satisfied rating, recording every event', async () => {
    const n = await newDemand();
    const a = json(await cli(['assign', n, '--to', '蓝色港湾物业服务企业', '--json'], at('2026-11-26T11:00:00+08:00')));
    expect(a).toMatchObject({
      status: 'assigned',
      assignee: '蓝色港湾物业服务企业',
      responded_at: '2026-11-26T11:00:00+08:00',
    });
    const r = json(await cli(['resolve', n, '--note', '更换导轮', '--json'], at('2026-11-27T15:00:00+08:00')));
    expect(r).toMatchObject({ status: 'resolved', outcome: 'resolved', resolved_at: '2026-11-27T15:00:00+08:00' });
    const c = json(await cli(['rate', n, '满意', '--comment', '很快', '--json'], at('2026-11-28T09:00:00+08:00')));
    expect(c).toMatchObject({ status: 'closed', rating: 'satisfied' });
    const shown = json(await cli(['show', n, '--json'], at('2026-11-28T09:00:00+08:00')));
    expect(
      shown.events.map((e: { type: string; status: string; operator: string }) => [e.type, e.status, e.operator]),
    ).toEqual([
      ['intake', 'open', 'tester'],
      ['assign', 'assigned', 'tester'],
      ['resolve', 'resolved', 'tester'],
      ['rate', 'closed', 'tester'],
    ]);
    expect(shown.events[2]).toMatchObject({ at: '2026-11-27T15:00:00+08:00', note: '更换导轮', outcome: 'resolved' });
    expect(shown.events[3]).toMatchObject({ note: '很快', rating: 'satisfied' });
  });

  it('reopens on an unsatisfied rating keeping the deadlines, and closes with --final', async () => {
    const n = await newDemand();
    await cli(['assign', n, '--to', '蓝色港湾物业服务企业'], env);
    await cli(['resolve', n, '--note', '已处理'], env);
    const reopened = await cli(['rate', n, 'unsatisfied'], env);
    expect(reopened.code).toBe(0);
    expect(reopened.stdout.split('\n')[0]).toBe(`${n} 不满意，已重新打开`);
    const d = json(await cli(['show', n, '--json'], env));
    expect(d).toMatchObject({
      status: 'assigned',
      resolved_at: null,
      rating: 'unsatisfied',
      resolve_due_at: '2026-12-03T10:00:00+08:00',
    });
    await cli(['resolve', n, '--note', '返工'], env);
    expect(json(await cli(['rate', n, '不满意', '--final', '--json'], env))).toMatchObject({
      status: 'closed',
      rating: 'unsatisfied',
    });
  });

  it('takes a mediation outcome on any demand, noting when it will not count as a dispute mediated', async () => {
    const take = async (kind: string) =>
      json(
        await cli(
          ['intake', '邻里争吵', '--channel', 'walk_in', '--category', 'neighbour', '--kind', kind, '--json'],
          env,
        ),
      ).number;
    const complaint = await take('complaint');
    const r = await cli(['resolve', complaint, '--note', '双方已和解', '--outcome', '调解成功'], env);
    expect(r.code).toBe(0);
    expect(r.stderr).toContain(`说明：${complaint} 的性质是“投诉”，调解结果只在矛盾纠纷中计入调解成功率\n`);
    const dispute = await take('dispute');
    const d = await cli(['resolve', dispute, '--note', '双方已和解', '--outcome', 'mediated'], env);
    expect(d.code).toBe(0);
    expect(d.stderr).not.toContain('说明');
    const english = await cli(
      ['resolve', await take('suggestion'), '--note', 'done', '--outcome', 'not_mediated', '--lang', 'en'],
      env,
    );
    expect(english.stderr).toContain(
      'is a suggestion; a mediation outcome counts toward the mediation success rate only for disputes\n',
    );
  });

  it('reopens to open when the demand was resolved at the desk without an assignee', async () => {
    const n = await newDemand();
    await cli(['resolve', n, '--note', '当场解答'], env);
    expect(json(await cli(['rate', n, 'unsatisfied', '--json'], env)).status).toBe('open');
  });

  it('moves the resolve deadline with assign --due and records why', async () => {
    const n = await newDemand();
    await cli(['assign', n, '--to', '蓝色港湾物业服务企业', '--due', '2026-12-20', '--note', '需订购配件'], env);
    const d = json(await cli(['show', n, '--json'], env));
    expect(d.resolve_due_at).toBe('2026-12-20T23:59:59.999+08:00');
    // The clerk's note is kept as typed; the move is the event's due_at, told in the history.
    expect(d.events[1]).toMatchObject({ type: 'assign', due_at: '2026-12-20T23:59:59.999+08:00', note: '需订购配件' });
    const history = (await cli(['show', n], env)).stdout;
    expect(history).toContain('蓝色港湾物业服务企业 · 办结期限 2026-12-03 10:00 → 2026-12-20 23:59 · 需订购配件');
    // The same deadline again is no move: the history says nothing of it.
    await cli(['assign', n, '--to', '蓝色港湾物业服务企业', '--due', '2026-12-20'], env);
    const again = (await cli(['show', n], env)).stdout;
    expect(again.match(/办结期限 \S+ \S+ →/g)).toHaveLength(1);
    expect((await cli(['show', n, '--lang', 'en'], env)).stdout).toContain(
      'Resolve by 2026-12-03 10:00 → 2026-12-20 23:59',
    );
  });

  it('assigns to a party-member volunteer (a resident)', async () => {
    await cli(['resident', 'add', '王大姐', '--phone', '13700000001', '--tag', 'party_member'], env);
    const n = await newDemand();
    expect(json(await cli(['assign', n, '--to', '王大姐', '--json'], env)).assignee).toBe('王大姐');
  });

  it('refuses wrong transitions with exit 1 naming the next step', async () => {
    const n = await newDemand();
    expect(await cli(['rate', n, 'satisfied'], env)).toEqual({
      code: 1,
      stdout: '',
      stderr: `hongwu: 诉求 ${n} 当前待分派，不能评价\n  ${n} 的下一步：分派（hongwu assign）、当场办结（hongwu resolve）或撤销（hongwu cancel）\n`,
    });
    expect((await cli(['rate', n, 'great'], env)).stderr.split('\n')[0]).toBe(
      'hongwu: <rating>：不认识的值“great”，可用：satisfied（满意）、basic（基本满意）、unsatisfied（不满意）',
    );
    await cli(['cancel', n, '--reason', '重复登记'], env);
    const r = await cli(['resolve', n, '--note', 'x'], env);
    expect(r.code).toBe(1);
    expect(r.stderr.split('\n')[0]).toBe(`hongwu: 诉求 ${n} 当前已撤销，不能办结`);
    const m = await newDemand();
    await cli(['resolve', m, '--note', 'x'], env);
    await cli(['rate', m, 'satisfied'], env);
    expect((await cli(['assign', m, '--to', '蓝色港湾物业服务企业'], env)).code).toBe(1);
    expect((await cli(['cancel', m, '--reason', 'x'], env)).code).toBe(1);
  });

  it('checks --at: not in the future, not before the intake or the latest event', async () => {
    const n = await newDemand(['--at', '2026-11-20 09:00']);
    const before = await cli(['assign', n, '--to', '蓝色港湾物业服务企业', '--at', '2026-11-19'], env);
    expect(before.code).toBe(2);
    expect(before.stderr.split('\n')[0]).toBe(
      'hongwu: --at 2026-11-19 00:00:00 早于该诉求的受理时间（2026-11-20 09:00:00）',
    );
    await cli(['assign', n, '--to', '蓝色港湾物业服务企业', '--at', '2026-11-21 10:00'], env);
    // Before the intake even after a later event: the message names the intake's time.
    expect((await cli(['resolve', n, '--note', 'x', '--at', '2026-11-19'], env)).stderr.split('\n')[0]).toBe(
      'hongwu: --at 2026-11-19 00:00:00 早于该诉求的受理时间（2026-11-20 09:00:00）',
    );
    const early = await cli(['resolve', n, '--note', 'x', '--at', '2026-11-21 09:00'], env);
    expect(early.code).toBe(2);
    expect(early.stderr.split('\n')[0]).toBe(
      'hongwu: --at 2026-11-21 09:00:00 早于该诉求的最近一次办理（2026-11-21 10:00:00）',
    );
    expect((await cli(['resolve', n, '--note', 'x', '--at', '2026-11-30'], env)).code).toBe(2);
  });

  it('answers unknown and malformed numbers', async () => {
    expect(await cli(['show', '202611-0099'], env)).toEqual({
      code: 1,
      stdout: '',
      stderr: 'hongwu: 蓝色港湾没有诉求 202611-0099\n  可用 hongwu list --status all 查找\n',
    });
    expect((await cli(['show', '11-99'], env)).code).toBe(2);
  });
});

describe('list', () => {
  it("lists one resident's demands, every status unless --status, found by name, phone or id", async () => {
    await cli(['resident', 'add', '王五', '--phone', '13900000005'], env);
    await cli(['intake', '路灯', '--channel', 'phone', '--category', 'repair', '--resident', '王五'], env);
    await cli(['intake', '噪音', '--channel', 'phone', '--category', 'noise', '--resident', '王五'], env);
    await cli(['intake', '停车', '--channel', 'phone', '--category', 'parking'], env);
    await cli(['resolve', '202611-0001', '--note', '修好'], env);
    await cli(['rate', '202611-0001', 'satisfied'], env);
    const numbers = async (args: string[]) =>
      json(await cli(['list', ...args, '--json'], env)).map((d: { number: string }) => d.number);
    expect(await numbers(['--resident', '王五'])).toEqual(['202611-0001', '202611-0002']);
    expect(await numbers(['--resident', '139 0000 0005', '--status', 'active'])).toEqual(['202611-0002']);
    expect(await numbers(['--resident', '#1', '--status', 'closed'])).toEqual(['202611-0001']);
    const table = await cli(['list', '--resident', '王五'], env);
    expect(table.stdout).toContain('│ 202611-0001 │ 已评价');
    expect(table.stderr).toMatch(/^共 2 条/);
    const unknown = await cli(['list', '--resident', '王六'], env);
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toContain('王五');
  });

  it('filters by status, overdue, month, category and kind', async () => {
    // A flag is given once (issue 14): the category is parking unless the demand names its own.
    const mk = async (summary: string, extra: string[]) =>
      json(
        await cli(
          [
            'intake',
            summary,
            '--channel',
            'phone',
            ...(extra.includes('--category') ? [] : ['--category', 'parking']),
            '--json',
            ...extra,
          ],
          env,
        ),
      ).number;
    const old = await mk('十月的', ['--at', '2026-10-10 10:00', '--kind', 'complaint']);
    const now = await mk('十一月的', ['--category', 'noise']);
    const numbers = async (...args: string[]) =>
      json(await cli(['list', '--json', ...args], env)).map((d: { number: string }) => d.number);
    expect(await numbers()).toEqual([old, now]);
    expect(await numbers('--status', 'overdue')).toEqual([old]);
    expect(await numbers('--month', '2026-11')).toEqual([now]);
    expect(await numbers('--category', '噪音')).toEqual([now]);
    expect(await numbers('--kind', 'complaint')).toEqual([old]);
    await cli(['cancel', old, '--reason', '误录'], env);
    expect(await numbers()).toEqual([now]);
    expect(await numbers('--status', 'cancelled')).toEqual([old]);
    // The table of cancelled demands says why each was withdrawn, where others show the deadline.
    const cancelled = await cli(['list', '--status', '已撤销'], env);
    expect(cancelled.stdout).toMatch(/│ 编号 +│ 状态 +│ 分级 +│ 类别 +│ 事项 +│ 承办 +│ 撤销原因 │ 居民 │/);
    expect(cancelled.stdout).toMatch(new RegExp(`│ ${old} │ 已撤销 │ .* │ 误录 +│`));
    expect(await numbers('--status', 'all')).toEqual([old, now]);
    const bad = await cli(['list', '--status', 'done'], env);
    expect(bad.code).toBe(2);
    expect((await cli(['list', '--month', '2026-13'], env)).code).toBe(2);
    // Equal deadlines come in order of intake, so that a page (--limit) is always the same.
    const first = await mk('同一期限', ['--at', '2026-10-12 10:00']);
    const second = await mk('同一期限', ['--at', '2026-10-12 10:00']);
    expect(await numbers('--status', 'overdue')).toEqual([first, second]);
    expect(await numbers('--status', 'overdue', '--limit', '1')).toEqual([first]);
    // A table cut by --limit says so, instead of counting the page as all there is.
    const cut = await cli(['list', '--status', 'overdue', '--limit', '1'], env);
    expect(cut.stderr).toBe('按 --limit 显示前 1 条\n');
    const whole = await cli(['list', '--status', 'overdue', '--limit', '2'], env);
    expect(whole.stderr).toBe('共 2 条 · 2026-11-26 10:00\n');
  });

  it(
    'gives the page of the oldest demands of the work queue ' + 'and of the newest of history, as a naive sort would',
    async () => {
      // Intakes at random times, each taken some way along the loop: statuses interleave in time.
      const rng = (seed: number) => () => (seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31) / 2 ** 31;
      const next = rng(7);
      for (let i = 0; i < 40; i++) {
        const day = 1 + Math.floor(next() * 25);
        const d = json(
          await cli(
            [
              'intake',
              `第${i}件`,
              '--channel',
              'phone',
              '--category',
              'repair',
              '--at',
              `2026-11-${String(day).padStart(2, '0')} 09:${String(i).padStart(2, '0')}`,
              '--json',
            ],
            env,
          ),
        );
        const steps = Math.floor(next() * 4);
        if (steps >= 1)
          await cli(['assign', d.number, '--to', '蓝色港湾物业服务企业', '--at', '2026-11-26 09:00'], env);
        if (steps >= 2) await cli(['resolve', d.number, '--note', 'n', '--at', '2026-11-26 09:10'], env);
        if (steps >= 3) await cli(['rate', d.number, 'satisfied', '--at', '2026-11-26 09:20'], env);
      }
      const all = json(await cli(['list', '--status', 'all', '--json'], env)) as {
        number: string;
        status: string;
        received_at: string;
      }[];
      // The work queue's page is its oldest demands; history's (closed, cancelled, all) its newest,
      // both in order of intake.
      const naive = (statuses: string[], limit?: number) => {
        const of = all.filter((d) => statuses.includes(d.status));
        const history = statuses.length === 1 && statuses[0] === 'closed';
        return (limit === undefined ? of : history ? of.slice(-limit) : of.slice(0, limit)).map((d) => d.number);
      };
      const page = async (...args: string[]) =>
        json(await cli(['list', '--json', ...args], env)).map((d: { number: string }) => d.number);
      expect(all.map((d) => d.received_at)).toEqual([...all.map((d) => d.received_at)].sort());
      expect(await page()).toEqual(naive(['open', 'assigned', 'resolved']));
      expect(await page('--limit', '7')).toEqual(naive(['open', 'assigned', 'resolved'], 7));
      for (const status of ['open', 'assigned', 'resolved', 'closed']) {
        expect(await page('--status', status, '--limit', '5')).toEqual(naive([status], 5));
      }
      expect(await page('--status', 'all', '--limit', '6')).toEqual(all.slice(-6).map((d) => d.number));
      // The table says which end of the list it shows.
      const latest = await cli(['list', '--status', 'all', '--limit', '3'], env);
      expect(
        latest.stdout
          .split('\n')
          .filter((l) => /^│ 2026/.test(l))
          .map((l) => l.slice(2, 13)),
      ).toEqual(all.slice(-3).map((d) => d.number));
      expect(latest.stderr).toBe('按 --limit 显示最近 3 条\n');
      const oldest = await cli(['list', '--limit', '3'], env);
      expect(oldest.stderr).toBe('按 --limit 显示前 3 条\n');
    },
  );

  it('prints a table for people, marking overdue demands', async () => {
    await cli(
      [
        'intake',
        '路灯',
        '--channel',
        'phone',
        '--category',
        'repair',
        '--at',
        '2026-11-01 09:00',
        '--tier',
        'immediate',
      ],
      env,
    );
    const r = await cli(['list'], env);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('│ 202611-0001 │ 待分派 · 已超期 │ 即时办 │ 设施维修 │ 路灯');
    expect(r.stderr).toBe('共 1 条 · 2026-11-26 10:00\n');
    const empty = await cli(['list', '--status', 'closed'], env);
    expect(empty).toEqual({ code: 0, stdout: '', stderr: '没有符合条件的诉求。\n' });
  });

  it('writes CSV that parses back, masks phones and neutralises formulas', async () => {
    await cli(
      [
        'intake',
        '=HYPERLINK("http://x","点我")',
        '--channel',
        'phone',
        '--category',
        'other',
        '--phone',
        '13812345678',
        '--address',
        '-1栋',
      ],
      env,
    );
    const r = await cli(['list', '--csv'], env);
    expect(r.code).toBe(0);
    const rows = parse(r.stdout, { columns: true }) as Record<string, string>[];
    expect(Object.keys(rows[0]!)).toEqual([
      'number',
      'community',
      'summary',
      'channel',
      'category',
      'kind',
      'tier',
      'status',
      'received_at',
      'response_due_at',
      'resolve_due_at',
      'assignee',
      'responded_at',
      'resolved_at',
      'outcome',
      'rating',
      'resident',
      'phone',
      'address',
      'overdue',
      // Part two's, after part one's: what tells namesakes apart on import (SPEC §11).
      'assignee_address',
      'assignee_created_at',
      'resident_created_at',
    ]);
    expect(rows[0]).toMatchObject({
      number: '202611-0001',
      summary: '\'=HYPERLINK("http://x","点我")',
      phone: '138****5678',
      address: "'-1栋",
      overdue: 'false',
    });
    expect(r.stdout).not.toContain('13812345678');
  });
});

describe('communities, teams and residents', () => {
  it('says what is wrong with a phone number: not digits, or too few of them', async () => {
    const short = await cli(['resident', 'add', '赵六', '--phone', '1234'], env);
    expect(short).toEqual({
      code: 2,
      stdout: '',
      stderr: 'hongwu: “1234”不是电话号码\n  电话号码是 5 到 15 位数字，如 13812345678 或 0856-5221234\n',
    });
    const words = await cli(['resident', 'add', '赵六', '--phone', '一二三'], env);
    expect(words.stderr).toBe('hongwu: “一二三”不是电话号码\n  请只填数字，如 13812345678\n');
  });

  it('asks which community when there are several', async () => {
    await cli(['community', 'add', '桂花园', '--code', 'ghy'], env);
    const r = await cli(['list'], env);
    expect(r.code).toBe(2);
    expect(r.stderr).toBe(
      'hongwu: 数据库里有 2 个社区：蓝色港湾 (lsgw), 桂花园 (ghy)\n  请用 --community <代码|名称> 或环境变量 HONGWU_COMMUNITY 指定\n',
    );
    const d = json(
      await cli(['--community', 'ghy', 'intake', 'x', '--channel', 'phone', '--category', 'other', '--json'], env),
    );
    expect(d.community).toBe('ghy');
    expect(json(await cli(['list', '--json'], { ...env, HONGWU_COMMUNITY: '桂花园' })).length).toBe(1);
    expect(json(await cli(['list', '--json', '--community', 'lsgw'], env)).length).toBe(0);
    expect((await cli(['list', '--community', '桂花'], env)).stderr).toBe(
      'hongwu: 没有社区“桂花”\n  是不是：桂花园 (ghy)？可用 hongwu community list 查看\n',
    );
    expect((await cli(['community', 'add', '桂花园'], env)).code).toBe(1);
  });

  it('adds and shows teams; refuses duplicates and unknown kinds', async () => {
    const add = await cli(['team', 'add', '党员先锋队', '--kind', '党员先锋队'], env);
    expect(add).toEqual({ code: 0, stdout: '已添加队伍「党员先锋队」（党员先锋队，#4）\n', stderr: '' });
    expect((await cli(['team', 'add', '党员先锋队', '--kind', 'volunteer'], env)).code).toBe(1);
    expect((await cli(['team', 'add', '巡逻队', '--kind', 'army'], env)).code).toBe(2);
    expect(json(await cli(['team', 'show', '党员先锋队', '--json'], env))).toEqual({
      id: 4,
      name: '党员先锋队',
      kind: 'party_vanguard',
      open_demands: 0,
      activities: [],
      members: [],
    });
  });

  it('shows the full phone only on the resident page, and records that access', async () => {
    await cli(['resident', 'add', '闵德衡', '--phone', '138 1234 5678', '--tag', '独居老人', '--tag', 'elderly'], env);
    expect(json(await cli(['resident', 'list', '--json'], env))[0]).toMatchObject({
      phone: '138****5678',
      tags: ['elderly_alone', 'elderly'],
    });
    expect(json(await cli(['resident', 'show', '闵德衡', '--json'], env)).phone).toBe('13812345678');
    expect(await rows(db, 'SELECT operator, action, subject FROM audit_log')).toEqual([
      { operator: 'tester', action: 'resident.show', subject: 'resident:1' },
    ]);
    expect((await cli(['resident', 'list', '--tag', 'disabled', '--json'], env)).stdout).toBe('[]\n');
    const tag = await cli(['resident', 'tag', '#1', 'disabled'], env);
    expect(tag.stdout).toBe('闵德衡（#1）已标记为残疾人\n');
    expect((await cli(['resident', 'tag', '1', '残疾人'], env)).stdout).toBe('闵德衡（#1）已有标签残疾人，未改动\n');
    expect((await cli(['resident', 'add', '某人', '--phone', 'abc'], env)).code).toBe(2);
  });
});

describe('English labels', () => {
  it('uses English for the human output with --lang en and HONGWU_LANG=en', async () => {
    const r = await cli(['intake', 'Broken lamp', '--channel', 'phone', '--category', 'repair', '--lang', 'en'], env);
    expect(r.stdout.split('\n').slice(0, 3)).toEqual([
      'Received 202611-0001',
      'Number          202611-0001',
      'Summary         Broken lamp',
    ]);
    expect(r.stderr).toBe('Next: hongwu assign 202611-0001 --to <team or volunteer>\n');
    expect((await cli(['list'], { ...env, HONGWU_LANG: 'en' })).stderr).toBe('1 demands · 2026-11-26 10:00\n');
  });

  it('writes error messages in English too', async () => {
    const en = { ...env, HONGWU_LANG: 'en' };
    expect((await cli(['show', '202611-0099'], en)).stderr).toBe(
      'hongwu: no demand 202611-0099 in 蓝色港湾\n  find it with `hongwu list --status all`\n',
    );
    expect((await cli(['intake', '--lang', 'en'], env)).stderr).toBe(
      'hongwu: missing <summary>, --channel, --category\n  pass them on the command line (in a terminal hongwu ' +
        'asks for them)\n',
    );
    await cli(['intake', 'x', '--channel', 'phone', '--category', 'other'], env);
    expect((await cli(['rate', '202611-0001', 'basic', '--lang=en'], env)).stderr).toBe(
      'hongwu: demand 202611-0001 is open; it cannot be rated now\n  next step for 202611-0001: assign it ' +
        '(hongwu assign), resolve it at the desk (hongwu resolve) or cancel it\n',
    );
    expect((await cli(['list', '--status', 'x', '--lang', 'en'], env)).stderr).toBe(
      'hongwu: --status: unknown value "x"\n  use one of open, assigned, resolved, closed, cancelled, overdue, ' +
        'paused, all, active\n',
    );
  });
});
