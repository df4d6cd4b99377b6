import { describe, expect, it } from 'vitest';
import { halfWidth } from '../../src/domain/half-width.js';
import { normalisePhone } from '../../src/domain/phone.js';
import { cli, initDb, json, spawnCli } from '../helpers/cli.js';
import { rows } from '../helpers/rows.js';

/** What a tired clerk types with a Chinese input method left in full-width mode (全角). */
describe('input as a Chinese input method types it', () => {
  it('reads full-width digits, letters and punctuation as ASCII, and leaves other text alone', () => {
    expect(halfWidth('２０２６１１－０００１')).toBe('202611-0001');
    expect(halfWidth('２２：００')).toBe('22:00');
    expect(halfWidth('＃１２　ａｂ')).toBe('#12 ab');
    const text = '三号楼门禁失灵、老人进出不便';
    expect(halfWidth(text)).toBe(text);
  });

  it('normalises a phone number however it was typed, and rejects what is none', () => {
    for (const typed of [
      '13900001111',
      '139 0000 1111',
      '139-0000-1111',
      '+86 139 0000 1111',
      '0086-13900001111',
      '8613900001111',
      '１３９００００１１１１',
    ]) {
      expect(normalisePhone(typed)).toBe('13900001111');
    }
    expect(normalisePhone('(0851) 8523 1234')).toBe('085185231234');
    expect(normalisePhone('王五')).toBeUndefined();
    expect(normalisePhone('12')).toBeUndefined();
  });

  it('takes full-width numbers, dates, ids and amounts, and a flag typed with Chinese dashes', async () => {
    const { env } = await initDb();
    await cli(['resident', 'add', '王五', '--phone', '139 0000 1111'], env);
    // ——channel, as the input method turns -- into a dash; the resident found by the phone as typed.
    const intake = spawnCli(
      ['intake', '路灯不亮', '——channel', '电话', '－－category', 'repair', '—resident', '+86 139-0000-1111', '--json'],
      env,
    );
    expect(intake.code).toBe(0);
    expect(json(intake)).toMatchObject({
      number: '202611-0001',
      channel: 'phone',
      category: 'repair',
      resident: '王五',
    });
    expect(json(await cli(['show', '２０２６１１－０００１', '--json'], env)).number).toBe('202611-0001');
    const resolved = await cli(
      [
        'resolve',
        '２０２６１１－０００１',
        '--note',
        '已修好，亮了',
        '--at',
        '２０２６－１１－２６　０９：３０',
        '--json',
      ],
      { ...env, HONGWU_NOW: '2026-11-26T10:00:00+08:00' },
    );
    expect(resolved.code).toBe(2); // before the intake at 10:00: refused, but read as a time
    expect(resolved.stderr).toContain('--at 2026-11-26 09:30:00 早于该诉求的受理时间');
    const points = await cli(['points', 'earn', '＃１', '１０', '--reason', 'patrol', '--json'], env);
    expect(points.code).toBe(0);
    expect(json(points)).toMatchObject({ resident: '王五', delta: 10 });
    expect(json(await cli(['resident', 'show', '139 0000 1111', '--json'], env)).name).toBe('王五');
    expect((await cli(['list', '--month', '２０２６－１１', '--json'], env)).code).toBe(0);
    // Free text is kept exactly as typed, full-width punctuation and all.
    expect(json(await cli(['show', '202611-0001', '--json'], env)).summary).toBe('路灯不亮');
    expect(
      json(await cli(['intake', '３栋，门口乱停车', '--channel', 'phone', '--category', 'parking', '--json'], env))
        .summary,
    ).toBe('３栋，门口乱停车');
  });

  it('still treats a dash inside text as text', async () => {
    const { env } = await initDb();
    const r = await cli(['intake', '——楼道灯坏了——', '--channel', 'phone', '--category', 'repair', '--json'], env);
    expect(r.code).toBe(0);
    expect(json(r).summary).toBe('——楼道灯坏了——');
  });
});

