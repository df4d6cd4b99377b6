import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { cli, initDb, json } from '../helpers/cli.js';
import { assertProperty } from '../helpers/property.js';
import { keepsNonNegative, stepDemand, type DemandModel, type DemandStep, type ModelEntry } from './model.js';
import {
  AS_OF,
  END,
  LAST_YEAR,
  local,
  recount,
  START,
  totals,
  breakdowns,
  type Row,
  type Shown,
  type Entry,
  type World,
} from './recount.js';

/**
 * Random histories around October 2026 (and October 2025, for the year-over-year figures), driven
 * through the CLI: demands with their steps, residents whose special-group tags come before or
 * after the month's end, points earned, redeemed, reversed and given by activities of two teams.
 * Every count and rate of the report, totals and breakdowns, must equal a naive recount over the
 * demands' event histories (`show --json`) and the ledger (`points ledger --json`), written here
 * without any of the report's SQL. `assign --due` may move a deadline before or after the month's
 * end: the month is judged by the deadline as of its end. (Meetings: the second property below.)
 *
 * Times are whole seconds, and a step may land exactly on its demand's deadline. Each step's exit
 * code is the one a plain model of the lifecycle and of the ledger expects (test/report/model.ts):
 * a refusal is asserted, so a regression cannot hide by refusing more. Seeded: a failure prints
 * PROPERTY_SEED and PROPERTY_PATH to replay it (test/helpers/property.ts).
 */
const NOW = '2027-02-01T09:00:00+08:00';
const DAY = 1440;
const SECONDS_A_DAY = 86_400;

const ACTIONS = [
  'assign',
  'assign_due',
  'resolve',
  'resolve_mediated',
  'rate_satisfied',
  'rate_basic',
  'rate_unsatisfied',
  'rate_final',
  'cancel',
  'visit_unreachable',
  'visit_final',
] as const satisfies readonly DemandStep[];
const SERVICES = ['visit', 'health', 'delivery'] as const;

/**
 * When a step happens: whole seconds after the previous one, or exactly on the demand's response
 * or resolve deadline (as it stands then), where `<` and `<=` part ways.
 */
const whenArb = fc.oneof(
  { weight: 3, arbitrary: fc.record({ seconds: fc.integer({ min: 0, max: 4 * SECONDS_A_DAY }) }) },
  { weight: 1, arbitrary: fc.record({ onDeadline: fc.constantFrom('response' as const, 'resolve' as const) }) },
);

/** 甲 and 丙 get a special-group tag at a random time (maybe after the month), 乙 is a party member. */
const RESIDENTS = ['甲', '乙', '丙'] as const;

const demandArb = fc.record({
  lastYear: fc.constantFrom(false, false, false, true),
  seconds: fc.integer({ min: -6 * SECONDS_A_DAY, max: 31 * SECONDS_A_DAY - 1 }),
  channel: fc.constantFrom('phone', 'online', 'walk_in', 'collection_point'),
  category: fc.constantFrom('repair', 'care', 'noise'),
  kind: fc.constantFrom('request', 'complaint', 'dispute'),
  tier: fc.constantFrom('immediate', 'timed'),
  resident: fc.constantFrom(null, ...RESIDENTS),
  steps: fc.array(
    fc.record({
      action: fc.constantFrom(...ACTIONS),
      when: whenArb,
      due: fc.integer({ min: 1, max: 12 * SECONDS_A_DAY }),
    }),
    { maxLength: 6 },
  ),
});

const pointsArb = fc.record({
  op: fc.constantFrom('earn', 'earn', 'redeem', 'redeem', 'reverse', 'activity'),
  who: fc.constantFrom(...RESIDENTS),
  points: fc.integer({ min: 1, max: 30 }),
  seconds: fc.integer({ min: -5 * SECONDS_A_DAY, max: 36 * SECONDS_A_DAY }),
  target: fc.nat(),
  team: fc.constantFrom('志愿队', '先锋队'),
});

