import { parse } from 'csv-parse/sync';
import { describe, expect, it } from 'vitest';
import { cli, initDb, json, type Result } from '../helpers/cli.js';
import { rows } from '../helpers/rows.js';

const PROPERTY = '蓝色港湾物业服务企业';
const OWNERS = '蓝色港湾业主委员会';

/** A database with 张三, his demand 202611-0001 and meeting M1 (30 attendees). */
async function withMeeting(extra: Record<string, string> = {}) {
  const { db, env } = await initDb(extra);
  const run = (args: string[], more: Record<string, string> = {}) => cli(args, { ...env, ...more });
  await run(['resident', 'add', '张三', '--phone', '13812345678']);
  json(
    await run(['intake', '3栋门口乱停车', '--channel', '电话', '--category', '停车', '--resident', '张三', '--json']),
  );
  json(await run(['meeting', 'new', '11月红色议事厅', '--attendees', '30', '--json']));
  /** Failure paths are asserted in English here; the Chinese default is asserted below. */
  const runEn = (args: string[], more: Record<string, string> = {}) => run(args, { HONGWU_LANG: 'en', ...more });
  return { db, env, run, runEn };
}

const fails = (r: Result, code: number, stderr: string) => {
  expect(r.code, r.stderr).toBe(code);
  expect(r.stdout).toBe('');
  expect(r.stderr).toBe(stderr);
};

