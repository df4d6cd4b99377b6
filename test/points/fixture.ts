import Database from 'better-sqlite3';
import { cli, initDb, type Result } from '../helpers/cli.js';

/**
 * A community with residents (two called 张三, told apart by phone), a volunteer team and two
 * items of the love supermarket: 大米 (30 points, 2 in stock) and 理发 (15, a service, unlimited).
 * Ids: 张三 #1 (13800000001), 张三 #2 (13800000002), 李四 #3, 王五 #4; team 平安志愿队 #4.
 */
export async function pointsFixture(): Promise<{ db: string; env: Record<string, string | undefined>; run: (...args: string[]) => Promise<Result> }> {
  const { db, env } = await initDb();
  const run = (...args: string[]) => cli(args, env);
  for (const args of [
    ['resident', 'add', '张三', '--phone', '13800000001'],
    ['resident', 'add', '张三', '--phone', '13800000002'],
    ['resident', 'add', '李四'],
    ['resident', 'add', '王五'],
    ['team', 'add', '平安志愿队', '--kind', 'volunteer'],
    ['points', 'item', 'add', '大米', '--cost', '30', '--stock', '2'],
    ['points', 'item', 'add', '理发', '--cost', '15', '--kind', '服务'],
  ]) {
    const r = await run(...args);
    if (r.code !== 0) throw new Error(`${args.join(' ')}: ${r.stderr}`);
  }
  return { db, env, run };
}

/** What is in the file, read straight from SQLite: ledger rows, activities, stock, balances. */
export function snapshot(db: string) {
  const raw = new Database(db, { readonly: true });
  try {
    return {
      entries: (raw.prepare('SELECT count(*) AS n FROM ledger').get() as { n: number }).n,
      activities: (raw.prepare('SELECT count(*) AS n FROM activities').get() as { n: number }).n,
      stock: Object.fromEntries((raw.prepare('SELECT name, stock FROM items').all() as { name: string; stock: number | null }[]).map((i) => [i.name, i.stock])),
      balances: Object.fromEntries(
        (raw.prepare('SELECT resident_id AS id, sum(delta) AS b FROM ledger GROUP BY resident_id').all() as { id: number; b: number }[]).map((r) => [r.id, r.b]),
      ),
    };
  } finally {
    raw.close();
  }
}