const worldArb = fc.record({
  demands: fc.array(demandArb, { minLength: 1, maxLength: 6 }),
  points: fc.array(pointsArb, { maxLength: 10 }),
  /** When 甲 and 丙 were tagged, in seconds from the month's start. */
  tagged: fc.tuple(
    fc.integer({ min: -40 * SECONDS_A_DAY, max: 40 * SECONDS_A_DAY }),
    fc.integer({ min: -40 * SECONDS_A_DAY, max: 40 * SECONDS_A_DAY }),
  ),
  /** 关爱服务 to any of them, around the month. */
  care: fc.array(
    fc.record({
      who: fc.constantFrom(...RESIDENTS),
      seconds: fc.integer({ min: -5 * SECONDS_A_DAY, max: 36 * SECONDS_A_DAY }),
      service: fc.constantFrom(...SERVICES),
    }),
    { maxLength: 5 },
  ),
});

describe('report against a naive recount', () => {
  it('agrees on every count and rate, totals and breakdowns, for random histories', async () => {
    await assertProperty(
      fc.asyncProperty(worldArb, async (spec) => {
        const { env: base } = await initDb();
        const env = { ...base, HONGWU_NOW: NOW };
        const ok = async (...args: string[]) => json(await cli([...args, '--json'], env));
        const world: World = { residentOf: new Map(), taggedAt: new Map(), teamOfActivity: new Map(), care: [] };
        await ok('team', 'add', '志愿队', '--kind', 'volunteer');
        await ok('team', 'add', '先锋队', '--kind', 'party_vanguard');
        await ok('points', 'item', 'add', '大米', '--cost', '10');
        for (const [i, name] of RESIDENTS.entries())
          await ok('resident', 'add', name, '--phone', `1390000000${i}`, '--at', '2025-01-01');
        const tags: [string, string, number][] = [
          ['甲', 'elderly_alone', spec.tagged[0]],
          ['乙', 'party_member', 0],
          ['丙', 'disabled', spec.tagged[1]],
        ];
        for (const [name, tag, seconds] of tags) {
          await ok('resident', 'tag', name, tag, '--at', local(START + seconds * 1000));
          if (tag !== 'party_member') world.taggedAt.set(name, START + seconds * 1000);
        }
        const numbers: string[] = [];
        for (const s of spec.demands) {
          let at = (s.lastYear ? LAST_YEAR.start : START) + s.seconds * 1000;
          const who = s.resident ? ['--resident', s.resident] : [];
          const intake = json(
            await cli(
              [
                'intake',
                'x',
                '--channel',
                s.channel,
                '--category',
                s.category,
                '--kind',
                s.kind,
                '--tier',
                s.tier,
                ...who,
                '--at',
                local(at),
                '--json',
              ],
              env,
            ),
          );
          numbers.push(intake.number);
          world.residentOf.set(intake.number, s.resident);
          let model: DemandModel = { status: 'open', assigned: false };
          const due = { response: Date.parse(intake.response_due_at), resolve: Date.parse(intake.resolve_due_at) };
          for (const step of s.steps) {
            // On a deadline already passed, the step comes at once (time does not go back).
            if ('seconds' in step.when) at += step.when.seconds * 1000;
            else at = Math.max(at, due[step.when.onDeadline]);
            const when = ['--at', local(at)];
            const args: Record<(typeof ACTIONS)[number], string[]> = {
              assign: ['assign', intake.number, '--to', '蓝色港湾物业服务企业'],
              assign_due: [
                'assign',
                intake.number,
                '--to',
                '蓝色港湾物业服务企业',
                '--due',
                local(at + step.due * 1000),
              ],
              resolve: ['resolve', intake.number, '--note', 'n'],
              resolve_mediated: ['resolve', intake.number, '--note', 'n', '--outcome', 'mediated'],
              rate_satisfied: ['rate', intake.number, 'satisfied'],
              rate_basic: ['rate', intake.number, 'basic'],
              rate_unsatisfied: ['rate', intake.number, 'unsatisfied'],
              rate_final: ['rate', intake.number, 'unsatisfied', '--final'],
              cancel: ['cancel', intake.number, '--reason', 'r'],
              visit_unreachable: ['visit', intake.number, 'unreachable'],
              visit_final: ['visit', intake.number, 'declined', '--final'],
            };
            const r = await cli([...args[step.action], ...when], env);
            const next = stepDemand(model, step.action);
            expect({ step: step.action, status: model.status, code: r.code }).toEqual({
              step: step.action,
              status: model.status,
              code: next ? 0 : 1,
            });
            if (!next) continue;
            model = next;
            if (step.action === 'assign_due') due.resolve = at + step.due * 1000;
          }
        }
        /** The entries made so far, with when they happened: a reversal comes after its entry. */
        const made: ModelEntry[] = [];
        for (const p of spec.points) {
          let at = START + p.seconds * 1000;
          const target = made.length ? made[made.length - 1 - (p.target % Math.min(3, made.length))]! : undefined;
          // one of the latest entries, so that a redemption is often reversed in the month too
          if (p.op === 'reverse' && target) at = Math.max(at, target.at);
          const args = {
            earn: ['points', 'earn', p.who, String(p.points), '--reason', 'patrol'],
            redeem: ['points', 'redeem', p.who, '大米'],
            reverse: ['points', 'reverse', String(target?.entry ?? 1), '--reason', 'r'],
            activity: [
              'points',
              'activity',
              '清扫',
              '--team',
              p.team,
              '--reason',
              'cleanup',
              '--points',
              String(p.points),
              '--participants',
              p.who === '乙' ? '乙' : `${p.who},乙`,
            ],
          }[p.op]!;
          const r = await cli([...args, '--at', local(at), '--json'], env);
          // Refused (1): too few points at that moment or after it, no such entry, a reversal
          // reversed, an entry reversed twice.
          const allowed =
            p.op === 'redeem'
              ? keepsNonNegative(made, p.who, -10, at)
              : p.op === 'reverse'
                ? !!target &&
                  target.reverses === null &&
                  !made.some((e) => e.reverses === target.entry) &&
                  keepsNonNegative(made, target.resident, -target.delta, at)
                : true;
          expect({ op: p.op, at: local(at), code: r.code }).toEqual({ op: p.op, at: local(at), code: allowed ? 0 : 1 });
          if (r.code !== 0) continue;
          const out = JSON.parse(r.stdout);
          if (p.op === 'activity') {
            world.teamOfActivity.set(out.activity.id, p.team);
            for (const e of out.entries)
              made.push({ entry: e.entry, resident: e.resident, delta: e.delta, at, reverses: null });
          } else made.push({ entry: out.entry, resident: out.resident, delta: out.delta, at, reverses: out.reverses });
        }
        for (const c of spec.care) {
          const at = START + c.seconds * 1000;
          await ok('care', c.who, '--service', c.service, '--at', local(at));
          world.care!.push({ at, service: c.service });
        }
        const shown: Shown[] = [];
        for (const n of numbers) shown.push(json(await cli(['show', n, '--json'], env)));
        const ledger = json<Entry[]>(await cli(['points', 'ledger', '--json'], env));
        expect(ledger).toHaveLength(made.length);
        const report = json(await cli(['report', '--month', '2026-10', '--json'], env));
        const rows = report.rows as Row[];
        const got = totals(rows);
        expect(got).toMatchObject(recount(shown, ledger, world));
        const expected = breakdowns(shown, world);
        const brokenDown = rows.filter((r) => r.breakdown);
        for (const r of brokenDown)
          expect([r.metric, r.breakdown, r.value]).toEqual([
            r.metric,
            r.breakdown,
            expected.get(`${r.metric} ${r.breakdown}`) ?? 0,
          ]);
        for (const key of expected.keys()) expect(brokenDown.map((r) => `${r.metric} ${r.breakdown}`)).toContain(key);
        // The roll-up of this one-community file reads the events by type and time, the community's
        // report from its demands (migration 0020): the same figures either way.
        const all = json(await cli(['--community', 'all', 'report', '--month', '2026-10', '--json'], env));
        expect((all.rows as Row[]).map((r) => [r.metric, r.breakdown, r.value])).toEqual(
          rows.map((r) => [r.metric, r.breakdown, r.value]),
        );
      }),
    );
  }, 180_000);
});