describe('a whole meeting, steps attempted out of order', () => {
  it('refuses each early step naming the next one, and takes the topic through all five', async () => {
    const { run, runEn } = await withMeeting();

    const raised = json(await run(['meeting', 'raise', 'M1', '3栋停车难', '--demand', '202611-0001', '--json']));
    expect(raised).toMatchObject({
      id: 1,
      meeting: 1,
      title: '3栋停车难',
      step: 'raised',
      demand: '202611-0001',
      raised_by: '张三',
      proposals: [],
      tasks: [],
    });

    fails(
      await runEn(['meeting', 'decide', 'T1', '--proposal', '1', '--for', '20', '--against', '3']),
      1,
      'hongwu: topic T1 is at step raised (居民提问题); it cannot be decided now\n' +
        '  next step: propose a plan — hongwu meeting propose T1 <proposal> --by <team>\n',
    );
    fails(
      await runEn(['meeting', 'task', 'T1', '划线', '--to', PROPERTY]),
      1,
      'hongwu: topic T1 is at step raised (居民提问题); it cannot be given a task now\n' +
        '  next step: propose a plan — hongwu meeting propose T1 <proposal> --by <team>\n',
    );
    fails(
      await runEn(['meeting', 'evaluate', 'T1', '满意']),
      1,
      'hongwu: topic T1 is at step raised (居民提问题); it cannot be evaluated now\n' +
        '  next step: propose a plan — hongwu meeting propose T1 <proposal> --by <team>\n',
    );

    const proposed = await run(['meeting', 'propose', 'T1', '划线增设车位', '--by', PROPERTY]);
    expect(proposed.code).toBe(0);
    expect(proposed.stdout).toContain('议题 T1 已收到方案 1\nT1 3栋停车难  [2 多方拟方案]');
    expect(proposed.stdout).toContain(`方案 1  ${PROPERTY}：划线增设车位  未表决`);
    expect(proposed.stdout).toContain('下一步：hongwu meeting decide T1 --proposal <n> --for <n> --against <n>');
    json(await run(['meeting', 'propose', '1', '错时停车', '--by', OWNERS, '--json']));

    fails(
      await runEn(['meeting', 'task', 'T1', '划线', '--to', PROPERTY]),
      1,
      'hongwu: topic T1 is at step proposed (多方拟方案); it cannot be given a task now\n' +
        '  next step: vote on a proposal — hongwu meeting decide T1 --proposal <n> --for <n> --against <n>\n',
    );
    fails(
      await runEn(['meeting', 'evaluate', 'T1', '满意']),
      1,
      'hongwu: topic T1 is at step proposed (多方拟方案); it cannot be evaluated now\n' +
        '  next step: vote on a proposal — hongwu meeting decide T1 --proposal <n> --for <n> --against <n>\n',
    );

    const decided = await run([
      'meeting',
      'decide',
      'T1',
      '--proposal',
      '1',
      '--for',
      '20',
      '--against',
      '3',
      '--abstain',
      '2',
    ]);
    expect(decided.code).toBe(0);
    expect(decided.stdout).toContain('方案 1 通过（20:3），议题 T1 已作决议');
    expect(decided.stdout).toContain(`方案 1  ${PROPERTY}：划线增设车位  赞成 20 · 反对 3 · 弃权 2 → 通过`);

    fails(
      await runEn(['meeting', 'propose', 'T1', '再议', '--by', OWNERS]),
      1,
      'hongwu: topic T1 is at step decided (会议作决议); it cannot be given a proposal now\n' +
        '  next step: divide the work — hongwu meeting task T1 <action> --to <team>\n',
    );
    fails(
      await runEn(['meeting', 'decide', 'T1', '--proposal', '2', '--for', '20', '--against', '3']),
      1,
      'hongwu: topic T1 is at step decided (会议作决议); it cannot be decided now\n' +
        '  next step: divide the work — hongwu meeting task T1 <action> --to <team>\n',
    );
    fails(
      await runEn(['meeting', 'evaluate', 'T1', '满意']),
      1,
      'hongwu: topic T1 is at step decided (会议作决议); it cannot be evaluated now\n' +
        '  next step: divide the work — hongwu meeting task T1 <action> --to <team>\n',
    );

    const task = json(
      await run(['meeting', 'task', 'T1', '3栋门口划线', '--to', PROPERTY, '--due', '2026-12-05', '--json']),
    );
    expect(task).toMatchObject({
      number: '202611-0002',
      summary: '3栋门口划线',
      channel: 'meeting',
      category: 'parking',
      kind: 'request',
      tier: 'timed',
      status: 'assigned',
      assignee: PROPERTY,
      resident: '张三',
      phone: '138****5678',
      received_at: '2026-11-26T10:00:00+08:00',
      responded_at: '2026-11-26T10:00:00+08:00',
      resolve_due_at: '2026-12-05T23:59:59.999+08:00',
    });

    fails(
      await runEn(['meeting', 'evaluate', 'T1', '满意']),
      1,
      `hongwu: topic T1 cannot be evaluated yet: 1 task is not resolved: 202611-0002 (assigned, ${PROPERTY})\n` +
        '  resolve it first: hongwu resolve 202611-0002 --note <what was done>\n',
    );
    expect((await run(['resolve', '202611-0002', '--note', '已划线'])).code).toBe(0);

    const evaluated = await run(['meeting', 'evaluate', 'T1', '满意', '--comment', '停车顺畅了']);
    expect(evaluated.code).toBe(0);
    expect(evaluated.stdout).toContain('议题 T1 已评价：满意');
    expect(evaluated.stdout).toContain('评价 满意：停车顺畅了');
    fails(
      await runEn(['meeting', 'evaluate', 'T1', '满意']),
      1,
      'hongwu: topic T1 is at step evaluated (效果大家评); it cannot be evaluated now\n  nothing: the topic has ' +
        'been evaluated\n',
    );

    const shown = json(await run(['meeting', 'show', 'T1', '--json']));
    expect(shown).toMatchObject({
      id: 1,
      meeting: 1,
      step: 'evaluated',
      evaluation: 'satisfied',
      evaluation_comment: '停车顺畅了',
    });
    expect(
      shown.proposals.map((p: any) => [p.n, p.by, p.votes_for, p.votes_against, p.votes_abstain, p.passed]),
    ).toEqual([
      [1, PROPERTY, 20, 3, 2, true],
      [2, OWNERS, null, null, null, null],
    ]);
    expect(shown.tasks.map((d: any) => [d.number, d.status])).toEqual([['202611-0002', 'resolved']]);
    expect(shown.events.map((e: any) => [e.step, e.meeting])).toEqual([
      ['raised', 1],
      ['proposed', 1],
      ['decided', 1],
      ['implementing', 1],
      ['evaluated', 1],
    ]);

    const board = await run(['meeting', 'show', 'M1']);
    expect(board.code).toBe(0);
    expect(board.stdout).toContain('会议  M1 11月红色议事厅\n时间  2026-11-26 10:00\n出席  30\n议题  1\n');
    expect(board.stdout).toMatch(/│ 1 居民提问题 │ 2 多方拟方案 │ 3 会议作决议 │ 4 分工抓落实 │ 5 效果大家评 │/);
    expect(board.stdout).toMatch(/│ +│ +│ +│ +│ T1 3栋停车难 │/);
    expect(board.stdout).toContain(`任务 202611-0002  3栋门口划线  ${PROPERTY}  已办结`);
  });
});