describe('messages a clerk can act on', () => {
  it('names a missing argument in Chinese and points to the sub-command help', async () => {
    const { env } = await initDb();
    expect(await cli(['points', 'earn'], env)).toEqual({
      code: 2,
      stdout: '',
      stderr: 'hongwu: 缺少参数 <resident>（居民）、<points>（积分）\n  用法见 `hongwu points earn --help`\n',
    });
    expect((await cli(['points', 'lgo'], env)).stderr).toBe(
      'hongwu: 不认识的命令 lgo\n  用法见 `hongwu points --help`\n',
    );
    expect((await cli(['--lang', 'en', 'meeting', 'new'], env)).stderr).toBe(
      "hongwu: missing required argument 'title'\n  see `hongwu meeting new --help`\n",
    );
  });

  it('says an unquoted summary with spaces is too many arguments, and how to quote it', async () => {
    const { env } = await initDb();
    const r = await cli(['intake', '3栋', '门口', '乱停车', '--channel', 'phone', '--category', 'parking'], env);
    expect(r).toEqual({
      code: 2,
      stdout: '',
      stderr:
        'hongwu: 参数太多：应为 1 个，收到 3 个（含空格的内容请加引号，如 "3栋 门口乱停车"）\n  用法见 `hongwu intake --help`\n',
    });
  });

  it('asks for a missing rating by its argument, not by a flag that does not exist', async () => {
    const { env } = await initDb();
    await cli(['intake', '路灯', '--channel', 'phone', '--category', 'repair'], env);
    await cli(['resolve', '202611-0001', '--note', '修好'], env);
    expect((await cli(['rate', '202611-0001'], env)).stderr.split('\n')[0]).toBe('hongwu: 缺少 <rating>');
  });

  it('takes list --status and report --format by the words a clerk uses, and lists them when wrong', async () => {
    const { env } = await initDb();
    await cli(['intake', '路灯', '--channel', 'phone', '--category', 'repair', '--at', '2026-11-01'], env);
    const numbers = async (status: string) =>
      json(await cli(['list', '--status', status, '--json'], env)).map((d: { number: string }) => d.number);
    expect(await numbers('已超期')).toEqual(['202611-0001']);
    expect(await numbers('逾期')).toEqual(['202611-0001']);
    expect(await numbers('全部')).toEqual(['202611-0001']);
    expect(await numbers('已办结')).toEqual([]);
    const wrong = await cli(['list', '--status', '超时'], env);
    expect(wrong.code).toBe(2);
    expect(wrong.stderr).toContain('overdue（已超期）、paused（挂起中）、all（全部）、active（在办）');
    expect((await cli(['report', '--month', '2026-10', '--format', 'markdown'], env)).stdout).toMatch(
      /^# 蓝色港湾 2026-10 月度报表/,
    );
    expect((await cli(['report', '--format', 'xml'], env)).stderr.split('\n')[0]).toBe(
      'hongwu: --format：不认识的值“xml”，可用：table（表格）、md（Markdown）、csv（CSV）、json（JSON）',
    );
  });

  it('registers a second resident of the same name, and says how to tell them apart', async () => {
    const { env } = await initDb();
    await cli(['resident', 'add', '王阿姨', '--phone', '13900001111'], env);
    const second = await cli(['resident', 'add', '王阿姨'], env);
    expect(second).toEqual({
      code: 0,
      stdout: '已登记居民 王阿姨（#2）\n',
      stderr: '注意：已有同名居民 王阿姨 (#1, 139****1111)；以后请用编号 #2 或电话指明这位\n',
    });
    expect((await cli(['resident', 'add', '李四'], env)).stderr).toBe('');
  });
});

describe('what show tells a clerk', () => {
  it('names the community a number belongs to when it is not this one', async () => {
    const { env } = await initDb();
    await cli(['community', 'add', '红枫', '--code', 'hf'], env);
    await cli(['--community', 'hf', 'intake', '路灯', '--channel', 'phone', '--category', 'repair'], env);
    expect(await cli(['--community', 'lsgw', 'show', '202611-0001'], env)).toEqual({
      code: 1,
      stdout: '',
      stderr: 'hongwu: 蓝色港湾没有诉求 202611-0001：它属于红枫\n  请加 --community hf\n',
    });
  });

  it('says a rating that reopened the demand was of the earlier handling', async () => {
    const { env } = await initDb();
    await cli(['intake', '路灯', '--channel', 'phone', '--category', 'repair'], env);
    await cli(['resolve', '202611-0001', '--note', '换了灯泡'], env);
    await cli(['rate', '202611-0001', 'unsatisfied'], env);
    await cli(['resolve', '202611-0001', '--note', '换了线路'], env);
    expect((await cli(['show', '202611-0001'], env)).stdout).toMatch(/\n评价 +不满意（上次办理的评价，已重新办理）\n/);
    await cli(['rate', '202611-0001', 'satisfied'], env);
    expect((await cli(['show', '202611-0001'], env)).stdout).toMatch(/\n评价 +满意\n/);
  });
});

