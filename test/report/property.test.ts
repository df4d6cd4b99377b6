import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { cli, initDb, json } from '../helpers/cli.js';

/**
 * Random demand histories around October 2026, driven through the CLI; every count and rate of
 * the report must equal a naive recount over the demands' event histories (`show --json`),
 * written here without any of the report's SQL. `assign --due` may move a deadline before or after the
 * month's end: the month is judged by the deadline as of its end.
 */
const START = Date.parse('2026-10-01T00:00:00+08:00');
const END = Date.parse('2026-11-01T00:00:00+08:00');
const AS_OF = END - 1;
const NOW = '2027-02-01T09:00:00+08:00';

const ACTIONS = ['assign', 'assign_due', 'resolve', 'resolve_mediated', 'rate_satisfied', 'rate_basic', 'rate_unsatisfied', 'rate_final', 'cancel'] as const;

const demandArb = fc.record({
  minutes: fc.integer({ min: -6 * 1440, max: 31 * 1440 - 1 }),
  channel: fc.constantFrom('phone', 'online', 'walk_in'),
  category: fc.constantFrom('repair', 'care', 'noise'),
  kind: fc.constantFrom('request', 'complaint', 'dispute'),
  tier: fc.constantFrom('immediate', 'timed'),
  steps: fc.array(
    fc.record({ action: fc.constantFrom(...ACTIONS), gap: fc.integer({ min: 0, max: 4 * 1440 }), due: fc.integer({ min: 1, max: 12 * 1440 }) }),
    { maxLength: 6 },
  ),
});

interface Shown {
  number: string;
  kind: string;
  category: string;
  received_at: string;
  response_due_at: string;
  resolve_due_at: string;
  events: { type: string; at: string; status: string; rating: string | null; outcome: string | null; due_at: string | null }[];
}

const t = (iso: string) => Date.parse(iso);

function percent(n: number, d: number): number | null {
  if (d === 0) return null;
  return Math.round((n / d) * 1000 + 1e-9) / 10; // the counts here are non-negative
}

function medianHours(values: number[]): number | null {
  if (!values.length) return null;
  const s = [...values].sort((a, b) => a - b);
  const mid = s.length / 2;
  const ms = s.length % 2 ? s[Math.floor(mid)]! : (s[mid - 1]! + s[mid]!) / 2;
  return Math.round((ms / 3_600_000) * 10 + 1e-9) / 10;
}

