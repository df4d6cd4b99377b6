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

describe('the report on a big file (migrations 0007, 0020, 0023)', () => {
  it(
    'reads the open work from the index of open demands alone, the demands resolved again since the month from the ' +
      'index by last resolution, and the paused ones from those paused now or resumed since',
    async () => {
      const { db, env } = await initDb();
      const overdue = statementsOf(['report', '--month', '2026-10', '--format', 'json'], env).filter((s) =>
        s.includes('INDEXED BY demands_open_work'),
      );
      expect(overdue.length).toBeGreaterThan(0);
      const raw = new Database(db, { readonly: true });
      for (const statement of overdue) {
        const plan = (raw.prepare(`EXPLAIN QUERY PLAN ${statement}`).all() as { detail: string }[]).map(
          (r) => r.detail,
        );
        expect(plan).toContainEqual(
          expect.stringMatching(
            /^SEARCH d USING COVERING INDEX demands_open_work \(community_id=\? AND status=\? AND received_at<\?\)$/,
          ),
        );
        expect(plan).toContainEqual(
          expect.stringMatching(/^SEARCH d USING INDEX demands_by_resolved \(community_id=\? AND resolved_at>\?\)$/),
        );
        expect(plan).toContainEqual(
          expect.stringMatching(/^SEARCH d USING INDEX demands_paused \(community_id=\? AND received_at<\?\)$/),
        );
        // The events by type are read after the month only (the resumes since); no step walks the ratings or
        // pauses of every community, nor every demand ever reopened.
        expect(plan.filter((d) => d.includes('demand_events_by_type'))).toEqual([
          'SEARCH e USING INDEX demand_events_by_type (type=? AND at>?)',
        ]);
        expect(plan.join('\n')).not.toMatch(/SCAN e|demands_reopened/);
      }
      raw.close();
    },
  );

  it(
    "reads one community's resolutions and ratings from its " + 'demands last resolved or rated since the window began',
    async () => {
      const { db, env } = await initDb();
      const statements = statementsOf(['report', '--month', '2026-10', '--format', 'md'], env);
      const events = statements.filter(
        (s) => s.includes('WITH resolves AS MATERIALIZED') || s.includes('WITH months('),
      );
      expect(events.length).toBe(3);
      const raw = new Database(db, { readonly: true });
      for (const statement of events) {
        const plan = (raw.prepare(`EXPLAIN QUERY PLAN ${statement}`).all() as { detail: string }[]).map(
          (r) => r.detail,
        );
        expect(plan).toContainEqual(
          expect.stringMatching(/^SEARCH d USING INDEX demands_by_rated \(community_id=\? AND rated_at>\?\)$/),
        );
        expect(plan.join('\n')).not.toMatch(/demand_events_by_type/);
      }
      raw.close();
    },
  );
});

describe("the report's complaints on a big file (migration 0023)", () => {
  it("counts the complaints of a window, last year's too, from the index of complaints alone", async () => {
    const { db, env } = await initDb();
    const complaints = statementsOf(['report', '--month', '2026-10', '--format', 'md'], env).filter((s) =>
      s.includes('INDEXED BY demands_complaints'),
    );
    // The month's last year and the year to date's.
    expect(complaints.length).toBe(2);
    const raw = new Database(db, { readonly: true });
    for (const statement of complaints) {
      const plan = (raw.prepare(`EXPLAIN QUERY PLAN ${statement}`).all() as { detail: string }[]).map((r) => r.detail);
      expect(plan).toEqual([
        'SEARCH d USING COVERING INDEX demands_complaints (community_id=? AND received_at>? AND received_at<?)',
      ]);
    }
    raw.close();
  });
});

