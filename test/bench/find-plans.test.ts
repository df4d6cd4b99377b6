import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { cli, initDb, spawnCli, tempDir } from '../helpers/cli.js';

/** The query plans of the statements `find` ran that read `table`, read back from HONGWU_SQL_LOG. */
function plansOf(db: string, args: string[], env: Record<string, string | undefined>, table = 'demands'): string[][] {
  const log = path.join(tempDir('hongwu-plan-'), 'sql.log');
  expect(spawnCli(args, { ...env, HONGWU_SQL_LOG: log }).code).toBe(0);
  const statements = fs
    .readFileSync(log, 'utf8')
    .split(/;\n(?:-- [\d.]+ ms\n)?/)
    .filter((s) => new RegExp(`from "?${table}"? `, 'i').test(s));
  const raw = new Database(db, { readonly: true });
  try {
    return statements.map((s) =>
      (raw.prepare(`EXPLAIN QUERY PLAN ${s}`).all() as { detail: string }[]).map((r) => r.detail),
    );
  } finally {
    raw.close();
  }
}

/** SPEC §12: `find` over a million demands stays near start-up time, so no step reads them all. */
describe('find on a big file', () => {
  it(
    "reads a number's beginning from the numbers' index, and words among the latest demands from " +
      'demands_by_received',
    async () => {
      const { db, env } = await initDb();
      await cli(['intake', '3栋门口乱停车', '--channel', 'phone', '--category', 'parking'], env);
      const [byNumber] = plansOf(db, ['find', '202611'], env);
      expect(byNumber).toContainEqual('SEARCH d USING INDEX sqlite_autoindex_demands_1 (number>? AND number<?)');
      expect(byNumber!.join('\n')).not.toMatch(/TEMP B-TREE|SCAN d/);

      const [window, byWords] = plansOf(db, ['find', '停车'], env);
      expect(window).toEqual(['SEARCH demands USING COVERING INDEX demands_by_received (community_id=?)']);
      // Backwards along the index, stopping at the page; past 20,000 demands also at the window's edge.
      expect(byWords).toContainEqual(
        expect.stringMatching(/^SEARCH d USING INDEX demands_by_received \(community_id=\?( AND received_at>\?)?\)$/),
      );
      expect(byWords!.join('\n')).not.toMatch(/TEMP B-TREE|SCAN d/);
    },
  );

  it(
    'reads residents from the covering index residents_search ' + '(migration 0019), the table only for those found',
    async () => {
      const { db, env } = await initDb();
      await cli(['resident', 'add', '张三', '--phone', '13900001111', '--address', '3-2-501'], env);
      for (const term of ['zs', '1111', '3栋2单元501']) {
        const plans = plansOf(db, ['find', term], env, 'residents');
        expect(plans.length).toBeGreaterThan(0);
        for (const plan of plans) {
          expect(plan).toContainEqual('SEARCH residents USING COVERING INDEX residents_search (community_id=?)');
          expect(plan.join('\n')).not.toMatch(/SCAN residents|residents_by_name/);
        }
      }
    },
  );
});