describe('phones stored by earlier versions', () => {
  it('finds +86… as the same number and never registers it twice', async () => {
    const { db, env } = await initDb();
    await cli(['resident', 'add', '李四', '--phone', '13900009999'], env);
    await rows(db, "UPDATE residents SET phone = '+8613900009999' WHERE name = '李四'");
    expect(json(await cli(['resident', 'show', '139 0000 9999', '--json'], env)).name).toBe('李四');
    const again = await cli(['resident', 'add', '王新', '--phone', '13900009999'], env);
    expect(again.code).toBe(1);
    expect(again.stderr.split('\n')[0]).toMatch(/^hongwu: 电话 139\*\*\*\*9999 已登记给 李四/);
    expect(
      json(
        await cli(
          ['intake', '路灯', '--channel', 'phone', '--category', 'repair', '--phone', '+86 139 0000 9999', '--json'],
          env,
        ),
      ).resident,
    ).toBe('李四');
  });
});

describe('full-width references everywhere a code or number is typed', () => {
  it('reads months, entries, meetings and topics', async () => {
    const { env } = await initDb();
    await cli(['resident', 'add', '周'], env);
    await cli(['points', 'earn', '周', '10', '--reason', 'patrol'], env);
    await cli(['meeting', 'new', '11月红色议事厅'], env);
    expect((await cli(['report', '--month', '２０２６－１０', '--json'], env)).code).toBe(0);
    expect(json(await cli(['points', 'reverse', '＃１', '--reason', '记错了', '--json'], env)).reverses).toBe(1);
    expect(json(await cli(['meeting', 'raise', 'Ｍ１', '电梯老化', '--json'], env)).id).toBe(1);
    expect(json(await cli(['meeting', 'show', 'Ｔ１', '--json'], env)).title).toBe('电梯老化');
    expect((await cli(['meeting', 'propose', 'Ｔ１', '更换', '--by', '蓝色港湾业主委员会'], env)).code).toBe(0);
  });
});

describe('flags typed in full width or with IME dashes', () => {
  it('reads the flag, keeps the text of a value as typed', async () => {
    const { env } = await initDb();
    const r = await cli(['intake', '路灯', '－－ｃｈａｎｎｅｌ', 'phone', '——category＝repair', '--json'], env);
    expect(json(r)).toMatchObject({ channel: 'phone', category: 'repair' });
    await cli(['resolve', '202611-0001', '--note', '—ok，已修好'], env);
    expect(json(await cli(['show', '202611-0001', '--json'], env)).events.at(-1).note).toBe('—ok，已修好');
    // The flag itself typed with IME dashes: its value is still text.
    await cli(['intake', '路灯', '--channel', 'phone', '--category', 'repair'], env);
    await cli(['assign', '202611-0002', '--to', '蓝色港湾物业服务企业', '——note', '—ok'], env);
    expect(json(await cli(['show', '202611-0002', '--json'], env)).events.at(-1).note).toBe('—ok');
  });
});

describe('more of what a clerk types', () => {
  it(
    'takes 2026年12月31日 as a date, names every missing ' + 'argument at once, registers a resident since a date',
    async () => {
      const { env } = await initDb();
      const due = await cli(
        [
          'intake',
          '加装电梯',
          '--channel',
          'phone',
          '--category',
          'repair',
          '--tier',
          'major',
          '--due',
          '2026年12月31日',
          '--json',
        ],
        env,
      );
      expect(json(due).resolve_due_at).toBe('2026-12-31T23:59:59.999+08:00');
      expect((await cli(['points', 'earn'], env)).stderr.split('\n')[0]).toBe(
        'hongwu: 缺少参数 <resident>（居民）、<points>（积分）',
      );
      expect((await cli(['points', 'earn', '--lang', 'en'], env)).stderr.split('\n')[0]).toBe(
        "hongwu: missing required arguments 'resident', 'points'",
      );
      // A resident registered by a backdated intake is known from the intake's date, so may be tagged from it.
      await cli(
        [
          'intake',
          '助餐',
          '--channel',
          'collection_point',
          '--category',
          'care',
          '--resident',
          '孙新来',
          '--phone',
          '13912340000',
          '--at',
          '2026-10-08',
        ],
        env,
      );
      expect((await cli(['resident', 'tag', '孙新来', 'elderly_alone', '--at', '2026-10-08'], env)).code).toBe(0);
      await cli(['resident', 'add', '李奶奶', '--at', '2026-05-01'], env);
      await cli(['resident', 'tag', '李奶奶', 'elderly_alone', '--at', '2026-05-01'], env);
      const report = json(await cli(['report', '--month', '2026-06', '--json'], env));
      expect(
        report.rows.find(
          (r: { metric: string; breakdown: string | null }) => r.metric === 'care_residents' && r.breakdown === null,
        ).value,
      ).toBe(1);
    },
  );
});
