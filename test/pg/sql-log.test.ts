import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { baseEnv, initDb, json, spawnCli, tempDir } from '../helpers/cli.js';
import { createPgDatabase, psql } from '../helpers/pg-databases.js';

/** The statements of a log, each with the line of its time after it, after the connection's line. */
function statements(log: string): { sql: string; time: string }[] {
  const [connected, ...lines] = fs.readFileSync(log, 'utf8').trimEnd().split('\n');
  expect(connected).toMatch(/^-- connected in \d+\.\d{3} ms$/);
  const out: { sql: string; time: string }[] = [];
  for (let i = 0; i < lines.length; i += 2) out.push({ sql: lines[i]!, time: lines[i + 1]! });
  return out;
}

/** HONGWU_SQL_LOG on a server (SPEC §14, §16): what a command sent, as a script for psql. */
describe('HONGWU_SQL_LOG on PostgreSQL', () => {
  it('writes the connection and every statement sent, parameters in, with its time: 9 for an intake', async () => {
    const { env } = await initDb();
    const log = path.join(tempDir('hongwu-sqllog-'), 'sql.log');
    const intake = spawnCli(
      ['intake', '路灯不亮', '--channel', 'phone', '--category', 'repair', '--phone', '13812345678', '--json'],
      { ...env, HONGWU_SQL_LOG: log },
    );
    expect(json(intake).number).toBe('202611-0001');
    expect(fs.statSync(log).mode & 0o777).toBe(0o600);
    const sent = statements(log);
    for (const { time } of sent) expect(time).toMatch(/^-- \d+\.\d{3} ms$/);
    // The connection's first statement reads the schema version, the settings and the communities
    // with the search path; BEGIN and the write lock go together: one round trip each.
    expect(sent[0]!.sql).toBe(
      "SELECT set_config('search_path', current_setting('search_path') || ', hongwu', false), version, " +
        '(SELECT json_agg(s) FROM (SELECT key, value FROM settings) s) AS settings, ' +
        '(SELECT json_agg(c ORDER BY c.id) FROM communities c) AS communities FROM hongwu_schema_version;',
    );
    expect(sent.some((s) => /from "(settings|communities)"/.test(s.sql))).toBe(false);
    expect(sent.filter((s) => s.sql.startsWith('BEGIN; SELECT pg_advisory_xact_lock('))).toHaveLength(1);
    const insert = sent.find((s) => s.sql.startsWith('insert into "demands"'))!.sql;
    // Parameters as literals; a phone number masked (SPEC §3), a number (the sequence) as it is.
    expect(insert).toMatch(
      /^insert into "demands" \(.*\) values \('1', '202611-0001', '[^']*', '1', '路灯不亮', 'phone'/,
    );
    expect(insert).toContain("'138****5678'");
    expect(insert).not.toContain('13812345678');
    expect(insert).not.toMatch(/\$\d/);
    expect(sent.at(-1)!.sql).toBe('commit;');
    // A round trip each (the connection's start aside): the first statement, BEGIN with the lock, the
    // community's settings, the caller by phone, the next number, the demand, its first event, the
    // demand read back, COMMIT. Fewer is welcome; more is a regression.
    expect(sent.length).toBeLessThanOrEqual(9);
  });

  it('what was logged runs in psql as it stands: the listing query gives the rows `list` printed', async () => {
    const { db, env } = await initDb();
    for (const summary of ['路灯不亮', "3栋 'A' 座漏水"])
      expect(spawnCli(['intake', summary, '--channel', 'phone', '--category', 'repair'], env).code).toBe(0);
    const log = path.join(tempDir('hongwu-sqllog-'), 'sql.log');
    const list = json(spawnCli(['list', '--json'], { ...env, HONGWU_SQL_LOG: log }));
    const query = statements(log).find((s) => s.sql.startsWith('select') && s.sql.includes('from "demands"'))!.sql;
    const replayed = psql(db, query, ['-A', '-t', '-F', '|']);
    expect(replayed.stderr).toBe('');
    const numbers = replayed.stdout
      .trim()
      .split('\n')
      .map((line) => line.split('|').find((field) => /^\d{6}-\d{4}$/.test(field)));
    expect(numbers).toEqual(list.map((d: { number: string }) => d.number));
  });

  it('a statement the server refuses is written too, saying so', async () => {
    const url = createPgDatabase(`hongwu_nolog_${process.pid}`, 'template1');
    const log = path.join(tempDir('hongwu-sqllog-'), 'sql.log');
    const r = spawnCli(['list', '--lang', 'en'], { ...baseEnv(url), HONGWU_SQL_LOG: log });
    expect(r.code).toBe(3);
    expect(r.stderr).toContain(`no hongwu database in ${url}`);
    const sent = statements(log);
    expect(sent[0]!.sql).toContain(' FROM hongwu_schema_version;');
    expect(sent[0]!.time).toMatch(/^-- failed after \d+\.\d{3} ms$/);
    expect(sent[1]!.sql).toBe("SELECT set_config('search_path', current_setting('search_path') || ', hongwu', false);");
    expect(sent).toHaveLength(2);
  });
});
