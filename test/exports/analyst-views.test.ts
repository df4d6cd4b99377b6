import { parse } from 'csv-parse/sync';
import { describe, expect, it } from 'vitest';
import { offsetPeriods } from '../../migrations/0018_analyst_views.js';
import * as codes from '../../src/domain/codes.js';
import { entryType, itemKind } from '../../src/domain/ledger.js';
import { searchOffsetPeriods, usePeriodsReader, zoneOffsetPeriods } from '../../src/domain/time.js';
import { localTimePeriods } from '../../src/platform/zone-offsets.js';
import { isServerUrl } from '../../src/db/engine.js';
import { baseEnv, cli, initDb, json, tempDbPath } from '../helpers/cli.js';
import { psql } from '../helpers/pg-databases.js';
import { sqlite3Shell } from '../helpers/sqlite3.js';

/**
 * SPEC §13 for analysts: the views and tables of migration 0018, read in the real sqlite3 shell,
 * or on a server in psql, as an analyst would (without hongwu's search_path).
 */
const shellCsv = (db: string, query: string) => {
  const r = isServerUrl(db) ? psql(db, query, ['--csv']) : sqlite3Shell(db, query, ['-csv', '-header']);
  expect(r.stderr).toBe('');
  return parse(r.stdout, { columns: true }) as Record<string, string>[];
};

/** A file in the default zone, Asia/Shanghai. */
const fixture = () => initDb();

/** A fresh file in another zone: init names the zone before any record exists. */
async function initDbIn(timeZone: string) {
  const db = tempDbPath();
  const env = baseEnv(db);
  const r = await cli(['init', '--community', '蓝色港湾', '--code', 'lsgw', '--timezone', timeZone], env);
  if (r.code !== 0) throw new Error(r.stderr);
  return { db, env };
}

const ok = async (args: string[], env: Record<string, string | undefined>) => {
  const r = await cli(args, env);
  if (r.code !== 0) throw new Error(`${args.join(' ')} failed: ${r.stderr}`);
  return r.stdout;
};

