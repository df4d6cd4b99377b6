import { cli, initDb, type Result } from '../helpers/cli.js';

/**
 * A desk on Thursday 2026-11-26 10:00 with one thing of every kind `today` lists: an overdue
 * demand, one due by Friday, one never answered, one waiting for its return visit (one try
 * unanswered), a 独居老人 never visited, a meeting task past due, a topic waiting for proposals,
 * and rice running out. Each step is typed at the time it happened (HONGWU_NOW).
 */
export async function deskMorning(): Promise<{ db: string; env: Record<string, string | undefined> }> {
  const { db, env } = await initDb();
  const at = async (now: string, args: string[]): Promise<Result> => {
    const r = await cli(args, { ...env, HONGWU_NOW: now });
    if (r.code !== 0) throw new Error(`${args.join(' ')} failed: ${r.stderr}`);
    return r;
  };
  await at('2026-11-01T09:00:00+08:00', ['team', 'add', '物业公司', '--kind', 'property']);
  await at('2026-11-01T09:00:00+08:00', [
    'resident',
    'add',
    '王秀英',
    '--phone',
    '13800000001',
    '--address',
    '3-2-501',
    '--tag',
    'elderly_alone',
  ]);
  await at('2026-11-01T09:00:00+08:00', ['resident', 'add', '李奶奶', '--phone', '13800000002', '--tag', 'elderly']);
  await at('2026-11-20T15:00:00+08:00', ['care', '李奶奶', '--service', 'health']);
  await at('2026-11-01T09:00:00+08:00', ['points', 'item', 'add', '大米', '--cost', '20', '--stock', '2']);
  await at('2026-11-01T09:00:00+08:00', ['points', 'item', 'add', '洗衣液', '--cost', '10', '--stock', '30']);
  // 202611-0001 overdue: 即时办 of Tuesday, assigned, not resolved
  await at('2026-11-24T10:00:00+08:00', [
    'intake',
    '路灯不亮',
    '--channel',
    'phone',
    '--category',
    'repair',
    '--tier',
    'immediate',
  ]);
  await at('2026-11-24T10:30:00+08:00', ['assign', '202611-0001', '--to', '物业公司']);
  // 202611-0002 due Friday 10:00
  await at('2026-11-20T10:00:00+08:00', [
    'intake',
    '楼道堆放杂物',
    '--channel',
    'walk_in',
    '--category',
    'environment',
  ]);
  await at('2026-11-20T11:00:00+08:00', ['assign', '202611-0002', '--to', '物业公司']);
  // 202611-0003 no response since yesterday 09:00
  await at('2026-11-25T09:00:00+08:00', [
    'intake',
    '邻居装修噪音',
    '--channel',
    'phone',
    '--category',
    'noise',
    '--resident',
    '李奶奶',
  ]);
  // 202611-0004 resolved on Tuesday, the resident not reached yesterday
  await at('2026-11-20T09:00:00+08:00', [
    'intake',
    '水管漏水',
    '--channel',
    'phone',
    '--category',
    'utilities',
    '--resident',
    '王秀英',
  ]);
  await at('2026-11-24T16:00:00+08:00', ['resolve', '202611-0004', '--note', '已更换水管']);
  await at('2026-11-25T10:00:00+08:00', ['visit', '202611-0004', 'unreachable']);
  // T1: a task due on Wednesday, not done; T2 waits for a proposal
  await at('2026-11-10T19:00:00+08:00', ['meeting', 'new', '11月红色议事厅']);
  await at('2026-11-10T19:10:00+08:00', ['meeting', 'raise', 'M1', '电梯老化']);
  await at('2026-11-10T19:20:00+08:00', ['meeting', 'propose', 'T1', '申请维修基金', '--by', '物业公司']);
  await at('2026-11-10T19:30:00+08:00', [
    'meeting',
    'decide',
    'T1',
    '--proposal',
    '1',
    '--for',
    '30',
    '--against',
    '2',
  ]);
  await at('2026-11-10T19:40:00+08:00', [
    'meeting',
    'task',
    'T1',
    '联系电梯维保单位',
    '--to',
    '物业公司',
    '--due',
    '2026-11-25',
  ]);
  await at('2026-11-10T19:50:00+08:00', ['meeting', 'raise', 'M1', '增设充电桩']);
  return { db, env };
}