describe('votes', () => {
  it('records a failed vote, exits 0 and keeps the topic proposed; a later vote can pass', async () => {
    const { run, runEn, db } = await withMeeting();
    await run(['meeting', 'raise', '1', '增设充电桩']);
    await run(['meeting', 'propose', 'T1', '物业出资建设', '--by', PROPERTY]);
    const failed = await run([
      'meeting',
      'decide',
      'T1',
      '--proposal',
      '1',
      '--for',
      '5',
      '--against',
      '5',
      '--abstain',
      '3',
    ]);
    expect(failed.code).toBe(0);
    expect(failed.stderr).toBe('');
    expect(failed.stdout).toContain('方案 1 未通过（5:5），议题 T1 仍待决议');
    expect(failed.stdout).toContain('赞成 5 · 反对 5 · 弃权 3 → 未通过');
    const topic = json(await run(['meeting', 'show', 'T1', '--json']));
    expect(topic.step).toBe('proposed');
    expect(topic.proposals[0]).toMatchObject({ votes_for: 5, votes_against: 5, votes_abstain: 3, passed: false });

    const again = json(
      await run(['meeting', 'decide', 'T1', '--proposal', '1', '--for', '6', '--against', '5', '--json']),
    );
    expect(again.step).toBe('decided');
    expect(again.proposals[0].votes.map((v: any) => v.passed)).toEqual([false, true]);
    expect(await rows(db, 'select passed from votes order by id')).toEqual([{ passed: 0 }, { passed: 1 }]);
    expect(await rows(db, `select count(*) n from topic_events where step = 'decided'`)).toEqual([{ n: 1 }]);
  });

  it('refuses an unknown proposal, bad counts and more votes than attendees', async () => {
    const { run, runEn } = await withMeeting();
    await run(['meeting', 'raise', 'M1', '增设充电桩']);
    await run(['meeting', 'propose', 'T1', '物业出资建设', '--by', PROPERTY]);
    fails(
      await runEn(['meeting', 'decide', 'T1', '--proposal', '3', '--for', '5', '--against', '1']),
      1,
      'hongwu: topic T1 has no proposal 3\n  its proposals are 1; see `hongwu meeting show T1`\n',
    );
    const negative = await run(['meeting', 'decide', 'T1', '--proposal', '1', '--for', '-1', '--against', '1']);
    expect(negative.code).toBe(2);
    expect(negative.stderr).toContain('--for：须为 0 或更大的整数（收到“-1”）');
    fails(
      await runEn(['meeting', 'decide', 'T1', '--proposal', '1', '--for', '20', '--against', '10', '--abstain', '1']),
      2,
      'hongwu: 31 votes were cast but 11月红色议事厅 had 30 attendees\n  check the counts of --for, --against and ' +
        '--abstain\n',
    );
    fails(
      await runEn(['meeting', 'decide', 'T1', '--proposal', '1']),
      2,
      'hongwu: missing --for, --against\n  pass them on the command line (in a terminal hongwu asks for them)\n',
    );
    expect(json(await run(['meeting', 'show', 'T1', '--json'])).proposals[0].votes).toEqual([]);
  });
});

