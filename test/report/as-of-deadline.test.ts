import Database from 'better-sqlite3';
import { parse } from 'csv-parse/sync';
import { beforeAll, describe, expect, it } from 'vitest';
import { SCHEMA_VERSION } from '../../src/db/migrator.js';
import { cli, initDb, json } from '../helpers/cli.js';
import { ok } from './fixture.js';

/**
 * SPEC §7: October's report reads the same whether it is run on 1 November or rerun in December,
 * even when `assign --due` (SPEC §4) moves a deadline in between: the resolve metrics and
 * open_overdue use the resolve deadline as of the month's end, read from the demand's events.
 */
const NOVEMBER = '2026-11-10T10:00:00+08:00';
const DECEMBER = '2026-12-05T10:00:00+08:00';
const PROPERTY = '蓝色港湾物业服务企业';

const totals = (report: any) =>
  Object.fromEntries(report.rows.filter((r: any) => !r.breakdown).map((r: any) => [r.metric, r.value]));
const pick = (report: any, metrics: string[]) => Object.fromEntries(metrics.map((m) => [m, totals(report)[m]]));
const DEADLINE_METRICS = [
  'demands_received',
  'resolve_on_time',
  'resolve_late',
  'resolve_on_time_rate',
  'open_overdue',
];

/** What October looks like at its end; every event here happens in October. */
async function buildOctober(env: Record<string, string | undefined>): Promise<void> {
  const run = (...args: string[]) => ok(args, env);
  // 202610-0001: resolved after its deadline (8 Oct 09:00), then reopened by an unsatisfied rating.
  await run(
    'intake',
    '电梯异响',
    '--channel',
    'phone',
    '--category',
    'repair',
    '--phone',
    '13812345678',
    '--at',
    '2026-10-01 09:00',
  );
  await run('assign', '202610-0001', '--to', PROPERTY, '--at', '2026-10-01 10:00');
  await run('resolve', '202610-0001', '--note', '已检修', '--at', '2026-10-10 09:00');
  await run('rate', '202610-0001', 'unsatisfied', '--at', '2026-10-11 09:00');
  // 202610-0002: its deadline moved within October, to 25 Oct; resolved before it.
  await run('intake', '路灯不亮', '--channel', 'phone', '--category', 'repair', '--at', '2026-10-01 09:00');
  await run('assign', '202610-0002', '--to', PROPERTY, '--due', '2026-10-25', '--at', '2026-10-02 09:00');
  await run('resolve', '202610-0002', '--note', '已更换', '--at', '2026-10-20 09:00');
  // 202610-0003: still open at the month's end, past its deadline of 27 Oct 09:00.
  await run('intake', '楼道堆物', '--channel', 'walk_in', '--category', 'environment', '--at', '2026-10-20 09:00');
}

/** What a clerk types in November: both open October demands get a later deadline. */
async function moveDeadlinesInNovember(env: Record<string, string | undefined>): Promise<void> {
  await ok(['assign', '202610-0003', '--to', PROPERTY, '--due', '2026-11-20', '--note', '需业主配合'], {
    ...env,
    HONGWU_NOW: NOVEMBER,
  });
  await ok(['assign', '202610-0001', '--to', PROPERTY, '--due', '2026-12-31', '--note', '需更换主板'], {
    ...env,
    HONGWU_NOW: NOVEMBER,
  });
}

const OCTOBER = {
  demands_received: 3,
  resolve_on_time: 1, // 0002, by the deadline it had by then (25 Oct), not its first (8 Oct)
  resolve_late: 2, // 0001 resolved on 10 Oct, due 8 Oct; 0003 open, due 27 Oct
  resolve_on_time_rate: 33.3,
  open_overdue: 2, // 0001 (reopened) and 0003
};