/** The metrics of SPEC §7 read straight off the histories. */
function recount(demands: Shown[]) {
  const live = demands.filter((d) => !d.events.some((e) => e.type === 'cancel'));
  const cohort = live.filter((d) => t(d.received_at) >= START && t(d.received_at) < END);
  const byAsOf = (d: Shown) => d.events.filter((e) => t(e.at) <= AS_OF);
  const inMonth = (d: Shown, type: string) => d.events.filter((e) => e.type === type && t(e.at) >= START && t(e.at) <= AS_OF);
  const statusAt = (d: Shown) => byAsOf(d).at(-1)!.status;
  /** The resolve deadline as of the month's end: the last one an event had set by then. */
  const dueAt = (d: Shown) => t(byAsOf(d).filter((e) => e.due_at).at(-1)?.due_at ?? d.resolve_due_at);
  let respOn = 0, respLate = 0, resOn = 0, resLate = 0;
  const respHours: number[] = [];
  const resHours: number[] = [];
  for (const d of cohort) {
    const first = d.events.find((e) => e.type === 'assign' || e.type === 'resolve');
    const response = first && t(first.at) <= AS_OF ? t(first.at) : undefined;
    if (response !== undefined) {
      respHours.push(response - t(d.received_at));
      if (response <= t(d.response_due_at)) respOn++;
      else respLate++;
    } else if (t(d.response_due_at) < AS_OF) respLate++;
    const firstResolve = d.events.find((e) => e.type === 'resolve');
    const resolved = firstResolve && t(firstResolve.at) <= AS_OF ? t(firstResolve.at) : undefined;
    if (resolved !== undefined) {
      resHours.push(resolved - t(d.received_at));
      if (resolved <= dueAt(d)) resOn++;
      else resLate++;
    } else if (dueAt(d) < AS_OF) resLate++;
  }
  const closed = cohort.filter((d) => ['resolved', 'closed'].includes(statusAt(d))).length;
  const resolvedInMonth = live.filter((d) => inMonth(d, 'resolve').length > 0);
  const disputes = resolvedInMonth.filter((d) => d.kind === 'dispute');
  const mediated = disputes.filter((d) => inMonth(d, 'resolve').at(-1)!.outcome === 'mediated').length;
  const lastRatings = live.map((d) => inMonth(d, 'rate').at(-1)?.rating).filter((r): r is string => !!r);
  const count = (r: string) => lastRatings.filter((x) => x === r).length;
  const reopened = live.flatMap((d) => inMonth(d, 'rate')).filter((e) => e.rating === 'unsatisfied' && (e.status === 'open' || e.status === 'assigned')).length;
  const overdue = live.filter((d) => t(d.received_at) <= AS_OF && ['open', 'assigned'].includes(statusAt(d)) && dueAt(d) < AS_OF).length;
  const complaints = cohort.filter((d) => d.kind === 'complaint').length;
  return {
    demands_received: cohort.length,
    response_on_time: respOn,
    response_late: respLate,
    response_on_time_rate: percent(respOn, respOn + respLate),
    resolve_on_time: resOn,
    resolve_late: resLate,
    resolve_on_time_rate: percent(resOn, resOn + resLate),
    closure_rate: percent(closed, cohort.length),
    demands_resolved: resolvedInMonth.length,
    median_response_hours: medianHours(respHours),
    median_resolution_hours: medianHours(resHours),
    open_overdue: overdue,
    reopened,
    ratings: lastRatings.length,
    ratings_satisfied: count('satisfied'),
    ratings_basic: count('basic'),
    ratings_unsatisfied: count('unsatisfied'),
    satisfaction_rate: percent(count('satisfied') + count('basic'), lastRatings.length),
    complaints,
    complaints_last_year: 0,
    complaints_yoy_change: null,
    disputes_resolved: disputes.length,
    disputes_mediated: mediated,
    mediation_success_rate: percent(mediated, disputes.length),
    care_services: cohort.filter((d) => d.category === 'care').length,
  };
}

const local = (ms: number) => new Date(ms).toISOString();

describe('report against a naive recount', () => {
  it('agrees on every count and rate for random histories', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(demandArb, { minLength: 1, maxLength: 6 }), async (specs) => {
        const { env: base } = await initDb();
        const env = { ...base, HONGWU_NOW: NOW };
        const numbers: string[] = [];
        for (const s of specs) {
          let at = START + s.minutes * 60_000;
          const intake = json(await cli(['intake', 'x', '--channel', s.channel, '--category', s.category, '--kind', s.kind, '--tier', s.tier, '--at', local(at), '--json'], env));
          numbers.push(intake.number);
          for (const step of s.steps) {
            at += step.gap * 60_000;
            const when = ['--at', local(at)];
            const args: Record<(typeof ACTIONS)[number], string[]> = {
              assign: ['assign', intake.number, '--to', '蓝色港湾物业服务企业'],
              assign_due: ['assign', intake.number, '--to', '蓝色港湾物业服务企业', '--due', local(at + step.due * 60_000)],
              resolve: ['resolve', intake.number, '--note', 'n'],
              resolve_mediated: ['resolve', intake.number, '--note', 'n', '--outcome', 'mediated'],
              rate_satisfied: ['rate', intake.number, 'satisfied'],
              rate_basic: ['rate', intake.number, 'basic'],
              rate_unsatisfied: ['rate', intake.number, 'unsatisfied'],
              rate_final: ['rate', intake.number, 'unsatisfied', '--final'],
              cancel: ['cancel', intake.number, '--reason', 'r'],
            };
            const r = await cli([...args[step.action], ...when], env);
            expect([0, 1]).toContain(r.code); // 1: not allowed in that state, skipped
          }
        }
        const shown: Shown[] = [];
        for (const n of numbers) shown.push(json(await cli(['show', n, '--json'], env)));
        const report = json(await cli(['report', '--month', '2026-10', '--json'], env));
        const got = Object.fromEntries(report.rows.filter((r: any) => !r.breakdown).map((r: any) => [r.metric, r.value]));
        expect(got).toMatchObject(recount(shown));
      }),
      { numRuns: 20 },
    );
  }, 120_000);
});
