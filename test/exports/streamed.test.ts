import fs from 'node:fs';
import path from 'node:path';
import { parse } from 'csv-parse/sync';
import { beforeAll, describe, expect, it } from 'vitest';
import { baseEnv, cli, spawnCli, tempDir } from '../helpers/cli.js';

/**
 * `list --json|--csv` read and write a whole listing a chunk of demands at a time (issue #21): the
 * demo's 蓝色港湾 holds more demands than many chunks, and the output must be what one array
 * printed at once was — the same bytes as the same listing read in one piece (`--limit` past the
 * end), JSON exactly as `JSON.stringify(…, null, 2)` lays it out, every demand once, in order.
 */
let env: Record<string, string | undefined>;
let dir: string;

beforeAll(async () => {
  dir = tempDir('hongwu-streamed-');
  const file = path.join(dir, 'demo.db');
  expect((await cli(['demo', '--db', file], baseEnv(path.join(dir, 'none.db')))).code).toBe(0);
  env = { ...baseEnv(file), HONGWU_COMMUNITY: 'lsgw' };
}, 120_000);

const run = (...args: string[]) => {
  const r = spawnCli(args, env);
  expect(r.code).toBe(0);
  return r.stdout;
};

describe('list --json and --csv of a whole community, in chunks', () => {
  it('writes every demand once, in order of intake, as one JSON array laid out as ever', () => {
    const streamed = run('list', '--status', 'all', '--json');
    const demands = JSON.parse(streamed) as { number: string; received_at: string }[];
    expect(demands.length).toBeGreaterThan(1000);
    expect(streamed).toBe(`${JSON.stringify(demands, null, 2)}\n`);
    expect(new Set(demands.map((d) => d.number)).size).toBe(demands.length);
    const times = demands.map((d) => new Date(d.received_at).getTime());
    expect(times).toEqual([...times].sort((a, b) => a - b));
    expect(run('list', '--status', 'all', '--json', '--limit', '100000')).toBe(streamed);
  });

  it('writes the same CSV as the listing read in one piece, for machines and for people', () => {
    for (const flags of [[], ['--labels', '--bom']]) {
      const streamed = run('list', '--status', 'all', '--csv', ...flags);
      expect(run('list', '--status', 'all', '--csv', ...flags, '--limit', '100000')).toBe(streamed);
      const rows = parse(streamed, { bom: true }) as string[][];
      expect(rows.length - 1).toBe((JSON.parse(run('list', '--status', 'all', '--json')) as unknown[]).length);
    }
  });

  it('orders the overdue by deadline across chunks, and writes an empty listing as before', () => {
    const overdue = JSON.parse(run('list', '--status', 'overdue', '--json')) as { resolve_due_at: string }[];
    const dues = overdue.map((d) => new Date(d.resolve_due_at).getTime());
    expect(dues).toEqual([...dues].sort((a, b) => a - b));
    expect(run('list', '--status', 'all', '--json', '--month', '2020-01')).toBe('[]\n');
    expect(run('list', '--status', 'all', '--csv', '--month', '2020-01')).toMatch(/^number,community,[^\r\n]*\r\n$/);
  });

  it('puts the whole listing into --out at once, or no file at all', () => {
    const out = path.join(dir, 'all.csv');
    const r = spawnCli(['list', '--status', 'all', '--csv', '--out', out], env);
    expect(r).toMatchObject({ code: 0, stdout: '' });
    expect(fs.readFileSync(out, 'utf8')).toBe(run('list', '--status', 'all', '--csv'));
    expect(fs.readdirSync(dir).filter((f) => f.endsWith('.tmp'))).toEqual([]);
  });
});

describe('points ledger --json and --csv of a whole community, in chunks', () => {
  it('writes every entry once, oldest first, as the table counts them, with the same filters', () => {
    const streamed = run('points', 'ledger', '--json');
    const entries = JSON.parse(streamed) as { entry: number; at: string; resident: string }[];
    // More than one chunk of entries (500), so that chunks meet in the middle.
    expect(entries.length).toBeGreaterThan(1000);
    expect(streamed).toBe(`${JSON.stringify(entries, null, 2)}\n`);
    expect(new Set(entries.map((e) => e.entry)).size).toBe(entries.length);
    const order = entries.map((e) => [new Date(e.at).getTime(), e.entry] as const);
    expect(order).toEqual([...order].sort((a, b) => a[0] - b[0] || a[1] - b[1]));
    const table = spawnCli(['points', 'ledger'], env);
    expect(table.stderr).toContain(`共 ${entries.length} 条`);

    const csv = parse(run('points', 'ledger', '--csv'), { columns: true }) as { entry: string }[];
    expect(csv.map((r) => Number(r.entry))).toEqual(entries.map((e) => e.entry));
    const name = entries[0]!.resident;
    const theirs = JSON.parse(run('points', 'ledger', name, '--json')) as { entry: number }[];
    expect(theirs.map((e) => e.entry)).toEqual(entries.filter((e) => e.resident === name).map((e) => e.entry));
    expect(run('points', 'ledger', '--json', '--month', '2020-01')).toBe('[]\n');
    expect(run('points', 'ledger', '--csv', '--month', '2020-01')).toMatch(/^entry,[^\r\n]*\r\n$/);
  });

  it('refuses a resident it cannot find before writing anything', () => {
    const r = spawnCli(['points', 'ledger', '无此人', '--json'], env);
    expect([r.code, r.stdout]).toEqual([1, '']);
    expect(r.stderr).toContain('没有居民“无此人”');
  });
});