describe('October as of its end, before and after assign --due moves its deadlines in November', () => {
  let env: Record<string, string | undefined>;
  let before: { json: any; md: string; csv: string };

  const octoberReport = async (now: string) => {
    const e = { ...env, HONGWU_NOW: now };
    return {
      json: json(await cli(['report', '--month', '2026-10', '--json'], e)),
      md: (await cli(['report', '--month', '2026-10', '--format', 'md'], e)).stdout,
      csv: (await cli(['report', '--month', '2026-10', '--format', 'csv'], e)).stdout,
    };
  };

  beforeAll(async () => {
    env = (await initDb({ HONGWU_NOW: NOVEMBER })).env;
    await buildOctober(env);
    before = await octoberReport(NOVEMBER);
    await moveDeadlinesInNovember(env);
    // November's own demand: due 9 Nov 09:00, moved to 20 Nov on the 10th, resolved on the 15th.
    await ok(['intake', '水管渗漏', '--channel', 'phone', '--category', 'utilities', '--at', '2026-11-02 09:00'], {
      ...env,
      HONGWU_NOW: NOVEMBER,
    });
    await ok(['assign', '202611-0001', '--to', PROPERTY, '--due', '2026-11-20'], { ...env, HONGWU_NOW: NOVEMBER });
    await ok(['resolve', '202611-0001', '--note', '已修复', '--at', '2026-11-15 10:00'], {
      ...env,
      HONGWU_NOW: DECEMBER,
    });
  });

  it('gives the hand-computed figures on 10 November', () => {
    expect(pick(before.json, DEADLINE_METRICS)).toEqual(OCTOBER);
    expect(before.md).toContain(
      '| 202610-0001 | 电梯异响 | 设施维修 | 2026-10-01 09:00 | 2026-10-08 09:00 | 蓝色港湾物业服务企业 | 138\\*\\*\\*\\*5678 |',
    );
    expect(before.md).toContain('| 202610-0003 | 楼道堆物 | 环境卫生 | 2026-10-20 09:00 | 2026-10-27 09:00 | — | — |');
  });

  it('reads the same, in every format, when rerun in December after the moves', async () => {
    const after = await octoberReport(DECEMBER);
    expect(after.json).toEqual(before.json);
    expect(after.md).toBe(before.md);
    expect(after.csv).toBe(before.csv);
    const csv = parse(after.csv, { columns: true }) as { metric: string; breakdown: string; value: string }[];
    expect(csv.find((r) => r.metric === 'open_overdue')!.value).toBe('2');
  });

  it('judges November by the deadlines as moved', async () => {
    const e = { ...env, HONGWU_NOW: DECEMBER };
    const november = json(await cli(['report', '--month', '2026-11', '--json'], e));
    expect(pick(november, DEADLINE_METRICS)).toEqual({
      demands_received: 1,
      resolve_on_time: 1, // 202611-0001 resolved on the 15th, due the 20th since the 10th
      resolve_late: 0,
      resolve_on_time_rate: 100,
      open_overdue: 1, // 202610-0003 (due 20 Nov); 202610-0001 is due 31 Dec now
    });
    const md = (await cli(['report', '--month', '2026-11', '--format', 'md'], e)).stdout;
    expect(md).toContain(
      '| 202610-0003 | 楼道堆物 | 环境卫生 | 2026-10-20 09:00 | 2026-11-20 23:59 | 蓝色港湾物业服务企业 | — |',
    );
    expect(md).not.toContain('202610-0001 |');
  });

  it('keeps the clerk’s view of now on the current deadline', async () => {
    const overdue = json(await cli(['list', '--status', 'overdue', '--json'], { ...env, HONGWU_NOW: DECEMBER }));
    expect(overdue.map((d: any) => [d.number, d.resolve_due_at])).toEqual([
      ['202610-0003', '2026-11-20T23:59:59.999+08:00'],
    ]);
  });

  it('records the deadline each event fixed: intake the original, assign --due the new one', async () => {
    const shown = json(await cli(['show', '202610-0003', '--json'], env));
    expect(shown.resolve_due_at).toBe('2026-11-20T23:59:59.999+08:00');
    expect(shown.events.map((e: any) => [e.type, e.due_at])).toEqual([
      ['intake', '2026-10-27T09:00:00+08:00'],
      ['assign', '2026-11-20T23:59:59.999+08:00'],
    ]);
  });
});