describe('evaluation is gated on tasks', () => {
  it('names every open task, ignores cancelled ones, and needs one left', async () => {
    const { run, runEn } = await withMeeting();
    await run(['meeting', 'raise', 'M1', '小区绿化带破损']);
    await run(['meeting', 'propose', 'T1', '补种并加护栏', '--by', PROPERTY]);
    await run(['meeting', 'decide', 'T1', '--proposal', '1', '--for', '9', '--against', '0']);
    const first = json(await run(['meeting', 'task', 'T1', '补种', '--to', PROPERTY, '--json']));
    const second = json(await run(['meeting', 'task', 'T1', '加护栏', '--to', OWNERS, '--json']));
    expect(first).toMatchObject({ category: 'other', resident: null, channel: 'meeting' });
    fails(
      await runEn(['meeting', 'evaluate', 'T1', 'basic']),
      1,
      `hongwu: topic T1 cannot be evaluated yet: 2 tasks are not resolved: ${first.number} (assigned, ` +
        `${PROPERTY}); ${second.number} (assigned, ${OWNERS})\n` +
        `  resolve them first: hongwu resolve ${first.number} --note <what was done>\n`,
    );
    await run(['resolve', first.number, '--note', '已补种']);
    await run(['rate', first.number, '满意']);
    await run(['cancel', second.number, '--reason', '重复录入']);
    expect(json(await run(['meeting', 'evaluate', 'T1', 'basic', '--json'])).step).toBe('evaluated');
  });

  it('refuses when every task was cancelled', async () => {
    const { run, runEn } = await withMeeting();
    await run(['meeting', 'raise', 'M1', '小区绿化带破损']);
    await run(['meeting', 'propose', 'T1', '补种', '--by', PROPERTY]);
    await run(['meeting', 'decide', 'T1', '--proposal', '1', '--for', '9', '--against', '0']);
    const task = json(await run(['meeting', 'task', 'T1', '补种', '--to', PROPERTY, '--json']));
    await run(['cancel', task.number, '--reason', '录错了']);
    fails(
      await runEn(['meeting', 'evaluate', 'T1', '满意']),
      1,
      'hongwu: topic T1 has no task left to evaluate (all were cancelled)\n  add one: hongwu meeting task T1 ' +
        '<action> --to <team>\n',
    );
  });
});

describe('a topic spanning two meetings', () => {
  it('is carried over, decided at the next meeting and shown on both boards', async () => {
    const { run, runEn, db } = await withMeeting();
    await run(['meeting', 'raise', 'M1', '电梯老化']);
    await run(['meeting', 'raise', 'M1', '楼道堆物']);
    await run(['meeting', 'propose', 'T1', '申请维修基金更换', '--by', OWNERS]);
    await run(['meeting', 'decide', 'T1', '--proposal', '1', '--for', '10', '--against', '12']);

    const list = await run(['meeting', 'list']);
    expect(list.code).toBe(0);
    expect(list.stdout).toMatch(/│ T1 +│ M1 +│ 电梯老化 +│ 2 多方拟方案 +│/);

    const december = { HONGWU_NOW: '2026-12-20T15:00:00+08:00' };
    const m2 = json(await run(['meeting', 'new', '12月红色议事厅', '--json'], december));
    expect(m2).toEqual({
      id: 2,
      title: '12月红色议事厅',
      at: '2026-12-20T15:00:00+08:00',
      attendees: null,
      topics: [],
    });
    const carried = await run(['meeting', 'list'], december);
    expect(carried.stdout).toMatch(/│ T1 +│ M1（遗留） +│ 电梯老化/);
    expect(carried.stdout).toMatch(/│ T2 +│ M1（遗留） +│ 楼道堆物 +│ 1 居民提问题/);
    const en = await run(['meeting', 'list', '--lang', 'en'], december);
    expect(en.stdout).toContain('M1 (carried over)');

    await run(['meeting', 'propose', 'T1', '分期更换', '--by', PROPERTY], december);
    json(
      await run(['meeting', 'decide', 'T1', '--proposal', '2', '--for', '25', '--against', '2', '--json'], december),
    );
    const topic = json(await run(['meeting', 'show', 'T1', '--json'], december));
    expect(topic.meeting).toBe(1);
    expect(topic.events.map((e: any) => [e.step, e.meeting, e.at])).toEqual([
      ['raised', 1, '2026-11-26T10:00:00+08:00'],
      ['proposed', 1, '2026-11-26T10:00:00+08:00'],
      ['decided', 2, '2026-12-20T15:00:00+08:00'],
    ]);
    expect(topic.proposals.map((p: any) => p.passed)).toEqual([false, true]);

    const second = json(await run(['meeting', 'show', 'M2', '--json'], december));
    expect(second.topics.map((t: any) => [t.id, t.meeting, t.step])).toEqual([[1, 1, 'decided']]);
    // Its page counts topics as `meeting list` does: none raised there, one carried over.
    expect((await run(['meeting', 'show', 'M2'], december)).stdout).toContain('议题  0（另有遗留议题 1）\n');
    const first = json(await run(['meeting', 'show', '1', '--json'], december));
    expect(first.topics.map((t: any) => t.id)).toEqual([1, 2]);

    const all = json(await run(['meeting', 'list', '--json'], december));
    expect(all.map((m: any) => [m.id, m.topics.length])).toEqual([
      [2, 0],
      [1, 2],
    ]);
    const csv = parse((await run(['meeting', 'list', '--csv'], december)).stdout, { columns: true });
    expect(csv).toEqual([
      {
        id: '2',
        title: '12月红色议事厅',
        at: '2026-12-20T15:00:00+08:00',
        attendees: '',
        topics: '0',
        open_topics: '0',
      },
      {
        id: '1',
        title: '11月红色议事厅',
        at: '2026-11-26T10:00:00+08:00',
        attendees: '30',
        topics: '2',
        open_topics: '2',
      },
    ]);

    // What the report counts month by month: meetings held and each step, from meetings and topic_events.
    const byMonth = await rows(
      db,
      `select step, strftime('%Y-%m', at, '+8 hours') as month, count(*) n from topic_events group by 1, 2 ` +
        `order by 2, 1`,
    );
    expect(byMonth).toEqual([
      { step: 'proposed', month: '2026-11', n: 1 },
      { step: 'raised', month: '2026-11', n: 2 },
      { step: 'decided', month: '2026-12', n: 1 },
    ]);
  });
});