describe("the report's return visits (SPEC §10) on a big file", () => {
  it("seeks each cohort demand's rating through demand_events_by_demand, never every rating of the file", async () => {
    const { db, env } = await initDb();
    const cohort = statementsOf(['report', '--month', '2026-10', '--format', 'json'], env).filter(
      (s) => s.includes("e.type = 'rate'") && s.includes('cohort AS MATERIALIZED'),
    );
    expect(cohort.length).toBeGreaterThan(0);
    const raw = new Database(db, { readonly: true });
    for (const statement of cohort) {
      const plan = (raw.prepare(`EXPLAIN QUERY PLAN ${statement}`).all() as { detail: string }[]).map((r) => r.detail);
      // Without INDEXED BY the rating seek took (type, at): every rating of the file for each demand (minutes at 1M).
      expect(plan).toContainEqual(
        expect.stringMatching(/^SEARCH e USING INDEX demand_events_by_demand \(demand_id=\?/),
      );
      expect(plan.join('\n')).not.toMatch(/demand_events_by_type/);
    }
    raw.close();
  });
});

describe('list on a big file (migration 0008)', () => {
  it(
    'reads the page from the index by status and intake, merging the statuses, never every demand of the ' +
      'community',
    async () => {
      const { db, env } = await initDb();
      const raw = new Database(db, { readonly: true });
      // The table reads a line of each demand, JSON every field: the same page either way.
      for (const args of [
        ['list'],
        ['list', '--status', 'open'],
        ['list', '--json', '--status', 'resolved', '--month', '2026-11'],
      ]) {
        const statement = statementsOf(args, env).find((s) => /^select "d"\.(\*|"id", "d"\."number")/.test(s.trim()));
        expect(statement).toBeDefined();
        const plan = (raw.prepare(`EXPLAIN QUERY PLAN ${statement}`).all() as { detail: string }[]).map(
          (r) => r.detail,
        );
        expect(plan).toContainEqual(
          expect.stringMatching(
            /^SEARCH d USING COVERING INDEX demands_by_status_received \(community_id=\? AND status=\?/,
          ),
        );
        expect(plan).toContainEqual('SEARCH d USING INTEGER PRIMARY KEY (rowid=?)');
        expect(plan.join('\n')).not.toContain('demands_by_received');
      }
      raw.close();
    },
  );
});

describe('a page of history (the latest demands)', () => {
  it(
    'reads a status backwards from ' + 'demands_by_status_received, and every status from ' + 'demands_by_received',
    async () => {
      const { db, env } = await initDb();
      const raw = new Database(db, { readonly: true });
      const planOf = (args: string[]) => {
        const statement = statementsOf(args, env).find((s) => /^select "d"\.(\*|"id", "d"\."number")/.test(s.trim()));
        expect(statement).toBeDefined();
        return raw.prepare(`EXPLAIN QUERY PLAN ${statement}`).all() as { id: number; parent: number; detail: string }[];
      };
      // The page's ids are read from the index backwards and stop at the page: nothing in the
      // subquery sorts (the outer query sorts the page's few rows into order of intake).
      const pageRead = (plan: { id: number; parent: number; detail: string }[], index: RegExp) => {
        const search = plan.find((r) => index.test(r.detail));
        expect(search, plan.map((r) => r.detail).join('\n')).toBeDefined();
        expect(plan.filter((r) => r.parent === search!.parent && /TEMP B-TREE/.test(r.detail))).toEqual([]);
      };
      pageRead(
        planOf(['list', '--status', 'closed']),
        /^SEARCH d USING COVERING INDEX demands_by_status_received \(community_id=\? AND status=\?\)/,
      );
      pageRead(
        planOf(['list', '--status', 'all', '--limit', '5', '--json']),
        /^SEARCH d USING (COVERING )?INDEX demands_by_received \(community_id=\?\)/,
      );
      raw.close();
    },
  );
});

describe("one resident's demands", () => {
  it('reads them through demands_by_resident, whatever the status asked', async () => {
    const { db, env } = await initDb();
    expect(spawnCli(['resident', 'add', '王五', '--phone', '13900000005'], env).code).toBe(0);
    const raw = new Database(db, { readonly: true });
    for (const args of [
      ['list', '--resident', '王五'],
      ['list', '--resident', '王五', '--status', 'active'],
      ['list', '--json', '--resident', '#1', '--status', 'closed'],
    ]) {
      const statement = statementsOf(args, env).find((s) => /^select "d"\.(\*|"id", "d"\."number")/.test(s.trim()));
      expect(statement).toBeDefined();
      const plan = (raw.prepare(`EXPLAIN QUERY PLAN ${statement}`).all() as { detail: string }[]).map((r) => r.detail);
      expect(plan).toContainEqual(
        expect.stringMatching(/^SEARCH d USING INDEX demands_by_resident \(resident_id=\?\)/),
      );
    }
    raw.close();
  });
});

describe('today on a big file (migration 0014)', () => {
  it('reads every section through an index by community and status, never a scan of a table', async () => {
    const { db, env } = await initDb();
    expect(spawnCli(['resident', 'add', '王秀英', '--tag', 'elderly_alone'], env).code).toBe(0);
    const raw = new Database(db, { readonly: true });
    const statements = statementsOf(['today', '--json'], env).filter((s) =>
      /\bFROM (demands|topics|items|intervals|residents)\b/.test(s),
    );
    expect(statements.length).toBeGreaterThanOrEqual(14);
    const plans = statements.map((s) =>
      (raw.prepare(`EXPLAIN QUERY PLAN ${s}`).all() as { detail: string }[]).map((r) => r.detail),
    );
    for (const plan of plans) {
      // Only the constant intervals and the CTEs built from indexed reads are scanned.
      expect(
        plan.filter((d) => d.startsWith('SCAN ') && !/^SCAN (\d+ CONSTANT ROWS|i|a)$/.test(d)),
        plan.join('\n'),
      ).toEqual([]);
    }
    const all = plans.flat().join('\n');
    expect(all).toMatch(
      /SEARCH d USING INDEX demands_by_status_due \(community_id=\? AND status=\? AND resolve_due_at<\?\)/,
    );
    expect(all).toMatch(/SEARCH d USING INDEX demands_awaiting_visit \(community_id=\? AND resolved_at<\?\)/);
    // The care list reads the tags of the community's own residents, not every community's.
    expect(all).toMatch(/SEARCH r0 USING COVERING INDEX residents_by_name \(community_id=\?\)/);
    expect(all).toMatch(/SEARCH t USING PRIMARY KEY \(resident_id=\?\)/);
    raw.close();
  });
});