describe('a file made before intake recorded its deadline (schema 4)', () => {
  /** Turns a fresh file back into what hongwu 4 wrote: no deadline on intake events. */
  function asSchema4(file: string): void {
    const db = new Database(file);
    // What 0021 added: the kept months and the triggers on other tables that keep them right.
    const triggers = db.prepare(
      "SELECT name FROM sqlite_master WHERE type = 'trigger' AND name LIKE 'report_months_%'",
    );
    for (const name of triggers.pluck().all() as string[]) db.exec(`DROP TRIGGER ${name}`);
    db.exec('DROP TABLE report_months');
    db.exec('DROP INDEX demands_by_resolved; DROP INDEX demands_by_rated');
    // …and what 0023 added.
    db.exec('DROP INDEX demands_open_work; DROP INDEX demands_complaints');
    // What 0018 added goes first: its views read columns undone below.
    db.exec(
      'DROP VIEW v_demands; DROP VIEW v_events; DROP VIEW v_ledger; DROP TABLE zone_offsets; DROP TABLE code_labels',
    );
    db.exec("UPDATE demand_events SET due_at = NULL WHERE type = 'intake'; DROP INDEX demand_events_deadlines");
    // What 0007 and 0008 changed, undone: schema 4 had the index on reopening ratings, not on
    // reopened demands, and no index of demands by status and intake.
    db.exec(
      'DROP INDEX demands_reopened; CREATE INDEX demand_events_reopening ON demand_events (at) WHERE type = ' +
        "'rate' AND status_after IN ('open', 'assigned')",
    );
    db.exec('DROP INDEX demands_by_status_received');
    // …and what 0009 and 0010 added.
    db.exec('DROP TRIGGER ledger_no_replace; DROP INDEX audit_log_by_subject');
    // …and what 0011 added.
    db.exec('DROP TRIGGER audit_log_no_update; DROP TRIGGER audit_log_no_delete; DROP TRIGGER audit_log_no_replace');
    // …and what 0012 and 0013 added (0013's wider event types are left: schema 4's rows fit them).
    db.exec('DROP TABLE calendar_days; DROP TABLE community_settings');
    db.exec(
      'DROP INDEX demands_paused; ALTER TABLE demands DROP COLUMN paused_at; ALTER TABLE demands DROP COLUMN ' +
        'resolve_due_unit',
    );
    // …and what 0016 and 0017 added.
    db.exec(
      'DROP TABLE fee_allocations; DROP TABLE fee_waivers; DROP TABLE fee_payments; DROP TABLE fee_bills; DROP ' +
        'TABLE fee_rules; DROP TABLE houses',
    );
    // …and what 0014 and 0015 added.
    db.exec('DROP TABLE demand_visits; DROP INDEX demands_awaiting_visit; DROP TABLE care_services');
    // …and what 0019 added.
    db.exec(
      'DROP INDEX residents_search; ALTER TABLE residents DROP COLUMN name_pinyin; ALTER TABLE residents DROP ' +
        'COLUMN name_initials',
    );
    db.pragma('user_version = 4');
    db.close();
  }

  const intakeDue = (file: string) => {
    const db = new Database(file, { readonly: true });
    const rows = db
      .prepare(
        'SELECT d.number, e.due_at FROM demand_events e JOIN demands d ON d.id = e.demand_id WHERE e.type = ' +
          "'intake' ORDER BY d.number",
      )
      .all() as { number: string; due_at: string | null }[];
    const version = db.pragma('user_version', { simple: true });
    db.close();
    return { version, due: Object.fromEntries(rows.map((r) => [r.number, r.due_at])) };
  };

  it('backfills the deadlines that never moved and still gives October right', async () => {
    const { db, env } = await initDb({ HONGWU_NOW: NOVEMBER });
    await buildOctober(env);
    asSchema4(db);

    const r = await cli(['report', '--month', '2026-10', '--json'], env);
    expect(r.code).toBe(0);
    expect(r.stderr).toMatch(
      new RegExp(
        `^数据库已从第 4 版升级到第 ${SCHEMA_VERSION} 版；升级前的备份：.*hongwu\\.db\\.v4-\\d{8}T\\d{6}Z\\.bak\\n$`,
      ),
    );
    expect(pick(json(r), DEADLINE_METRICS)).toEqual(OCTOBER);
    expect(intakeDue(db)).toEqual({
      version: SCHEMA_VERSION,
      // 0002's deadline was moved: its original is not known, and its assign event carries the new one.
      due: {
        '202610-0001': '2026-10-08T01:00:00.000Z',
        '202610-0002': null,
        '202610-0003': '2026-10-27T01:00:00.000Z',
      },
    });

    await moveDeadlinesInNovember(env);
    const rerun = json(await cli(['report', '--month', '2026-10', '--json'], { ...env, HONGWU_NOW: DECEMBER }));
    expect(pick(rerun, DEADLINE_METRICS)).toEqual(OCTOBER);
  });

  it('falls back to the current deadline where a move before the upgrade hid the original', async () => {
    const { db, env } = await initDb({ HONGWU_NOW: NOVEMBER });
    await buildOctober(env);
    await moveDeadlinesInNovember(env);
    asSchema4(db);

    const october = json(await cli(['report', '--month', '2026-10', '--json'], { ...env, HONGWU_NOW: DECEMBER }));
    // 0001 and 0003 are judged by their moved deadlines (31 Dec, 20 Nov), as hongwu 4 did.
    expect(pick(october, DEADLINE_METRICS)).toEqual({
      demands_received: 3,
      resolve_on_time: 2,
      resolve_late: 0,
      resolve_on_time_rate: 100,
      open_overdue: 0,
    });
    expect(intakeDue(db).due).toEqual({ '202610-0001': null, '202610-0002': null, '202610-0003': null });
  });
});
