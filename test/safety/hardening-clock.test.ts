import { spawn } from 'node:child_process';
import { setTimeout as sleep } from 'node:timers/promises';
import { describe, expect, it } from 'vitest';
import { initDb, json, spawnCli, spawnCliAsync } from '../helpers/cli.js';

/**
 * Issue 14, item 1: a command without `--at` took "now" before waiting for the write lock. While
 * the `sqlite3` shell holds BEGIN IMMEDIATE, assigns of one demand start 0.4 s apart; when the lock
 * goes, they commit in whatever order SQLite's busy handler lets them, and each must be stamped
 * after the event before it, however long it waited. The machine's clock, not HONGWU_NOW.
 */
describe('"now" is read under the write lock (item 1)', () => {
  it('assigns that waited for the lock all succeed, their events in commit order', async () => {
    const { db, env: fixed } = await initDb();
    const env = { ...fixed, HONGWU_NOW: undefined };
    const intake = json(spawnCli(['intake', '路灯不亮', '--channel', 'phone', '--category', 'repair', '--json'], env));
    const shell = spawn('sqlite3', [db], { stdio: ['pipe', 'ignore', 'pipe'] });
    shell.stdin.write('BEGIN IMMEDIATE;\nSELECT 1;\n');
    await sleep(300);
    const teams = ['蓝色港湾物业服务企业', '蓝色港湾业主委员会', '蓝色港湾社区党组织', '蓝色港湾物业服务企业'];
    const runs: Promise<Awaited<ReturnType<typeof spawnCliAsync>>>[] = [];
    for (const team of teams) {
      runs.push(spawnCliAsync(['assign', intake.number, '--to', team], env));
      await sleep(400);
    }
    // Held 2.5 s from the first assign's start: every assign is waiting by then.
    await sleep(2500 - 400 * teams.length);
    shell.stdin.end('COMMIT;\n');
    const results = await Promise.all(runs);
    for (const r of results) expect({ code: r.code, stderr: r.stderr }).toMatchObject({ code: 0 });
    const events = json(spawnCli(['show', intake.number, '--json'], env)).events as { type: string; at: string }[];
    expect(events.map((e) => e.type)).toEqual(['intake', 'assign', 'assign', 'assign', 'assign']);
    const times = events.map((e) => Date.parse(e.at));
    expect(times).toEqual([...times].sort((a, b) => a - b));
  });
});
