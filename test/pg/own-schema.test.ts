import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { baseEnv, cli, tempDir } from '../helpers/cli.js';
import { createPgDatabase } from '../helpers/pg-databases.js';
import { rows } from '../helpers/rows.js';

/**
 * The SQLite functions hongwu's SQL calls (strftime, julianday, group_concat, json_each, sum of
 * comparisons) live in a schema of hongwu's own on PostgreSQL: a database shared with another
 * application that made functions of those names neither refuses `init` nor has hongwu call them.
 */
describe("SQLite's functions in hongwu's own schema", () => {
  const theirs = [
    "CREATE FUNCTION strftime(f text, t text, VARIADIC m text[] DEFAULT '{}') RETURNS text LANGUAGE sql " +
      "AS $$ SELECT 'theirs' $$",
    'CREATE FUNCTION julianday(t text) RETURNS double precision LANGUAGE sql AS $$ SELECT 0::float8 $$',
    "CREATE AGGREGATE group_concat(text) (SFUNC = textcat, STYPE = text, INITCOND = 'theirs')",
    'CREATE FUNCTION json_each(list text) RETURNS TABLE (value bigint) LANGUAGE sql AS $$ SELECT 0::bigint $$',
  ];

  /** A morning's work whose output goes through every one of those functions. */
  const morning = async (db: string) => {
    const env = baseEnv(db);
    const out: string[] = [];
    const run = async (...args: string[]) => {
      const r = await cli(args, env);
      expect([args, r.code]).toEqual([args, 0]);
      out.push(r.stdout, r.stderr);
    };
    expect((await cli(['init', '--community', '蓝色港湾', '--code', 'lsgw'], env)).code).toBe(0);
    await run('resident', 'add', '王秀英', '--tag', 'elderly', '--tag', 'elderly_alone', '--at', '2026-10-01');
    await run('team', 'add', '物业公司', '--kind', 'property');
    await run('intake', '路灯不亮', '--channel', 'phone', '--category', 'repair', '--at', '2026-11-02 09:00');
    await run('assign', '202611-0001', '--to', '物业公司', '--at', '2026-11-02 09:40');
    await run('resolve', '202611-0001', '--note', '已修好', '--at', '2026-11-03 15:20');
    await run('visit', '202611-0001', 'unreachable', '--at', '2026-11-04 10:00');
    await run('today', '--json');
    await run('list', '--json');
    await run('report', '--month', '2026-11', '--json');
    return out;
  };

  it('beside another application’s strftime, julianday, group_concat, json_each: the output of a file', async () => {
    const url = createPgDatabase(`hongwu_shared_${process.pid}`, 'template1');
    for (const statement of theirs) await rows(url, statement);
    expect(await morning(url)).toEqual(await morning(path.join(tempDir(), 'hongwu.db')));
    // Theirs are still theirs, and hongwu made none beside them.
    expect(
      await rows(
        url,
        "SELECT public.strftime('%Y', '2026-01-01') AS y, public.group_concat(x) AS g FROM (VALUES ('a')) v(x)",
      ),
    ).toEqual([{ y: 'theirs', g: 'theirsa' }]);
    const made = await rows<{ schema: string; name: string }>(
      url,
      'SELECT n.nspname AS schema, p.proname AS name FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace ' +
        "WHERE p.proname IN ('strftime', 'julianday', 'group_concat', 'json_each', 'sum') " +
        "AND n.nspname <> 'pg_catalog' ORDER BY 1, 2",
    );
    expect(made).toEqual([
      { schema: 'hongwu', name: 'group_concat' },
      { schema: 'hongwu', name: 'group_concat' },
      { schema: 'hongwu', name: 'json_each' },
      { schema: 'hongwu', name: 'julianday' },
      { schema: 'hongwu', name: 'strftime' },
      { schema: 'hongwu', name: 'sum' },
      { schema: 'public', name: 'group_concat' },
      { schema: 'public', name: 'json_each' },
      { schema: 'public', name: 'julianday' },
      { schema: 'public', name: 'strftime' },
    ]);
  });
});