describe('a topic raised from a demand links both ways', () => {
  it('names the topic in `show` of the demand and of its task', async () => {
    const { run, runEn } = await withMeeting();
    await run(['meeting', 'raise', 'M1', '3栋停车难', '--demand', '202611-0001']);
    fails(
      await runEn(['meeting', 'raise', 'M1', '又一次', '--demand', '202611-0001']),
      1,
      'hongwu: demand 202611-0001 is already topic T1 (3栋停车难)\n  see it with `hongwu meeting show T1`\n',
    );
    const demand = json(await run(['show', '202611-0001', '--json']));
    expect(demand.topics).toEqual([{ id: 1, meeting: 1, title: '3栋停车难', step: 'raised', role: 'raised_from' }]);
    const page = await run(['show', '202611-0001']);
    expect(page.stdout).toContain('议事议题  T1 3栋停车难（居民提问题）');

    await run(['meeting', 'propose', 'T1', '划线', '--by', PROPERTY]);
    await run(['meeting', 'decide', 'T1', '--proposal', '1', '--for', '9', '--against', '1']);
    await run(['meeting', 'task', 'T1', '划线', '--to', PROPERTY]);
    const task = json(await run(['show', '202611-0002', '--json']));
    expect(task.topics).toEqual([{ id: 1, meeting: 1, title: '3栋停车难', step: 'implementing', role: 'task' }]);
    expect(task.events.map((e: any) => [e.type, e.note])).toEqual([
      ['intake', null],
      ['assign', '红色议事厅 T1'],
    ]);
    const plain = json(await run(['show', '202611-0001', '--json']));
    expect(plain.status).toBe('open');
  });
});

