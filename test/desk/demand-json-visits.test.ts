import { describe, expect, it } from 'vitest';
import { parse } from 'csv-parse/sync';
import { initDb, json, spawnCli } from '../helpers/cli.js';

const PROPERTY = '蓝色港湾物业服务企业';
/** The fields of part one's JSON of a demand, in their order; `visits` comes after them (SPEC §10). */
const FIELDS = [
  'number',
  'community',
  'summary',
  'channel',
  'category',
  'kind',
  'tier',
  'status',
  'received_at',
  'response_due_at',
  'resolve_due_at',
  'assignee',
  'responded_at',
  'resolved_at',
  'outcome',
  'rating',
  'resident',
  'phone',
  'address',
  'overdue',
  'paused',
  'visits',
];

/** Every command whose JSON is a demand carries its return visits (SPEC §3, §10), through the binary. */
describe('visits in every JSON of a demand', () => {
  it('intake, assign, pause, resume, resolve, visit, rate and cancel print the demand with its visits', async () => {
    const { env } = await initDb();
    const at = (now: string) => ({ ...env, HONGWU_NOW: now });
    const ok = (args: string[], now: string) => {
      const r = spawnCli([...args, '--json'], at(now));
      expect(r.code, r.stderr).toBe(0);
      return json(r);
    };
    const taken = ok(
      ['intake', '楼道灯坏了', '--channel', 'phone', '--category', 'repair'],
      '2026-10-10T09:00:00+08:00',
    );
    expect(Object.keys(taken)).toEqual(FIELDS);
    expect(taken.visits).toEqual([]);
    for (const [args, now] of [
      [['assign', '202610-0001', '--to', PROPERTY], '2026-10-10T10:00:00+08:00'],
      [['pause', '202610-0001', '--reason', '等待配件'], '2026-10-10T11:00:00+08:00'],
      [['resume', '202610-0001'], '2026-10-11T11:00:00+08:00'],
      [['resolve', '202610-0001', '--note', '已更换灯泡'], '2026-10-12T09:00:00+08:00'],
    ] as const) {
      const demand = ok([...args], now);
      expect(Object.keys(demand), args[0]).toEqual(FIELDS);
      expect(demand.visits, args[0]).toEqual([]);
    }
    const missed = {
      at: '2026-10-13T09:00:00+08:00',
      outcome: 'unreachable',
      note: '无人接听',
      operator: 'tester',
      final: false,
    };
    const visited = ok(['visit', '202610-0001', 'unreachable', '--note', '无人接听'], '2026-10-13T09:00:00+08:00');
    expect(Object.keys(visited)).toEqual(FIELDS);
    expect(visited.visits).toEqual([missed]);
    // The rating is the visit that reached the resident: `reached`, with the rating's comment as its note.
    const rated = ok(['rate', '202610-0001', 'satisfied', '--comment', '修得快'], '2026-10-14T09:00:00+08:00');
    expect(Object.keys(rated)).toEqual(FIELDS);
    expect(rated).toMatchObject({ status: 'closed', rating: 'satisfied' });
    expect(rated.visits).toEqual([
      missed,
      { at: '2026-10-14T09:00:00+08:00', outcome: 'reached', note: '修得快', operator: 'tester', final: false },
    ]);

    ok(['intake', '登记错了', '--channel', 'phone', '--category', 'repair'], '2026-10-15T09:00:00+08:00');
    const cancelled = ok(['cancel', '202610-0002', '--reason', '重复登记'], '2026-10-15T10:00:00+08:00');
    expect(Object.keys(cancelled)).toEqual(FIELDS);
    expect(cancelled.visits).toEqual([]);
  });

  it(
    'gives each element of list --json its own visits (one ' + 'query for the page); list --csv keeps its columns',
    async () => {
      const { env } = await initDb();
      const at = (now: string) => ({ ...env, HONGWU_NOW: now });
      for (const summary of ['楼道灯坏了', '水管漏水', '垃圾未清运']) {
        spawnCli(['intake', summary, '--channel', 'phone', '--category', 'repair'], at('2026-10-10T09:00:00+08:00'));
      }
      for (const n of ['202610-0001', '202610-0002', '202610-0003'])
        spawnCli(['resolve', n, '--note', '已处理'], at('2026-10-12T09:00:00+08:00'));
      spawnCli(['visit', '202610-0001', 'unreachable'], at('2026-10-13T09:00:00+08:00'));
      spawnCli(['visit', '202610-0001', 'declined', '--final'], at('2026-10-14T09:00:00+08:00'));
      spawnCli(['rate', '202610-0003', 'basic'], at('2026-10-14T10:00:00+08:00'));

      const listed = json(spawnCli(['list', '--status', 'all', '--json'], env)) as {
        number: string;
        visits: { outcome: string; final: boolean }[];
      }[];
      expect(listed.map((d) => Object.keys(d))).toEqual([FIELDS, FIELDS, FIELDS]);
      expect(Object.fromEntries(listed.map((d) => [d.number, d.visits.map((v) => [v.outcome, v.final])]))).toEqual({
        '202610-0001': [
          ['unreachable', false],
          ['declined', true],
        ],
        '202610-0002': [],
        '202610-0003': [['reached', false]],
      });
      // The same visits as `show` gives each demand.
      for (const d of listed) expect(d.visits).toEqual(json(spawnCli(['show', d.number, '--json'], env)).visits);

      const csv = spawnCli(['list', '--status', 'all', '--csv'], env);
      expect(csv.code).toBe(0);
      const [header] = parse(csv.stdout) as string[][];
      // Part one's columns, then what tells namesakes apart on import (SPEC §11).
      expect(header).toEqual([
        ...FIELDS.slice(0, -2),
        'assignee_address',
        'assignee_created_at',
        'resident_created_at',
      ]);
    },
  );

  it('meeting task --json prints the task demand with its visits, and topic show lists them on its tasks', async () => {
    const { env } = await initDb();
    const ok = (args: string[]) => {
      const r = spawnCli(args, env);
      expect(r.code, r.stderr).toBe(0);
      return r;
    };
    ok(['meeting', 'new', '11月红色议事厅']);
    ok(['meeting', 'raise', 'M1', '楼道堆物']);
    ok(['meeting', 'propose', 'T1', '统一清理', '--by', PROPERTY]);
    ok(['meeting', 'decide', 'T1', '--proposal', '1', '--for', '25', '--against', '2']);
    const task = json(ok(['meeting', 'task', 'T1', '清理3栋楼道', '--to', PROPERTY, '--json']));
    expect(Object.keys(task)).toEqual(FIELDS);
    expect(task.visits).toEqual([]);
    ok(['resolve', task.number, '--note', '已清理']);
    ok(['visit', task.number, 'unreachable']);
    const topic = json(ok(['meeting', 'show', 'T1', '--json']));
    expect(topic.tasks.map((d: { visits: { outcome: string }[] }) => d.visits.map((v) => v.outcome))).toEqual([
      ['unreachable'],
    ]);
  });
});
