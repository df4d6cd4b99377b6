import { describe, expect, it } from 'vitest';
import { cli, initDb, json } from '../helpers/cli.js';
import { ok } from './fixture.js';
import { recount, totals, type Row, type Shown } from './recount.js';

/**
 * Where a one-character change of the report's SQL hides: a response and a resolve landing exactly
 * on their deadlines (on time, `<=`), a demand reopened by a rating and then cancelled (out of every
 * figure, events included), and two communities in one file (each report counts its own events
 * only). Each community's report is compared metric by metric with the naive recount of its own
 * demands, and the figures these cases decide are also written out by hand.
 */
const NOW = '2027-02-01T09:00:00+08:00';
const PROPERTY = '蓝色港湾物业服务企业';

async function twoCommunities() {
  const { env: base } = await initDb();
  const env = { ...base, HONGWU_NOW: NOW };
  await ok(['community', 'add', '红枫', '--code', 'hf'], env);
  const inCommunity =
    (code: string) =>
    async (...args: string[]) =>
      ok(['--community', code, ...args], env);
  const lsgw = inCommunity('lsgw');
  const hf = inCommunity('hf');
  const intake = async (run: typeof lsgw, at: string, ...more: string[]) =>
    JSON.parse(
      await run('intake', 'x', '--channel', 'phone', '--category', 'repair', ...more, '--at', at, '--json'),
    ) as {
      number: string;
      response_due_at: string;
      resolve_due_at: string;
    };

  // 蓝色港湾: answered and resolved exactly on the deadlines; one reopened, then cancelled.
  const onTime = await intake(lsgw, '2026-10-05T09:00:00+08:00');
  await lsgw('assign', onTime.number, '--to', PROPERTY, '--at', onTime.response_due_at);
  await lsgw('resolve', onTime.number, '--note', 'n', '--at', onTime.resolve_due_at);
  await lsgw('rate', onTime.number, 'satisfied', '--at', '2026-10-20T09:00:00+08:00');
  const cancelled = await intake(lsgw, '2026-10-06T09:00:00+08:00');
  await lsgw('assign', cancelled.number, '--to', PROPERTY, '--at', '2026-10-06T10:00:00+08:00');
  await lsgw('resolve', cancelled.number, '--note', 'n', '--at', '2026-10-07T10:00:00+08:00');
  await lsgw('rate', cancelled.number, 'unsatisfied', '--at', '2026-10-08T10:00:00+08:00');
  await lsgw('cancel', cancelled.number, '--reason', '重复登记', '--at', '2026-10-09T10:00:00+08:00');

  // 红枫: a second's lateness on each deadline, a mediated dispute, September's demand resolved in October.
  const late = await intake(hf, '2026-10-05T09:00:00+08:00');
  await hf('assign', late.number, '--to', '红枫物业服务企业', '--at', isoPlusSecond(late.response_due_at));
  await hf('resolve', late.number, '--note', 'n', '--at', isoPlusSecond(late.resolve_due_at));
  await hf('rate', late.number, 'basic', '--at', '2026-10-21T09:00:00+08:00');
  const dispute = await intake(hf, '2026-10-10T09:00:00+08:00', '--kind', 'dispute');
  await hf('resolve', dispute.number, '--note', 'n', '--outcome', 'mediated', '--at', '2026-10-11T09:00:00+08:00');
  await hf('rate', dispute.number, 'unsatisfied', '--at', '2026-10-12T09:00:00+08:00');
  const september = await intake(hf, '2026-09-25T09:00:00+08:00');
  await hf('resolve', september.number, '--note', 'n', '--at', '2026-10-02T09:00:00+08:00');
  await hf('rate', september.number, 'satisfied', '--at', '2026-10-03T09:00:00+08:00');

  const figures = async (code: string, numbers: string[]) => {
    const report = json(await cli(['--community', code, 'report', '--month', '2026-10', '--json'], env));
    const shown: Shown[] = [];
    for (const n of numbers) shown.push(json(await cli(['--community', code, 'show', n, '--json'], env)));
    return {
      got: totals(report.rows as Row[]),
      expected: recount(shown, [], { residentOf: new Map(), taggedAt: new Map(), teamOfActivity: new Map() }),
    };
  };
  return {
    lsgw: await figures('lsgw', [onTime.number, cancelled.number]),
    hf: await figures('hf', [late.number, dispute.number, september.number]),
  };
}

const isoPlusSecond = (iso: string) => new Date(Date.parse(iso) + 1000).toISOString();

describe('report boundaries', () => {
  it(
    'counts each community apart, on-deadline steps on ' + 'time and a reopened-then-cancelled demand nowhere',
    async () => {
      const { lsgw, hf } = await twoCommunities();
      expect(lsgw.got).toMatchObject(lsgw.expected);
      expect(hf.got).toMatchObject(hf.expected);
      // What those cases decide, by hand.
      expect(lsgw.got).toMatchObject({
        demands_received: 1,
        response_on_time: 1,
        response_late: 0,
        response_on_time_rate: 100,
        resolve_on_time: 1,
        resolve_late: 0,
        resolve_on_time_rate: 100,
        demands_resolved: 1,
        reopened: 0,
        ratings: 1,
        ratings_satisfied: 1,
        ratings_unsatisfied: 0,
        satisfaction_rate: 100,
      });
      expect(hf.got).toMatchObject({
        demands_received: 2,
        response_on_time: 1, // the dispute, resolved at the desk the next day
        response_late: 1,
        resolve_on_time: 1,
        resolve_late: 1,
        demands_resolved: 3,
        disputes_resolved: 1,
        disputes_mediated: 1,
        reopened: 1,
        ratings: 3,
        ratings_satisfied: 1,
        ratings_basic: 1,
        ratings_unsatisfied: 1,
      });
    },
  );
});