describe('bad input', () => {
  it('one clear line and the right exit code; nothing half-written', async () => {
    const { run, runEn, db } = await withMeeting();
    fails(
      await runEn(['meeting', 'raise', 'M9', '问题']),
      1,
      'hongwu: no meeting "M9"\n  see `hongwu meeting list`; start one with `hongwu meeting new <title>`\n',
    );
    fails(
      await runEn(['meeting', 'raise', '11月红色议事会', '问题']),
      1,
      'hongwu: no meeting "11月红色议事会"\n  did you mean: M1 11月红色议事厅? see `hongwu meeting list`; start one with ' +
        '`hongwu meeting new <title>`\n',
    );
    expect(json(await run(['meeting', 'raise', '11月红色议事厅', '问题', '--by', '张三', '--json'])).raised_by).toBe(
      '张三',
    );
    fails(
      await runEn(['meeting', 'raise', 'M1', '问题', '--demand', '202611-0099']),
      1,
      'hongwu: no demand 202611-0099 in 蓝色港湾\n  find it with `hongwu list --status all`\n',
    );
    fails(
      await runEn(['meeting', 'raise', 'M1', '问题', '--by', '李四']),
      1,
      'hongwu: no resident "李四"\n  add one with `hongwu resident add`\n',
    );
    fails(
      await runEn(['meeting', 'propose', 'T9', '方案', '--by', PROPERTY]),
      1,
      'hongwu: no topic T9 in 蓝色港湾\n  see the open topics with `hongwu meeting list`\n',
    );
    fails(
      await runEn(['meeting', 'propose', 'X1', '方案', '--by', PROPERTY]),
      2,
      'hongwu: "X1" is not a topic id\n  topics look like T7 (as `hongwu meeting raise` printed it)\n',
    );
    fails(
      await runEn(['meeting', 'propose', 'T1', '方案']),
      2,
      'hongwu: missing --by\n  pass them on the command line (in a terminal hongwu asks for them)\n',
    );
    // (A part of the name, `物业`, would take the team: SPEC §12.)
    const team = await run(['meeting', 'propose', 'T1', '方案', '--by', '物业企业']);
    expect(team.code).toBe(1);
    expect(team.stderr).toBe(
      'hongwu: 没有队伍“物业企业”\n  是不是：蓝色港湾物业服务企业 (#3)？新队伍请先添加：hongwu team add\n',
    );
    fails(
      await runEn(['meeting', 'new', '下月会议', '--at', '2026-12-01']),
      2,
      'hongwu: --at 2026-12-01 00:00:00 is in the future (now 2026-11-26 10:00:00)\n  record what already happened\n',
    );
    expect((await run(['meeting', 'new', '会议', '--attendees', 'many'])).code).toBe(2);
    expect((await run(['meeting', 'evaluate', 'T1', 'great'])).code).toBe(2);

    await run(['meeting', 'propose', 'T1', '方案', '--by', PROPERTY]);
    await run(['meeting', 'decide', 'T1', '--proposal', '1', '--for', '9', '--against', '1']);
    fails(
      await runEn(['meeting', 'task', 'T1', '修', '--to', PROPERTY, '--due', '2026-11-01']),
      2,
      'hongwu: --due 2026-11-01 23:59 is not after the intake\n  give a later date\n',
    );
    fails(
      await runEn(['meeting', 'task', 'T1', '修', '--to', '张三']),
      1,
      'hongwu: no team "张三"\n  add one with `hongwu team add`\n',
    );
    expect(await rows(db, 'select count(*) n from demands')).toEqual([{ n: 1 }]);
    expect(await rows(db, `select step from topics`)).toEqual([{ step: 'decided' }]);
  });

  it('refuses a title that names two meetings, listing them', async () => {
    const { run, runEn } = await withMeeting();
    await run(['meeting', 'new', '11月红色议事厅']);
    fails(
      await runEn(['meeting', 'raise', '11月红色议事厅', '问题']),
      1,
      'hongwu: "11月红色议事厅" is ambiguous: 2 matches (meeting): M2 11月红色议事厅; M1 11月红色议事厅\n  name one by its id (#id)\n',
    );
    expect(json(await run(['meeting', 'raise', 'M2', '问题', '--json'])).meeting).toBe(2);
  });

  it('shows an empty list and an empty meeting helpfully', async () => {
    const { env } = await initDb();
    const empty = await cli(['meeting', 'list'], env);
    expect(empty).toEqual({ code: 0, stdout: '', stderr: '还没有会议：hongwu meeting new <会议名称>\n' });
    expect(json(await cli(['meeting', 'list', '--json'], env))).toEqual([]);
    const made = await cli(['meeting', 'new', 'Dec meeting', '--lang', 'en'], env);
    expect(made.stdout).toBe(
      'Meeting M1 opened\nMeeting    M1 Dec meeting\nTime       2026-11-26 10:00\nTopics     0\nNo topics yet: ' +
        'hongwu meeting raise M1 <issue>\n',
    );
  });
});
