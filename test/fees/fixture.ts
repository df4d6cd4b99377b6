import { baseEnv, cli, tempDbPath, type Result } from '../helpers/cli.js';
import { rows } from '../helpers/rows.js';

/**
 * A community with two owners and three houses, a rule of 1.50 yuan/m²/month from 2026-01-01,
 * on a clock of 2026-11-26 10:00 (Asia/Shanghai).
 */
export async function feeFixture() {
  const db = tempDbPath();
  const env = baseEnv(db);
  const run = (...args: string[]): Promise<Result> => cli(args, env);
  const must = async (...args: string[]) => {
    const r = await run(...args);
    if (r.code !== 0) throw new Error(`${args.join(' ')} → ${r.code}: ${r.stderr}`);
    return r;
  };
  await must('init', '--community', '幸福里');
  await must('resident', 'add', '张三', '--phone', '13812345678');
  await must('resident', 'add', '欧阳娜娜', '--phone', '13900001111');
  await must('house', 'add', '3栋2单元501室', '--area', '89.5', '--owner', '张三');
  await must('house', 'add', '3-2-502', '--area', '100', '--owner', '欧阳娜娜');
  await must('house', 'add', '3幢1单元101', '--area', '60');
  await must('fee', 'rule', 'set', '--per-m2', '1.50', '--from', '2026-01-01');
  return { db, env, run, must };
}

/** Money by table, straight from the database (either engine): what a recount in integers sees. */
export async function feeSnapshot(db: string) {
  const one = async (sql: string) => Number((await rows<{ n: number | null }>(db, sql))[0]!.n ?? 0);
  return {
    bills: await one('SELECT count(*) AS n FROM fee_bills'),
    billed: await one('SELECT sum(amount) AS n FROM fee_bills'),
    paid: await one('SELECT sum(amount) AS n FROM fee_payments'),
    allocated: await one('SELECT sum(amount) AS n FROM fee_allocations'),
    waived: await one('SELECT sum(amount) AS n FROM fee_waivers'),
  };
}
