import { cli } from '../helpers/cli.js';
import { rows } from '../helpers/rows.js';

/** `2026-10-05 09:00` in Shanghai as a stored UTC instant. */
export const sh = (local: string) => new Date(`${local.replace(' ', 'T')}:00+08:00`).toISOString();

/** Runs a hongwu command for a fixture, failing loudly if it does not succeed. */
export async function ok(args: string[], env: Record<string, string | undefined>): Promise<string> {
  const r = await cli(args, env);
  if (r.code !== 0) throw new Error(`hongwu ${args.join(' ')} failed (${r.code}): ${r.stderr}`);
  return r.stdout;
}

/**
 * The hand-computed month of test/report/metrics.test.ts: demands through the CLI with --at,
 * points and meetings as rows written straight into the database (their commands are built elsewhere).
 */
export async function buildOctober(db: string, env: Record<string, string | undefined>): Promise<void> {
  const run = (...args: string[]) => ok(args, env);
  await ok(['resident', 'add', '张三', '--phone', '13812345678', '--tag', 'elderly_alone'], {
    ...env,
    HONGWU_NOW: '2026-10-01T08:00:00+08:00',
  });
  await ok(['resident', 'add', '李四', '--phone', '13900000002'], { ...env, HONGWU_NOW: '2026-10-01T08:00:00+08:00' });
  await ok(['resident', 'tag', '李四', 'disabled'], { ...env, HONGWU_NOW: '2026-11-20T08:00:00+08:00' });
  await ok(['resident', 'add', '王五', '--phone', '13900000003', '--tag', 'party_member'], {
    ...env,
    HONGWU_NOW: '2026-09-01T08:00:00+08:00',
  });
  const property = '蓝色港湾物业服务企业';

  // A year earlier: three complaints.
  for (const day of ['03', '10', '20']) {
    await run(
      'intake',
      '去年投诉',
      '--channel',
      'phone',
      '--category',
      'noise',
      '--kind',
      'complaint',
      '--at',
      `2025-10-${day} 09:00`,
    );
  }
  // September demands that matter in October.
  await run(
    'intake',
    'D6 纠纷',
    '--channel',
    'phone',
    '--category',
    'neighbour',
    '--kind',
    'dispute',
    '--at',
    '2026-09-20 09:00',
  ); // 202609-0001
  await run(
    'intake',
    'D7 未办',
    '--channel',
    'phone',
    '--category',
    'repair',
    '--at',
    '2026-09-01 09:00',
    '--phone',
    '13700001111',
  ); // 202609-0002
  await run('intake', 'D8 重办', '--channel', 'phone', '--category', 'repair', '--at', '2026-09-10 09:00'); // 202609-0003
  await run('assign', '202609-0001', '--to', property, '--at', '2026-09-20 10:00');
  await run('resolve', '202609-0001', '--note', 'done', '--outcome', 'not_mediated', '--at', '2026-10-02 10:00');
  await run('rate', '202609-0001', 'satisfied', '--at', '2026-10-03 10:00');
  await run('assign', '202609-0003', '--to', property, '--at', '2026-09-10 10:00');
  await run('resolve', '202609-0003', '--note', 'done', '--at', '2026-09-12 10:00');
  await run('rate', '202609-0003', 'unsatisfied', '--at', '2026-09-13 10:00');
  await run('resolve', '202609-0003', '--note', 'again', '--at', '2026-11-05 10:00');

  // October's cohort.
  await run(
    'intake',
    'D1 路灯',
    '--channel',
    'phone',
    '--category',
    'repair',
    '--resident',
    '张三',
    '--at',
    '2026-10-03 09:00',
  ); // 0001
  await run('assign', '202610-0001', '--to', property, '--at', '2026-10-03 10:00');
  await run('resolve', '202610-0001', '--note', 'fixed', '--at', '2026-10-04 10:00');
  await run('rate', '202610-0001', 'satisfied', '--at', '2026-10-05 10:00');
  await run(
    'intake',
    'D2 噪音投诉',
    '--channel',
    'online',
    '--category',
    'noise',
    '--kind',
    'complaint',
    '--at',
    '2026-10-05 09:00',
  ); // 0002
  await run(
    'intake',
    'D3 邻里纠纷',
    '--channel',
    'walk_in',
    '--category',
    'neighbour',
    '--kind',
    'dispute',
    '--tier',
    'immediate',
    '--at',
    '2026-10-10 20:00',
  ); // 0003
  await run('assign', '202610-0003', '--to', property, '--at', '2026-10-10 23:00');
  await run('resolve', '202610-0003', '--note', '调解', '--outcome', 'mediated', '--at', '2026-10-11 12:00');
  await run('rate', '202610-0003', 'unsatisfied', '--at', '2026-10-12 10:00');
  await run('resolve', '202610-0003', '--note', '再调解', '--outcome', 'mediated', '--at', '2026-10-13 10:00');
  await run('rate', '202610-0003', 'basic', '--at', '2026-10-14 10:00');
  await run(
    'intake',
    'D4 误录',
    '--channel',
    'grid',
    '--category',
    'parking',
    '--kind',
    'complaint',
    '--at',
    '2026-10-20 09:00',
  ); // 0004
  await run('cancel', '202610-0004', '--reason', '误录', '--at', '2026-10-20 10:00');
  await run(
    'intake',
    'D5 上门照料',
    '--channel',
    'phone',
    '--category',
    'care',
    '--tier',
    'immediate',
    '--at',
    '2026-10-31 23:30',
  ); // 0005
  await run(
    'intake',
    'D9 建议',
    '--channel',
    'online',
    '--category',
    'environment',
    '--kind',
    'suggestion',
    '--at',
    '2026-10-15 09:00',
  ); // 0006
  await run('assign', '202610-0006', '--to', property, '--at', '2026-10-15 10:00');
  await run('resolve', '202610-0006', '--note', 'done', '--at', '2026-10-25 09:00');
  await run('rate', '202610-0006', 'unsatisfied', '--final', '--at', '2026-10-26 09:00');
  // After the month: none of this may change October.
  await run('assign', '202610-0005', '--to', property, '--at', '2026-11-01 00:30');
  await run('resolve', '202610-0005', '--note', 'done', '--at', '2026-11-02 09:00');
  await run('intake', '十一月', '--channel', 'phone', '--category', 'other', '--at', '2026-11-02 09:00');

  await insertPointsAndMeetings(db);
}