describe('views for analysts (SPEC §13, migration 0018)', () => {
  it('v_demands: per-category counts per local month equal the report’s, across a month boundary', async () => {
    const { db, env } = await fixture();
    const intake = (summary: string, category: string, at: string) =>
      ok(['intake', summary, '--channel', 'phone', '--category', category, '--at', at], env);
    // 00:30 on 1 November in Shanghai is still 31 October in UTC: a UTC month would count it in October.
    await intake('十月最后', 'parking', '2026-10-31 23:30');
    await intake('十一月最先', 'parking', '2026-11-01 00:30');
    await intake('修灯', 'repair', '2026-11-01 07:59');
    await intake('噪音', 'noise', '2026-10-01 00:00');
    await intake('录错了', 'repair', '2026-11-02 10:00');
    await ok(['cancel', '202611-0003', '--reason', '重复录入'], env);
    const fromShell = shellCsv(
      db,
      `SELECT received_month AS month, category, count(*) AS n FROM v_demands WHERE cancelled_local IS NULL ` +
        `GROUP BY 1, 2 ORDER BY 1, 2;`,
    );
    const fromReport: Record<string, string>[] = [];
    for (const month of ['2026-10', '2026-11']) {
      const report = json(await cli(['report', '--month', month, '--json'], env));
      for (const row of report.rows) {
        if (row.breakdown?.startsWith('category=') && row.value > 0)
          fromReport.push({ month, category: row.breakdown.slice(9), n: String(row.value) });
      }
    }
    const byMonthAndCode = (a: Record<string, string>, b: Record<string, string>) =>
      `${a.month} ${a.category}`.localeCompare(`${b.month} ${b.category}`);
    expect(fromShell).toEqual(fromReport.sort(byMonthAndCode));
    expect(fromShell).toEqual([
      { month: '2026-10', category: 'noise', n: '1' },
      { month: '2026-10', category: 'parking', n: '1' },
      { month: '2026-11', category: 'parking', n: '1' },
      { month: '2026-11', category: 'repair', n: '1' },
    ]);
    const row = shellCsv(
      db,
      `SELECT number, category, category_zh, status_zh, received_at, received_local FROM v_demands WHERE ` +
        `summary = '十一月最先';`,
    );
    expect(row).toEqual([
      {
        number: '202611-0001',
        category: 'parking',
        category_zh: '停车',
        status_zh: '待分派',
        received_at: '2026-10-31T16:30:00.000Z',
        received_local: '2026-11-01 00:30:00',
      },
    ]);
  });

  it('v_events and v_ledger: local times and months, labels beside the codes', async () => {
    const { db, env } = await fixture();
    await ok(['intake', '路灯', '--channel', 'phone', '--category', 'repair', '--at', '2026-11-20 14:30'], env);
    await ok(['resident', 'add', '张三', '--phone', '13812345678'], env);
    await ok(['points', 'earn', '张三', '10', '--reason', 'patrol', '--at', '2026-11-25 23:45'], env);
    expect(shellCsv(db, `SELECT number, type, type_zh, at_local, month, status_after_zh FROM v_events;`)).toEqual([
      {
        number: '202611-0001',
        type: 'intake',
        type_zh: '受理',
        at_local: '2026-11-20 14:30:00',
        month: '2026-11',
        status_after_zh: '待分派',
      },
    ]);
    expect(shellCsv(db, `SELECT resident, type_zh, delta, reason_zh, at_local, month FROM v_ledger;`)).toEqual([
      {
        resident: '张三',
        type_zh: '获得',
        delta: '10',
        reason_zh: '巡逻',
        at_local: '2026-11-25 23:45:00',
        month: '2026-11',
      },
    ]);
  });

  it('code_labels holds every code list with hongwu’s own labels', async () => {
    const { db } = await fixture();
    const rows = shellCsv(db, `SELECT list, code, zh, en FROM code_labels ORDER BY list, code;`);
    const lists = {
      channel: codes.channel,
      category: codes.category,
      kind: codes.kind,
      tier: codes.tier,
      status: codes.status,
      outcome: codes.outcome,
      rating: codes.rating,
      team_kind: codes.teamKind,
      resident_tag: codes.residentTag,
      points_reason: codes.pointsReason,
      entry_type: entryType,
      item_kind: itemKind,
      visit_outcome: codes.visitOutcome,
      care_service: codes.careService,
      fee_method: codes.feeMethod,
      fee_rule_period: codes.feeRulePeriod,
    };
    for (const [list, l] of Object.entries(lists)) {
      for (const [code, label] of Object.entries(l.labels as codes.Labels)) {
        expect(rows, `${list}.${code}`).toContainEqual({ list, code, zh: label.zh, en: label.en });
      }
    }
  });

  it('follows the database’s zone, daylight saving included, as list --labels does', async () => {
    const { db, env } = await initDbIn('America/New_York');
    const at = { ...env, HONGWU_NOW: '2026-11-26T10:00:00-05:00' };
    await ok(['intake', '夏令时', '--channel', 'phone', '--category', 'repair', '--at', '2026-07-01 09:00'], at);
    await ok(['intake', '冬令时', '--channel', 'phone', '--category', 'repair', '--at', '2026-11-02 09:00'], at);
    const shell = shellCsv(db, `SELECT number, received_local FROM v_demands ORDER BY number;`);
    const labelled = parse(await ok(['list', '--status', 'all', '--labels'], at), { columns: true }) as Record<
      string,
      string
    >[];
    expect(shell.map((r) => r.received_local)).toEqual(['2026-07-01 09:00:00', '2026-11-02 09:00:00']);
    expect(shell.map((r) => r.received_local)).toEqual(labelled.map((r) => r['受理时间']));
  });

  it('v_demands: when the current pause began and how many return visits reached no rating', async () => {
    const { db, env } = await fixture();
    for (const summary of ['等配件', '回访两次'])
      await ok(['intake', summary, '--channel', 'phone', '--category', 'repair', '--at', '2026-11-20 09:00'], env);
    await ok(['pause', '202611-0001', '--reason', '等待配件', '--at', '2026-11-21 08:15'], env);
    await ok(['resolve', '202611-0002', '--note', '已修好', '--at', '2026-11-24 09:00'], env);
    await ok(['visit', '202611-0002', 'unreachable', '--at', '2026-11-25 10:00'], env);
    await ok(['visit', '202611-0002', 'unreachable', '--at', '2026-11-25 16:00'], env);
    expect(shellCsv(db, `SELECT number, paused_local, visits FROM v_demands ORDER BY number;`)).toEqual([
      { number: '202611-0001', paused_local: '2026-11-21 08:15:00', visits: '0' },
      { number: '202611-0002', paused_local: '', visits: '2' },
    ]);
  });

  it('the migration’s frozen offset rule and the program’s agree, zone by zone, by Intl and by V8’s local time', () => {
    const zones = [
      'Asia/Shanghai',
      'America/New_York',
      'Europe/London',
      'UTC',
      'Asia/Kathmandu',
      'America/Recife',
      'Asia/Gaza',
      'Africa/Casablanca',
    ];
    const frozen = zones.map((zone) => offsetPeriods(zone));
    expect(
      zones.map((zone) => zoneOffsetPeriods(zone)),
      'Intl',
    ).toEqual(frozen);
    usePeriodsReader(localTimePeriods);
    try {
      expect(
        zones.map((zone) => zoneOffsetPeriods(zone)),
        'V8 local time',
      ).toEqual(frozen);
    } finally {
      usePeriodsReader(undefined);
    }
    // Shanghai: +08:00 throughout (since its last daylight saving ended in 1991).
    expect(offsetPeriods('Asia/Shanghai')).toEqual([
      { starts_at: '1999-12-31T00:00:00.000Z', ends_at: '2101-01-01T00:00:00.000Z', offset_minutes: 480 },
    ]);
    // Recife's week of daylight saving in October 2000, the shortest period of any zone: not missed between samples.
    expect(offsetPeriods('America/Recife').slice(0, 3)).toEqual([
      { starts_at: '1999-12-31T00:00:00.000Z', ends_at: '2000-02-27T02:00:00.000Z', offset_minutes: -120 },
      { starts_at: '2000-02-27T02:00:00.000Z', ends_at: '2000-10-08T03:00:00.000Z', offset_minutes: -180 },
      { starts_at: '2000-10-08T03:00:00.000Z', ends_at: '2000-10-15T02:00:00.000Z', offset_minutes: -120 },
    ]);
  });

  it('a fixed-offset zone costs one reading every six days and no search; each change some 15 more', () => {
    let readings = 0;
    expect(searchOffsetPeriods(() => (readings++, 480))).toEqual([
      { starts_at: '1999-12-31T00:00:00.000Z', ends_at: '2101-01-01T00:00:00.000Z', offset_minutes: 480 },
    ]);
    const fixed = readings;
    expect(fixed).toBe(6150);
    readings = 0;
    const [spring, autumn] = [Date.parse('2026-03-08T07:00:00Z'), Date.parse('2026-11-01T06:00:00Z')];
    const summer = searchOffsetPeriods((ms) => (readings++, ms >= spring && ms < autumn ? 540 : 480));
    expect(summer).toEqual([
      { starts_at: '1999-12-31T00:00:00.000Z', ends_at: '2026-03-08T07:00:00.000Z', offset_minutes: 480 },
      { starts_at: '2026-03-08T07:00:00.000Z', ends_at: '2026-11-01T06:00:00.000Z', offset_minutes: 540 },
      { starts_at: '2026-11-01T06:00:00.000Z', ends_at: '2101-01-01T00:00:00.000Z', offset_minutes: 480 },
    ]);
    expect(readings - fixed).toBeLessThanOrEqual(2 * 16);
  });
});