/**
 * Meetings through the five steps at random times around October: the meeting and topic counts
 * of the report against a recount of what the commands that succeeded did, and when.
 */
const topicArb = fc.record({
  meeting: fc.nat(),
  /** Minutes after its meeting that the topic is raised, and between its later steps. */
  gaps: fc.array(fc.integer({ min: 0, max: 9 * DAY }), { minLength: 6, maxLength: 6 }),
  /** How far the topic gets: 1 raised … 5 evaluated. */
  reach: fc.integer({ min: 1, max: 5 }),
  votes: fc.array(fc.tuple(fc.integer({ min: 0, max: 20 }), fc.integer({ min: 0, max: 20 })), {
    minLength: 1,
    maxLength: 3,
  }),
  rating: fc.constantFrom('satisfied', 'basic', 'unsatisfied'),
});

const meetingsArb = fc.record({
  meetings: fc.array(fc.integer({ min: -15 * DAY, max: 40 * DAY }), { minLength: 1, maxLength: 3 }),
  topics: fc.array(topicArb, { maxLength: 4 }),
});

describe('meeting figures against a naive recount', () => {
  it('agrees on meetings held and topics raised, decided, evaluated and resolved', async () => {
    await assertProperty(
      fc.asyncProperty(meetingsArb, async (spec) => {
        const { env: base } = await initDb();
        const env = { ...base, HONGWU_NOW: NOW };
        const run = (...args: string[]) => cli([...args, '--json'], env);
        const inOctober = (at: number) => at >= START && at <= AS_OF;
        const meetings: { id: number; at: number }[] = [];
        for (const minutes of [...spec.meetings].sort((a, b) => a - b)) {
          const at = START + minutes * 60_000;
          meetings.push({ id: json(await run('meeting', 'new', '议事会', '--at', local(at))).id, at });
        }
        /** What happened, as the commands that succeeded said. */
        const raised: number[] = [];
        const decided: number[] = [];
        const evaluated: { at: number; rating: string }[] = [];
        for (const topic of spec.topics) {
          const meeting = meetings[topic.meeting % meetings.length]!;
          let at = meeting.at + topic.gaps[0]! * 60_000;
          // Every step is taken in the order of the five steps, never before the one it follows:
          // each must be accepted.
          const step = async (...args: string[]) => {
            const r = await run(...args, '--at', local(at));
            expect({ step: args.slice(0, 2).join(' '), code: r.code, stderr: r.stderr }).toEqual({
              step: args.slice(0, 2).join(' '),
              code: 0,
              stderr: '',
            });
            return JSON.parse(r.stdout);
          };
          const t = await step('meeting', 'raise', `M${meeting.id}`, '楼道堆物');
          raised.push(at);
          const ref = `T${t.id}`;
          if (topic.reach < 2) continue;
          at += topic.gaps[1]! * 60_000;
          await step('meeting', 'propose', ref, '限期清理', '--by', '蓝色港湾物业服务企业');
          if (topic.reach < 3) continue;
          let passed = false;
          for (const [votesFor, against] of topic.votes) {
            at += topic.gaps[2]! * 60_000;
            await step(
              'meeting',
              'decide',
              ref,
              '--proposal',
              '1',
              '--for',
              String(votesFor),
              '--against',
              String(against),
            );
            if (votesFor > against) {
              decided.push(at);
              passed = true;
              break;
            }
          }
          if (!passed || topic.reach < 4) continue;
          at += topic.gaps[3]! * 60_000;
          const task = await step('meeting', 'task', ref, '清理楼道', '--to', '蓝色港湾物业服务企业');
          if (topic.reach < 5) continue;
          at += topic.gaps[4]! * 60_000;
          await step('resolve', task.number, '--note', '已清理');
          at += topic.gaps[5]! * 60_000;
          await step('meeting', 'evaluate', ref, topic.rating);
          evaluated.push({ at, rating: topic.rating });
        }
        const report = json(await cli(['report', '--month', '2026-10', '--json'], env));
        const got = totals(report.rows);
        const evaluatedInOctober = evaluated.filter((e) => inOctober(e.at));
        expect(got).toMatchObject({
          meetings_held: meetings.filter((m) => inOctober(m.at)).length,
          topics_raised: raised.filter(inOctober).length,
          topics_decided: decided.filter(inOctober).length,
          topics_evaluated: evaluatedInOctober.length,
          topics_resolved: evaluatedInOctober.filter((e) => e.rating !== 'unsatisfied').length,
        });
      }),
    );
  }, 180_000);
});
