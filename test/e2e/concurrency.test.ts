import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { baseEnv, spawnCli, spawnCliAsync, tempDbPath } from '../helpers/cli.js';

describe('several terminals at once', () => {
  it('8 processes taking intakes into one file: all succeed, numbers distinct, nothing lost', async () => {
    const db = tempDbPath();
    const env = { ...baseEnv(db), HONGWU_NOW: undefined };
    expect(spawnCli(['init'], env).code).toBe(0);
    const perProcess = 5;
    const workers = Array.from({ length: 8 }, async (_, w) => {
      const numbers: string[] = [];
      for (let i = 0; i < perProcess; i++) {
        const r = await spawnCliAsync(
          ['intake', `窗口${w}-${i}`, '--channel', 'walk_in', '--category', 'other', '--json'],
          env,
        );
        expect(r.stderr).toBe('');
        expect(r.code).toBe(0);
        numbers.push(JSON.parse(r.stdout).number);
      }
      return numbers;
    });
    const numbers = (await Promise.all(workers)).flat();
    expect(numbers).toHaveLength(8 * perProcess);
    expect(new Set(numbers).size).toBe(numbers.length);
    const raw = new Database(db, { readonly: true });
    const count = raw.prepare('SELECT count(*) AS n, count(DISTINCT number) AS d FROM demands').get();
    const events = raw.prepare("SELECT count(*) AS n FROM demand_events WHERE type = 'intake'").get();
    raw.close();
    expect(count).toEqual({ n: 40, d: 40 });
    expect(events).toEqual({ n: 40 });
  });
});

describe('a database locked by someone else', () => {
  it('waits the busy timeout, then fails with exit 3 and changes nothing', async () => {
    const db = tempDbPath();
    const env = baseEnv(db);
    spawnCli(['init'], env);
    const holder = new Database(db);
    holder.prepare('BEGIN IMMEDIATE').run();
    try {
      // A lower bound only (a loaded machine makes it longer, never shorter), and no kill after
      // spawnCli's 20 s: start-up and the 5 s wait may take that long when the machine is busy.
      const started = Date.now();
      const r = await spawnCliAsync(['intake', '锁住了', '--channel', 'phone', '--category', 'other'], env);
      expect(Date.now() - started).toBeGreaterThanOrEqual(4500);
      expect(r.code).toBe(3);
      expect(r.stderr).toBe(
        'hongwu: 数据库被另一个 hongwu 占用超过 5 秒\n  请稍后再试；如一直如此，请查找卡住的 hongwu 或 sqlite3 进程\n',
      );
    } finally {
      holder.prepare('ROLLBACK').run();
      holder.close();
    }
    expect(spawnCli(['list', '--status', 'all', '--json'], env).stdout).toBe('[]\n');
  });
});
