import { cli, initDb, type Result } from '../helpers/cli.js';
import { rows } from '../helpers/rows.js';

/**
 * A community with residents (two called 张三, told apart by phone), a volunteer team and two
 * items of the love supermarket: 大米 (30 points, 2 in stock) and 理发 (15, a service, unlimited).
 * Ids: 张三 #1 (13800000001), 张三 #2 (13800000002), 李四 #3, 王五 #4; team 平安志愿队 #4.
 */
export async function pointsFixture(): Promise<{
  db: string;
  env: Record<string, string | undefined>;
  run: (...args: string[]) => Promise<Result>;
}> {
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

/** What is in the database, read straight from it (either engine): ledger rows, activities, stock, balances. */
export async function snapshot(db: string) {
  const count = async (table: string) => (await rows<{ n: number }>(db, `SELECT count(*) AS n FROM ${table}`))[0]!.n;
  const items = await rows<{ name: string; stock: number | null }>(db, 'SELECT name, stock FROM items');
  const balances = await rows<{ id: number; b: number }>(
    db,
    'SELECT resident_id AS id, sum(delta) AS b FROM ledger GROUP BY resident_id',
  );
  return {
    entries: await count('ledger'),
    activities: await count('activities'),
    stock: Object.fromEntries(items.map((i) => [i.name, i.stock])),
    balances: Object.fromEntries(balances.map((r) => [r.id, r.b])),
  };
}
