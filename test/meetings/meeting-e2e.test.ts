import { describe, expect, it } from 'vitest';
import { baseEnv, spawnCli, tempDbPath } from '../helpers/cli.js';
import { rows } from '../helpers/rows.js';

/**
 * The real binary, stdin closed: a whole meeting with the steps tried out of order, and the data
 * the monthly report counts (meetings_held, topics_raised/decided/evaluated/resolved) per month.
 */
describe('hongwu meeting, spawned', () => {
  it('points the board at a new task when the only one was cancelled (the evaluation needs one)', () => {
    const env = baseEnv(tempDbPath());
    const ok = (args: string[]) => {
      const r = spawnCli(args, env);
      expect(r.code, r.stderr).toBe(0);
      return r;
    };
    ok(['init', '--community', '蓝色港湾']);
    ok(['meeting', 'new', '11月红色议事厅']);
    ok(['meeting', 'raise', 'M1', '垃圾分类点太远']);
    ok(['meeting', 'propose', 'T1', '增设分类点', '--by', '蓝色港湾业主委员会']);
    ok(['meeting', 'decide', 'T1', '--proposal', '1', '--for', '20', '--against', '1']);
    const wrong = JSON.parse(ok(['meeting', 'task', 'T1', '错录', '--to', '蓝色港湾物业服务企业', '--json']).stdout);
    ok(['cancel', wrong.number, '--reason', '录错']);
    expect(ok(['meeting', 'show', 'T1']).stdout).toContain('下一步：hongwu meeting task T1 <任务> --to <队伍>');
    expect(spawnCli(['meeting', 'evaluate', 'T1', '满意'], env).code).toBe(1);
  });

  it('runs a meeting end to end and leaves the rows the report counts', async () => {
    const db = tempDbPath();
    const env = baseEnv(db);
    const december = { ...env, HONGWU_NOW: '2026-12-18T09:00:00+08:00' };
    const ok = (args: string[], e = env) => {
      const r = spawnCli(args, e);
      expect(r.code, r.stderr).toBe(0);
      return r;
    };
    ok(['init', '--community', '蓝色港湾']);
    expect(ok(['meeting', 'new', '11月红色议事厅', '--attendees', '40']).stdout).toContain('已召开会议 M1');
    expect(ok(['meeting', 'raise', 'M1', '楼道照明不足']).stdout).toContain('已提出议题 T1');
    ok(['meeting', 'raise', 'M1', '垃圾分类点太远']);

    const early = spawnCli(['meeting', 'task', 'T1', '换灯', '--to', '蓝色港湾物业服务企业'], env);
    expect(early).toEqual({
      code: 1,
      stdout: '',
      stderr:
        'hongwu: 议题 T1 处于“居民提问题”，现在不能分派任务\n' +
        '  下一步：多方拟方案 — hongwu meeting propose T1 <方案> --by <队伍>\n',
    });

    ok(['meeting', 'propose', 'T1', '更换声控灯', '--by', '蓝色港湾物业服务企业']);
    ok(['meeting', 'decide', 'T1', '--proposal', '1', '--for', '30', '--against', '2']);
    const task = JSON.parse(
      ok(['--json', 'meeting', 'task', 'T1', '更换声控灯', '--to', '蓝色港湾物业服务企业']).stdout,
    );
    expect(task).toMatchObject({ number: '202611-0001', channel: 'meeting', status: 'assigned' });
    // The board points at the task while it is being done, then at the evaluation.
    expect(ok(['meeting', 'show', 'T1']).stdout).toContain('下一步：hongwu resolve 202611-0001 --note <办理情况>');
    ok(['resolve', task.number, '--note', '已更换 12 盏']);
    expect(ok(['meeting', 'show', 'T1']).stdout).toContain('下一步：hongwu meeting evaluate T1 满意|基本满意|不满意');
    ok(['meeting', 'evaluate', 'T1', '满意']);

    // T2 carried over to December: proposed and decided there, evaluated unsatisfied.
    ok(['meeting', 'new', '12月红色议事厅'], december);
    ok(['meeting', 'propose', 'T2', '增设分类点', '--by', '蓝色港湾业主委员会'], december);
    ok(['meeting', 'decide', 'T2', '--proposal', '1', '--for', '20', '--against', '1'], december);
    const t2 = JSON.parse(
      ok(['meeting', 'task', 'T2', '增设分类点', '--to', '蓝色港湾物业服务企业', '--json'], december).stdout,
    );
    ok(['resolve', t2.number, '--note', '已增设'], december);
    ok(['meeting', 'evaluate', 'T2', '不满意', '--comment', '位置不理想'], december);
    expect(ok(['meeting', 'show', 'M2'], december).stdout).toMatch(/│ +│ +│ +│ +│ T2 垃圾分类点太远 │/);

    // The SPEC §7 definitions, counted from the tables this feature writes (times in Asia/Shanghai).
    const count = async (sql: string, from: string, to: string) =>
      (await rows<{ n: number }>(db, sql, [from, to]))[0]!.n;
    const month = async (from: string, to: string) => ({
      meetings_held: await count('select count(*) n from meetings where at >= ? and at < ?', from, to),
      topics_raised: await count(
        `select count(*) n from topic_events where step = 'raised' and at >= ? and at < ?`,
        from,
        to,
      ),
      topics_decided: await count(
        `select count(*) n from topic_events where step = 'decided' and at >= ? and at < ?`,
        from,
        to,
      ),
      topics_evaluated: await count(
        `select count(*) n from topic_events where step = 'evaluated' and at >= ? and at < ?`,
        from,
        to,
      ),
      topics_resolved: await count(
        `select count(*) n from topics where evaluation in ('satisfied', 'basic') and evaluated_at >= ? and ` +
          `evaluated_at < ?`,
        from,
        to,
      ),
    });
    expect(await month('2026-10-31T16:00:00.000Z', '2026-11-30T16:00:00.000Z')).toEqual({
      meetings_held: 1,
      topics_raised: 2,
      topics_decided: 1,
      topics_evaluated: 1,
      topics_resolved: 1,
    });
    expect(await month('2026-11-30T16:00:00.000Z', '2026-12-31T16:00:00.000Z')).toEqual({
      meetings_held: 1,
      topics_raised: 0,
      topics_decided: 1,
      topics_evaluated: 1,
      topics_resolved: 0,
    });
  });
});
