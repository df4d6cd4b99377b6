import { describe, expect, it } from 'vitest';
import { cli, initDb, json } from '../helpers/cli.js';

const PROPERTY = '蓝色港湾物业服务企业';
/** The month's figures of `report --json`, by metric (totals only). */
const metricsOf = (report: { rows: { metric: string; breakdown: string | null; value: number | null }[] }) =>
  Object.fromEntries(report.rows.filter((r) => r.breakdown === null).map((r) => [r.metric, r.value]));
const OWNERS = '蓝色港湾业主委员会';

/** SPEC §2: every event command accepts --at — the minutes of a meeting are often typed in days later. */
describe('meeting minutes typed in later (--at)', () => {
  it('dates every step as held, so the report counts them in the month of the meeting', async () => {
    const { env } = await initDb();
    const run = (args: string[]) => cli(args, env);
    json(await run(['meeting', 'new', '10月红色议事厅', '--at', '2026-10-28 15:00', '--attendees', '30', '--json']));
    const t = json(await run(['meeting', 'raise', 'M1', '楼道堆物', '--at', '2026-10-28 15:10', '--json']));
    expect(t).toMatchObject({ id: 1, step: 'raised' });
    await run(['meeting', 'propose', 'T1', '统一清理', '--by', PROPERTY, '--at', '2026-10-28 15:20']);
    await run([
      'meeting',
      'decide',
      'T1',
      '--proposal',
      '1',
      '--for',
      '25',
      '--against',
      '2',
      '--at',
      '2026-10-28 15:40',
    ]);
    const task = json(
      await run(['meeting', 'task', 'T1', '清理3栋楼道', '--to', PROPERTY, '--at', '2026-10-28 15:50', '--json']),
    );
    expect(task).toMatchObject({
      received_at: '2026-10-28T15:50:00+08:00',
      responded_at: '2026-10-28T15:50:00+08:00',
      channel: 'meeting',
    });
    await run(['resolve', task.number, '--note', '已清理', '--at', '2026-10-30 10:00']);
    await run(['meeting', 'evaluate', 'T1', 'satisfied', '--at', '2026-10-31 09:00']);
    const topic = json(await run(['meeting', 'show', 'T1', '--json']));
    expect(topic.events.map((e: { step: string; at: string }) => [e.step, e.at])).toEqual([
      ['raised', '2026-10-28T15:10:00+08:00'],
      ['proposed', '2026-10-28T15:20:00+08:00'],
      ['decided', '2026-10-28T15:40:00+08:00'],
      ['implementing', '2026-10-28T15:50:00+08:00'],
      ['evaluated', '2026-10-31T09:00:00+08:00'],
    ]);
    const october = json(await run(['report', '--month', '2026-10', '--json']));
    expect(metricsOf(october)).toMatchObject({
      meetings_held: 1,
      topics_raised: 1,
      topics_decided: 1,
      topics_evaluated: 1,
      topics_resolved: 1,
    });
    const november = json(await run(['report', '--month', '2026-11', '--json']));
    expect(metricsOf(november)).toMatchObject({ topics_raised: 0, topics_decided: 0, topics_evaluated: 0 });
  });

  it('keeps a topic history in order, and the future out', async () => {
    const { env } = await initDb();
    const run = (args: string[]) => cli(args, env);
    await run(['meeting', 'new', '11月红色议事厅', '--at', '2026-11-20 15:00']);
    expect((await run(['meeting', 'raise', 'M1', '电梯老化', '--at', '2026-11-09'])).stderr.split('\n')[0]).toBe(
      'hongwu: --at 2026-11-09 00:00:00 早于会议召开时间（2026-11-20 15:00:00）',
    );
    await run(['meeting', 'raise', 'M1', '电梯老化', '--at', '2026-11-20 15:10']);
    expect(await run(['meeting', 'propose', 'T1', '更换', '--by', OWNERS, '--at', '2026-11-20 15:00'])).toEqual({
      code: 2,
      stdout: '',
      stderr: 'hongwu: --at 2026-11-20 15:00:00 早于该议题的上一步（2026-11-20 15:10:00）\n  请给一个更晚的 --at\n',
    });
    expect(
      (await run(['meeting', 'propose', 'T1', '更换', '--by', OWNERS, '--at', '2026-11-27'])).stderr.split('\n')[0],
    ).toBe('hongwu: --at 2026-11-27 00:00:00 是将来的时间（现在 2026-11-26 10:00:00）');
    expect(json(await run(['meeting', 'show', 'T1', '--json'])).proposals).toEqual([]);
  });
});