async function insertPointsAndMeetings(db: string): Promise<void> {
  /** Runs an INSERT … RETURNING id (or a SELECT of one id) and gives the id. */
  const id = async (text: string, ...params: unknown[]) => (await rows<{ id: number }>(db, text, params))[0]!.id;
  const zhang = await id("SELECT id FROM residents WHERE name = '张三'");
  const li = await id("SELECT id FROM residents WHERE name = '李四'");
  const wang = await id("SELECT id FROM residents WHERE name = '王五'");
  const property = await id("SELECT id FROM teams WHERE kind = 'property'");
  const party = await id("SELECT id FROM teams WHERE kind = 'party_org'");
  const activity = (title: string, team: number, at: string) =>
    id(
      'INSERT INTO activities (community_id, title, team_id, reason, points, at, recorded_at, operator) VALUES ' +
        "(1, ?, ?, 'cleanup', 10, ?, ?, 't') RETURNING id",
      title,
      team,
      sh(at),
      sh(at),
    );
  const a1 = await activity('清扫', property, '2026-10-05 09:00');
  await activity('巡逻', party, '2026-10-20 09:00');
  await activity('劝导', property, '2026-10-25 09:00');
  await activity('九月', party, '2026-09-30 23:00');
  const item = await id(
    "INSERT INTO items (community_id, name, cost, stock, kind, created_at) VALUES (1, '毛巾', 5, 3, 'goods', ?) " +
      'RETURNING id',
    sh('2026-09-01 09:00'),
  );
  const add = (
    resident: number,
    type: string,
    delta: number,
    at: string,
    o: { reason?: string; item?: number; qty?: number; activity?: number; reverses?: number } = {},
  ) =>
    id(
      `INSERT INTO ledger (community_id, resident_id, type, delta, reason, item_id, qty, activity_id, reverses, at,
        recorded_at, operator)
       VALUES (1, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 't') RETURNING id`,
      resident,
      type,
      delta,
      o.reason ?? null,
      o.item ?? null,
      o.qty ?? null,
      o.activity ?? null,
      o.reverses ?? null,
      sh(at),
      sh(at),
    );
  await add(zhang, 'earn', 10, '2026-10-05 10:00', { reason: 'cleanup', activity: a1 });
  const e2 = await add(li, 'earn', 10, '2026-10-05 10:00', { reason: 'cleanup', activity: a1 });
  await add(li, 'earn', 5, '2026-10-08 10:00', { reason: 'patrol' });
  await add(li, 'reversal', -10, '2026-10-09 10:00', { reason: 'cleanup', reverses: e2 });
  const e5 = await add(wang, 'earn', 3, '2026-09-28 10:00', { reason: 'service' });
  await add(wang, 'reversal', -3, '2026-10-02 10:00', { reason: 'service', reverses: e5 });
  await add(zhang, 'redeem', -5, '2026-10-10 10:00', { item, qty: 1 });
  const e8 = await add(li, 'redeem', -5, '2026-10-11 10:00', { item, qty: 1 });
  await add(li, 'reversal', 5, '2026-10-12 10:00', { reverses: e8 });
  await add(zhang, 'redeem', -5, '2026-11-03 10:00', { item, qty: 1 });

  const meeting = (title: string, at: string) =>
    id(
      "INSERT INTO meetings (community_id, title, at, attendees, recorded_at, operator) VALUES (1, ?, ?, 30, ?, 't') " +
        'RETURNING id',
      title,
      sh(at),
      sh(at),
    );
  const m1 = await meeting('十月议事会', '2026-10-15 19:00');
  const m2 = await meeting('九月议事会', '2026-09-15 19:00');
  await meeting('十一月议事会', '2026-11-01 00:00');
  const story = async (
    meetingId: number,
    title: string,
    steps: [string, string][],
    evaluation: string | null = null,
  ) => {
    const [last] = steps.slice(-1);
    const t = await id(
      'INSERT INTO topics (community_id, meeting_id, title, step, raised_at, evaluation) VALUES (1, ?, ?, ?, ?, ?) ' +
        'RETURNING id',
      meetingId,
      title,
      last![0],
      sh(steps[0]![1]),
      evaluation,
    );
    for (const [step, at] of steps)
      await rows(db, "INSERT INTO topic_events (topic_id, step, at, operator) VALUES (?, ?, ?, 't')", [
        t,
        step,
        sh(at),
      ]);
    return t;
  };
  const t1 = await story(
    m2,
    '加装电梯',
    [
      ['raised', '2026-09-15 19:30'],
      ['proposed', '2026-09-15 20:00'],
      ['decided', '2026-10-15 19:30'],
      ['implementing', '2026-10-16 09:00'],
      ['evaluated', '2026-10-30 09:00'],
    ],
    'satisfied',
  );
  await story(m1, '停车位划线', [
    ['raised', '2026-10-15 19:10'],
    ['proposed', '2026-10-15 19:20'],
    ['decided', '2026-10-15 19:40'],
    ['implementing', '2026-10-20 09:00'],
  ]);
  await story(m1, '广场舞噪音', [['raised', '2026-10-15 19:50']]);
  await story(
    m2,
    '垃圾分类',
    [
      ['raised', '2026-08-15 19:30'],
      ['proposed', '2026-08-15 20:00'],
      ['decided', '2026-08-20 19:40'],
      ['implementing', '2026-08-21 09:00'],
      ['evaluated', '2026-10-05 09:00'],
    ],
    'unsatisfied',
  );
  await story(m2, '绿化补种', [
    ['raised', '2026-09-15 19:40'],
    ['proposed', '2026-09-15 20:10'],
    ['decided', '2026-11-02 19:40'],
  ]);
  const proposal = await id(
    "INSERT INTO proposals (topic_id, n, text, team_id, created_at) VALUES (?, 1, '业主出资三成', ?, ?) RETURNING id",
    t1,
    property,
    sh('2026-09-15 20:00'),
  );
  await rows(
    db,
    'INSERT INTO votes (proposal_id, meeting_id, votes_for, votes_against, passed, at, operator) VALUES (?, ?, ' +
      "20, 3, 1, ?, 't')",
    [proposal, m1, sh('2026-10-15 19:30')],
  );
}
