import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { initDb, spawnCli, tempDir } from '../helpers/cli.js';

/** The statements a command ran, read back from HONGWU_SQL_LOG. */
function statementsOf(args: string[], env: Record<string, string | undefined>): string[] {
  const log = path.join(tempDir('hongwu-plan-'), 'sql.log');
  expect(spawnCli(args, { ...env, HONGWU_SQL_LOG: log }).code).toBe(0);
  return fs.readFileSync(log, 'utf8').split(/;\n(?:-- [\d.]+ ms\n)?/);
}

describe('the report on a big file (migration 0006)', () => {
  it('counts the demands reopened by a rating from the index alone, without reading their events', async () => {
    const { db, env } = await initDb();
    const overdue = statementsOf(['report', '--month', '2026-10', '--format', 'json'], env).find((s) => s.includes('INDEXED BY demand_events_reopening'));
    expect(overdue).toBeDefined();
    const plan = (new Database(db, { readonly: true }).prepare(`EXPLAIN QUERY PLAN ${overdue}`).all() as { detail: string }[]).map((r) => r.detail);
    expect(plan).toContainEqual(expect.stringMatching(/^SEARCH e USING COVERING INDEX demand_events_reopening \(at<\?\)$/));
  });
});
