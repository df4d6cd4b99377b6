import { spawn } from 'node:child_process';
import { beforeAll, describe, expect, it } from 'vitest';
import { cli, initDb, tempDir } from '../helpers/cli.js';
import { onPostgres } from '../helpers/pg-databases.js';
import { rows } from '../helpers/rows.js';
import { sqlite3Shell } from '../helpers/sqlite3.js';
import { ACTIONS, ITEM_STOCK, SETUP, type FirstRow } from './driver/actions.js';
import { buildDriver } from './driver/build.js';
import { spawnIn } from './helpers.js';

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

/** The transactions a server's database rolled back: a client killed in one is one of them. */
async function rollbacks(db: string): Promise<number> {
  const sql = 'SELECT xact_rollback AS n FROM pg_stat_database WHERE datname = current_database()';
  return (await rows<{ n: number }>(db, sql))[0]!.n;
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
    const rolledBackBefore = onPostgres() ? await rollbacks(db) : 0;
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
    // On a server, kills landed inside transactions: the server rolled them back (and let go of the
    // write lock). (A file's rolled-back journal leaves no count.)
    if (onPostgres()) expect(await rollbacks(db)).toBeGreaterThan(rolledBackBefore);

    const first: FirstRow = async (sql, ...params) => (await rows(db, sql, params))[0];
    const missing: string[] = [];
    for (const r of reported) {
      const problem = await ACTIONS.find((a) => a.name === r.action)!.verify(first, r.subject, r.token);
      if (problem !== null) missing.push(problem);
    }
    expect(missing).toEqual([]);
    // No half-written demand: each has its intake, each event its demand, numbers without gaps.
    expect(
      await rows(
        db,
        `SELECT count(*) AS n FROM demands d WHERE NOT EXISTS (SELECT 1 FROM demand_events e WHERE ` +
          `e.demand_id = d.id AND e.type = 'intake')`,
      ),
    ).toEqual([{ n: 0 }]);
    expect(
      await rows(
        db,
        'SELECT count(*) AS n FROM demand_events e LEFT JOIN demands d ON d.id = e.demand_id WHERE d.id IS NULL',
      ),
    ).toEqual([{ n: 0 }]);
    const seqs = (await rows<{ s: number }>(db, 'SELECT number_seq AS s FROM demands ORDER BY number_seq')).map(
      (r) => r.s,
    );
    expect(seqs).toEqual(seqs.map((_, i) => i + 1));
    // No half-written redemption: the stock went down by exactly what the ledger says was taken.
    expect(
      await rows(
        db,
        'SELECT i.stock + coalesce(sum(l.qty), 0) AS total FROM items i LEFT JOIN ledger l ON l.item_id = ' +
          "i.id AND l.type = 'redeem' GROUP BY i.id, i.stock",
      ),
    ).toEqual([{ total: ITEM_STOCK }]);

    const doctor = await spawnIn(tempDir(), ['doctor', '--json'], env);
    expect(doctor.stderr).toBe('');
    expect(doctor.code).toBe(0);
    expect(JSON.parse(doctor.stdout).checks.filter((c: { status: string }) => c.status !== 'ok')).toEqual([]);

    if (!onPostgres()) {
      // What the checker does with a file: open it with the sqlite3 shell.
      expect(sqlite3Shell(db, 'PRAGMA integrity_check; PRAGMA foreign_key_check;')).toEqual({
        status: 0,
        stdout: 'ok\n',
        stderr: '',
      });
    }
  }, 90_000);
});
