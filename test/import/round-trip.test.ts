import fs from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { baseEnv, cli, tempDbPath, tempDir } from '../helpers/cli.js';
import { contents } from '../helpers/rows.js';

/**
 * SPEC §11's round trip, on the demo database: each community's exports (`team list --csv`,
 * `resident list --csv`, `points ledger --csv`, `list --status all --csv --history`) imported into
 * an empty file give the same report, month by month and community by community (and rolled up).
 * With `--history` every demand comes back with its events and return visits, so ratings and their
 * times, reopenings, pauses, resolves and return visits are exact.
 *
 * Namesakes (two 张伟 of one community) come back as two: phones are masked in every export (SPEC §3),
 * but the exports give each resident's address (`resident list`, `list`, and the ledger's last
 * column), which tells them apart (domain/namesakes.ts); so `care_residents` and
 * `points_participants` are exact too.
 *
 * What no import carries cannot come back, and the test names it: no §11 import kind takes
 * - meetings and their topics (`meetings_held`, `topics_*`);
 * - volunteer activities: their entries come back as the residents' earnings, without the activity
 *   (`volunteer_activities`, and the teams active in them, `volunteer_teams_active`);
 * - care visits (`care_visits`, and `care_services`, which adds them to the cohort's care demands);
 * - fee bills and payments (`fees_*`, `fee_collection_rate`, `households_in_arrears`): `import
 *   houses` takes the houses, but no export of bills and payments is an import.
 * Every other metric, for every month and community, must be equal.
 */
const LOST: ReadonlySet<string> = new Set([
  'meetings_held',
  'topics_raised',
  'topics_decided',
  'topics_evaluated',
  'topics_resolved',
  'volunteer_activities',
  'volunteer_teams_active',
  'care_visits',
  'care_services',
  'fees_billed',
  'fees_collected',
  'fee_collection_rate',
  'households_in_arrears',
]);

/** Metrics that must come back exactly (with every other one not LOST). */
const KEPT = [
  'ratings',
  'satisfaction_rate',
  'reopened',
  'demands_resolved',
  'resolve_on_time_rate',
  'median_resolution_hours',
  'closure_rate',
  'paused',
  'return_visit_rate',
  'demands_received',
  'response_on_time',
  'response_late',
  'response_on_time_rate',
  'median_response_hours',
  'open_overdue',
  'complaints',
  'complaints_last_year',
  'complaints_yoy_change',
  'disputes_resolved',
  'disputes_mediated',
  'mediation_success_rate',
  'points_earned',
  'points_redeemed',
  'points_participants',
  'care_residents',
];

interface ReportRow {
  metric: string;
  breakdown: string | null;
  value: number | null;
}

async function must(args: string[], env: Record<string, string | undefined>): Promise<string> {
  const r = await cli(args, env);
  if (r.code !== 0) throw new Error(`hongwu ${args.join(' ')} exited ${r.code}: ${r.stderr}`);
  return r.stdout;
}

describe('round trip: the demo exported community by community and imported into an empty file', () => {
  const dir = tempDir('hongwu-round-trip-');
  const source = baseEnv(path.join(dir, 'demo.db'));
  // The demo makes a file; the community comes back into a file, or a server's database on PostgreSQL's run.
  const target = baseEnv(tempDbPath());
  let communities: { code: string; name: string }[] = [];
  let months: string[] = [];
  const imported: Record<string, string[]> = {};

  beforeAll(async () => {
    await must(['demo', '--db', source.HONGWU_DB!, '--yes'], { ...source, HONGWU_DB: path.join(dir, 'working.db') });
    communities = JSON.parse(await must(['community', 'list', '--json'], source));
    months = Array.from(
      { length: 13 },
      (_, i) => `${i < 3 ? 2025 : 2026}-${String(((i + 9) % 12) + 1).padStart(2, '0')}`,
    );
    for (const [i, c] of communities.entries()) {
      await must(
        i === 0 ? ['init', '--community', c.name, '--code', c.code] : ['community', 'add', c.name, '--code', c.code],
        target,
      );
      const from = { ...source, HONGWU_COMMUNITY: c.code };
      const to = { ...target, HONGWU_COMMUNITY: c.code };
      // The love supermarket's items are set up, not imported: a redemption names one.
      for (const item of JSON.parse(await must(['points', 'item', 'list', '--json'], from)) as {
        name: string;
        cost: number;
        kind: string;
      }[]) {
        await must(['points', 'item', 'add', item.name, '--cost', String(item.cost), '--kind', item.kind], to);
      }
      imported[c.code] = [];
      for (const [kind, exported] of [
        ['teams', ['team', 'list', '--csv']],
        ['residents', ['resident', 'list', '--csv']],
        ['points', ['points', 'ledger', '--csv']],
        ['demands', ['list', '--status', 'all', '--csv', '--history']],
      ] as const) {
        const file = path.join(dir, `${c.code}-${kind}.csv`);
        fs.writeFileSync(file, await must([...exported], from));
        imported[c.code]!.push((await must(['import', kind, file, '--yes'], to)).trim());
      }
    }
  }, 300_000);

  it('imports every export as it is, and a second time changes nothing', async () => {
    expect(communities.length).toBe(3);
    for (const c of communities)
      expect(imported[c.code]!.every((line) => line.startsWith('已导入') || line.endsWith('无需导入'))).toBe(true);
    // Every resident comes back, the demo's namesakes (two of a name at two addresses) as two.
    for (const c of communities) {
      const names = async (env: Record<string, string | undefined>) =>
        (
          JSON.parse(await must(['resident', 'list', '--json'], { ...env, HONGWU_COMMUNITY: c.code })) as {
            name: string;
            address: string;
          }[]
        )
          .map((r) => `${r.name} ${r.address}`)
          .sort();
      const [a, b] = [await names(source), await names(target)];
      expect(new Set(a.map((r) => r.split(' ')[0])).size).toBeLessThan(a.length);
      expect(b).toEqual(a);
    }
    const before = await contents(target.HONGWU_DB!);
    for (const c of communities) {
      for (const kind of ['teams', 'residents', 'points', 'demands']) {
        const again = await must(['import', kind, path.join(dir, `${c.code}-${kind}.csv`), '--yes'], {
          ...target,
          HONGWU_COMMUNITY: c.code,
        });
        expect(again).toMatch(/行均已在.*，无需导入\n$/);
      }
    }
    expect(await contents(target.HONGWU_DB!)).toBe(before);
  });

  it('gives the same report for every metric of every month and community but those no export carries', async () => {
    const differences: string[] = [];
    for (const month of months) {
      for (const community of [...communities.map((c) => c.code), 'all']) {
        const args = ['report', '--month', month, '--community', community, '--json'];
        const [a, b] = [JSON.parse(await must(args, source)), JSON.parse(await must(args, target))] as {
          rows: ReportRow[];
        }[];
        expect(KEPT.every((m) => a!.rows.some((r) => r.metric === m))).toBe(true);
        const values = (rows: ReportRow[]) =>
          new Map(rows.filter((r) => !LOST.has(r.metric)).map((r) => [`${r.metric} ${r.breakdown ?? ''}`, r.value]));
        const [va, vb] = [values(a!.rows), values(b!.rows)];
        for (const key of new Set([...va.keys(), ...vb.keys()])) {
          if (va.get(key) !== vb.get(key))
            differences.push(`${month} ${community} ${key}: ${va.get(key)} → ${vb.get(key)}`);
        }
      }
    }
    expect(differences).toEqual([]);
  }, 300_000);
});
