import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { cli, initDb, json } from '../helpers/cli.js';
import { afresh } from './afresh.js';
import { assertProperty } from '../helpers/property.js';

/**
 * Random interleavings of writes (most backdated with `--at` into the months already reported) and
 * reports of September to December 2026 (JSON and Markdown, one community and the roll-up): every
 * report, whether it was served from the figures kept by an earlier one (migration 0021) or computed,
 * equals the same report on a copy of the file with nothing kept; and doctor finds every kept row
 * equal to a recount at the end. A step refused by the lifecycle (exit 1) is part of the history.
 * Seeded: a failure prints PROPERTY_SEED and PROPERTY_PATH to replay it (test/helpers/property.ts).
 */
const NOW = '2027-01-15T10:00:00+08:00';
const START = Date.parse('2026-09-01T00:00:00+08:00');
const LAST = Date.parse(NOW);
const MINUTE = 60_000;
const at = (ms: number) => new Date(Math.min(ms, LAST)).toISOString();

const opArb = fc.oneof(
  fc.record({
    op: fc.constant('intake' as const),
    minute: fc.nat(130 * 1440),
    kind: fc.constantFrom('request', 'complaint', 'dispute'),
  }),
  fc.record({
    op: fc.constant('step' as const),
    demand: fc.nat(),
    action: fc.constantFrom(
      'assign',
      'resolve',
      'mediated',
      'satisfied',
      'unsatisfied',
      'cancel',
      'visit',
      'pause',
      'resume',
    ),
    after: fc.nat(40 * 1440),
  }),
  fc.record({
    op: fc.constantFrom('earn' as const, 'redeem' as const, 'care' as const),
    who: fc.constantFrom('甲', '乙'),
    minute: fc.nat(130 * 1440),
  }),
  fc.record({
    op: fc.constant('tag' as const),
    who: fc.constantFrom('甲', '乙'),
    tag: fc.constantFrom('elderly', 'disabled'),
    minute: fc.nat(130 * 1440),
  }),
  {
    weight: 3,
    arbitrary: fc.record({
      op: fc.constant('report' as const),
      month: fc.constantFrom('2026-09', '2026-10', '2026-11', '2026-12'),
      md: fc.boolean(),
      all: fc.boolean(),
    }),
  },
);

describe('kept report figures against the same report computed afresh', () => {
  it('agree after any interleaving of backdated writes and reports', async () => {
    await assertProperty(
      fc.asyncProperty(fc.array(opArb, { minLength: 12, maxLength: 30 }), async (ops) => {
        const { db, env: base } = await initDb({ HONGWU_NOW: NOW });
        const env = { ...base };
        const run = (...args: string[]) => cli(args, env);
        await run('team', 'add', '志愿队', '--kind', 'volunteer');
        await run('points', 'item', 'add', '大米', '--cost', '1');
        for (const [i, name] of ['甲', '乙'].entries())
          await run('resident', 'add', name, '--phone', `1390000000${i}`, '--at', '2026-01-01');
        /** Each demand's number and the time of its latest step (a step may not go before it). */
        const demands: { number: string; last: number }[] = [];
        for (const o of ops) {
          if (o.op === 'intake') {
            const when = START + o.minute * MINUTE;
            const r = await run(
              'intake',
              'x',
              '--channel',
              'phone',
              '--category',
              'repair',
              '--kind',
              o.kind,
              '--resident',
              '甲',
              '--at',
              at(when),
              '--json',
            );
            demands.push({ number: json(r).number, last: when });
          } else if (o.op === 'step' && demands.length > 0) {
            const d = demands[o.demand % demands.length]!;
            const when = Math.min(d.last + o.after * MINUTE, LAST);
            const args: Record<typeof o.action, string[]> = {
              assign: ['assign', d.number, '--to', '志愿队'],
              resolve: ['resolve', d.number, '--note', 'n'],
              mediated: ['resolve', d.number, '--note', 'n', '--outcome', 'mediated'],
              satisfied: ['rate', d.number, 'satisfied'],
              unsatisfied: ['rate', d.number, 'unsatisfied'],
              cancel: ['cancel', d.number, '--reason', 'r'],
              visit: ['visit', d.number, 'unreachable'],
              pause: ['pause', d.number, '--reason', 'r'],
              resume: ['resume', d.number],
            };
            const dated = o.action === 'cancel' ? [] : ['--at', at(when)];
            if ((await run(...args[o.action], ...dated)).code === 0 && dated.length > 0) d.last = when;
          } else if (o.op === 'earn' || o.op === 'redeem' || o.op === 'care') {
            const when = ['--at', at(START + o.minute * MINUTE)];
            if (o.op === 'earn') await run('points', 'earn', o.who, '3', '--reason', 'patrol', ...when);
            else if (o.op === 'redeem') await run('points', 'redeem', o.who, '大米', ...when);
            else await run('care', o.who, ...when);
          } else if (o.op === 'tag') {
            await run('resident', 'tag', o.who, o.tag, '--at', at(START + o.minute * MINUTE));
          } else if (o.op === 'report') {
            const args = [
              ...(o.all ? ['--community', 'all'] : []),
              'report',
              '--month',
              o.month,
              ...(o.md ? ['--format', 'md'] : ['--json']),
            ];
            const r = await run(...args);
            expect(r.code).toBe(0);
            const expected = await afresh(db, args, env);
            expect({ args, stdout: r.stdout }).toEqual({ args, stdout: expected.stdout });
          }
        }
        const doctor = json(await run('doctor', '--json'));
        expect(doctor.checks.find((c: { check: string }) => c.check === 'report_months').status).toBe('ok');
      }),
      8,
    );
  }, 180_000);
});
