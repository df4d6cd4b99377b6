import { spawn } from 'node:child_process';
import { beforeAll, describe, expect, it } from 'vitest';
import { cli, initDb } from '../helpers/cli.js';
import { sqlite3Shell } from '../helpers/sqlite3.js';
import { ACTIONS, ITEM_STOCK, SETUP } from './driver/actions.js';
import { buildDriver } from './driver/build.js';
import { spawnIn, withRaw, path } from './helpers.js';

/** A small seeded generator, so that a failing run can be replayed with CRASH_SEED. */
export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

interface Reported {
  action: string;
  subject: string;
  token: string;
}

/**
 * Starts a driver and kills it with SIGKILL `delayMs` after its first committed command, i.e. in
 * the middle of its work however slow the machine is (or, with `early`, after it starts, which may
 * be before any work or in its first transaction): what it reported before dying is returned.
 */
function runAndKill(
  driver: string,
  env: Record<string, string | undefined>,
  tag: string,
  delayMs: number,
  early: boolean,
) {
  return new Promise<{ reported: Reported[]; failures: string[] }>((resolve, reject) => {
    const child = spawn(process.execPath, [driver], {
      env: { PATH: process.env.PATH, ...env, DRIVER_TAG: tag } as NodeJS.ProcessEnv,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    let err = '';
    const kill = () => setTimeout(() => child.kill('SIGKILL'), delayMs);
    if (early) kill();
    child.stdout.setEncoding('utf8').on('data', (d: string) => {
      if (!early && !out.includes('ok ') && (out + d).includes('ok ')) kill();
      out += d;
    });
    child.stderr.setEncoding('utf8').on('data', (d: string) => (err += d));
    child.on('error', reject);
    child.on('close', (_code, signal) => {
      const lines = out.split('\n');
      if (signal !== 'SIGKILL') return reject(new Error(`driver ${tag} ended by itself: ${err}`));
      resolve({
        reported: lines
          .filter((l) => l.startsWith('ok '))
          .map((l) => {
            const [, action, subject, token] = l.split(' ');
            return { action: action!, subject: subject!, token: token! };
          }),
        failures: [...lines.filter((l) => l.startsWith('fail ')), ...(err ? [err] : [])],
      });
    });
  });
}

const SEED = Number(process.env.CRASH_SEED ?? 20261126);
const ROUNDS = 12;

describe('crash safety', () => {
  let driver: string;
  beforeAll(async () => {
    driver = await buildDriver('crash');
  });

  it(`keeps every committed command and no half-written one across ${ROUNDS}×3 SIGKILLs (seed ${SEED})`, async () => {
    const { db, env } = await initDb();
    for (const args of SETUP) expect((await cli(args, env)).code).toBe(0);
    const random = prng(SEED);
    const reported: Reported[] = [];
    const failures: string[] = [];
    for (let round = 0; round < ROUNDS; round++) {
      // Three front desks at once, each killed at its own random moment.
      const results = await Promise.all(
        ['a', 'b', 'c'].map((desk) => {
          const early = random() < 0.15;
          return runAndKill(
            driver,
            env,
            `r${round}${desk}`,
            Math.floor(early ? 300 + random() * 600 : random() * 500),
            early,
          );
        }),
      );
      for (const r of results) {
        reported.push(...r.reported);
        failures.push(...r.failures);
      }
    }
    expect(failures).toEqual([]);
    // The kills landed among real work, not only before it.
    expect(reported.length).toBeGreaterThan(ROUNDS * 3);
    expect(new Set(reported.map((r) => r.action))).toEqual(new Set(ACTIONS.map((a) => a.name)));

    withRaw(db, (raw) => {
      const missing = reported
        .map((r) => ACTIONS.find((a) => a.name === r.action)!.verify(raw, r.subject, r.token))
        .filter((problem) => problem !== null);
      expect(missing).toEqual([]);
      // No half-written demand: each has its intake, each event its demand, numbers without gaps.
      expect(
        raw
          .prepare(
            `SELECT count(*) AS n FROM demands d WHERE NOT EXISTS (SELECT 1 FROM demand_events e WHERE ` +
              `e.demand_id = d.id AND e.type = 'intake')`,
          )
          .get(),
      ).toEqual({ n: 0 });
      expect(
        raw
          .prepare(
            'SELECT count(*) AS n FROM demand_events e LEFT JOIN demands d ON d.id = e.demand_id WHERE d.id IS NULL',
          )
          .get(),
      ).toEqual({ n: 0 });
      const seqs = (
        raw.prepare('SELECT number_seq AS s FROM demands ORDER BY number_seq').all() as { s: number }[]
      ).map((r) => r.s);
      expect(seqs).toEqual(seqs.map((_, i) => i + 1));
      // No half-written redemption: the stock went down by exactly what the ledger says was taken.
      const stock = raw
        .prepare(
          'SELECT i.stock + coalesce(sum(l.qty), 0) AS total FROM items i LEFT JOIN ledger l ON l.item_id = ' +
            "i.id AND l.type = 'redeem' GROUP BY i.id",
        )
        .get();
      expect(stock).toEqual({ total: ITEM_STOCK });
    });

    const doctor = await spawnIn(path.dirname(db), ['doctor', '--json'], env);
    expect(doctor.stderr).toBe('');
    expect(doctor.code).toBe(0);
    expect(JSON.parse(doctor.stdout).checks.filter((c: { status: string }) => c.status !== 'ok')).toEqual([]);

    // What the checker does: open the file with the sqlite3 shell.
    expect(sqlite3Shell(db, 'PRAGMA integrity_check; PRAGMA foreign_key_check;')).toEqual({
      status: 0,
      stdout: 'ok\n',
      stderr: '',
    });
  }, 90_000);
});