describe('points reverse and resident tag take --at too', () => {
  it('reverses as of a date, never before the entry it reverses', async () => {
    const { env } = await initDb();
    const run = (args: string[]) => cli(args, env);
    await run(['resident', 'add', '周']);
    await run(['points', 'earn', '周', '10', '--reason', 'patrol', '--at', '2026-10-10']);
    expect(
      (await run(['points', 'reverse', '1', '--reason', '记错了', '--at', '2026-10-01'])).stderr.split('\n')[0],
    ).toBe('hongwu: --at 2026-10-01 00:00:00 早于被冲正的流水（2026-10-10 00:00:00）');
    const r = json(await run(['points', 'reverse', '1', '--reason', '记错了', '--at', '2026-10-20', '--json']));
    expect(r).toMatchObject({ reverses: 1, delta: -10, at: '2026-10-20T00:00:00+08:00' });
    expect(metricsOf(json(await run(['report', '--month', '2026-10', '--json']))).points_earned).toBe(0);
  });

  it('tags a resident since a date, which the report counts from then', async () => {
    const { env } = await initDb();
    const run = (args: string[]) => cli(args, env);
    await cli(['resident', 'add', '李奶奶'], { ...env, HONGWU_NOW: '2026-09-01T10:00:00+08:00' });
    await run(['resident', 'tag', '李奶奶', 'elderly_alone', '--at', '2026-09-15']);
    expect((await run(['resident', 'tag', '李奶奶', 'elderly_alone', '--at', '2026-10-01'])).stdout).toBe(
      '李奶奶（#1）已有标签独居老人，未改动（--at 未采用）\n',
    );
    expect(metricsOf(json(await run(['report', '--month', '2026-10', '--json']))).care_residents).toBe(1);
    expect(metricsOf(json(await run(['report', '--month', '2026-08', '--json']))).care_residents).toBe(0);
    // A slip of August typed in late (SPEC §10): the tag, and the registration with it, move back.
    expect((await run(['resident', 'tag', '李奶奶', 'elderly_alone', '--at', '2026-08-15'])).stdout).toBe(
      '李奶奶（#1）的独居老人标签已改为自 --at 起（登记自 2026-08-15 00:00）\n',
    );
    expect(metricsOf(json(await run(['report', '--month', '2026-08', '--json']))).care_residents).toBe(1);
  });
});

describe('meeting show of a bare number', () => {
  it('says so when it is a topic, not a meeting', async () => {
    const { env } = await initDb();
    const run = (args: string[]) => cli(args, env);
    await run(['meeting', 'new', '11月红色议事厅']);
    await run(['meeting', 'raise', 'M1', '电梯老化']);
    await run(['meeting', 'raise', 'M1', '楼道堆物']);
    expect(await run(['meeting', 'show', '2'])).toEqual({
      code: 1,
      stdout: '',
      stderr: 'hongwu: 蓝色港湾没有会议 M2；有议题 T2\n  查看议题：hongwu meeting show T2\n',
    });
    expect((await run(['meeting', 'show', '1'])).stdout).toContain('会议  M1 11月红色议事厅');
  });
});

describe('backdated steps after what they follow', () => {
  it('raises from a demand no earlier than its intake, evaluates no earlier than the tasks were resolved', async () => {
    const { env } = await initDb();
    const run = (args: string[]) => cli(args, env);
    await run(['intake', '停车难', '--channel', 'phone', '--category', 'parking', '--at', '2026-11-10 10:00']);
    await run(['meeting', 'new', '11月红色议事厅', '--at', '2026-11-01 15:00']);
    expect(
      (await run(['meeting', 'raise', 'M1', '停车难', '--demand', '202611-0001', '--at', '2026-11-02'])).stderr.split(
        '\n',
      )[0],
    ).toBe('hongwu: --at 2026-11-02 00:00:00 早于该诉求的受理时间（2026-11-10 10:00:00）');
    await run(['meeting', 'raise', 'M1', '停车难', '--demand', '202611-0001', '--at', '2026-11-12 15:10']);
    await run(['meeting', 'propose', 'T1', '划线', '--by', PROPERTY, '--at', '2026-11-12 15:20']);
    await run([
      'meeting',
      'decide',
      'T1',
      '--proposal',
      '1',
      '--for',
      '9',
      '--against',
      '1',
      '--at',
      '2026-11-12 15:30',
    ]);
    const task = json(
      await run(['meeting', 'task', 'T1', '划线', '--to', PROPERTY, '--at', '2026-11-12 15:40', '--json']),
    );
    await run(['resolve', task.number, '--note', '已划线', '--at', '2026-11-20 09:00']);
    const early = await run(['meeting', 'evaluate', 'T1', 'satisfied', '--at', '2026-11-15']);
    expect(early.code).toBe(2);
    expect(early.stderr.split('\n')[0]).toBe(
      'hongwu: --at 2026-11-15 00:00:00 早于任务的办结时间（2026-11-20 09:00:00）',
    );
    expect((await run(['meeting', 'evaluate', 'T1', 'satisfied', '--at', '2026-11-21'])).code).toBe(0);
  });
});
