import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { baseEnv, spawnCli, tempDir } from '../helpers/cli.js';

/** The demo bills a year of fees with about 95 % collected and some arrears (issue #19). */
describe('the demo’s property fees', () => {
  it('collects about 95 % of a year’s bills, with households in arrears, and a healthy fee ledger', () => {
    const db = path.join(tempDir(), 'demo.db');
    expect(spawnCli(['demo', '--db', db], baseEnv(path.join(tempDir(), 'work.db'))).code).toBe(0);
    const env = baseEnv(db, { HONGWU_COMMUNITY: 'lsgw' });
    const report = JSON.parse(spawnCli(['report', '--month', '2026-10', '--json'], env).stdout) as {
      rows: { metric: string; value: number }[];
    };
    const value = (m: string) => report.rows.find((r) => r.metric === m)!.value;
    expect(value('fee_collection_rate')).toBeGreaterThanOrEqual(94);
    expect(value('fee_collection_rate')).toBeLessThan(98);
    expect(value('households_in_arrears')).toBeGreaterThan(10);
    expect(value('fees_billed')).toBeGreaterThan(0);
    expect(value('fees_collected')).toBeGreaterThan(0);
    const arrears = JSON.parse(spawnCli(['fee', 'arrears', '--months', '3', '--json'], env).stdout) as {
      owner: string | null;
      owner_phone: string | null;
    }[];
    expect(arrears.length).toBeGreaterThan(0);
    for (const a of arrears) {
      if (a.owner) expect(a.owner).toMatch(/^.\*+$/u);
      if (a.owner_phone) expect(a.owner_phone).toMatch(/\*{4}/);
    }
    const doctor = JSON.parse(spawnCli(['doctor', '--json'], env).stdout) as {
      checks: { check: string; status: string }[];
    };
    expect(doctor.checks.find((c) => c.check === 'fees')).toMatchObject({ status: 'ok' });
  }, 120_000);
});
