import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { BIN, baseEnv, cli, spawnCli, tempDir } from '../helpers/cli.js';
import { onPostgres } from '../helpers/pg-databases.js';
import { rows } from '../helpers/rows.js';
import { buildDemo, newMiddle } from './helpers.js';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Polls `seen` until it holds (the copy is under way), at most a minute. */
async function until(seen: () => boolean | Promise<boolean>): Promise<void> {
  for (let waited = 0; !(await seen()); waited += 10) {
    if (waited > 60_000) throw new Error('the copy never got under way');
    await sleep(10);
  }
}

/** On the server: the copy's connection is inside its transaction. */
async function copyingInto(url: string): Promise<boolean> {
  const name = new URL(url).pathname.slice(1);
  const found = await rows<{ n: number }>(
    `${process.env.HONGWU_TEST_PG}/postgres`,
    `SELECT count(*) AS n FROM pg_stat_activity WHERE datname = ? AND application_name = 'hongwu'
       AND xact_start IS NOT NULL`,
    [name],
  );
  return found[0]!.n > 0;
}

/** A file: its temporary file beside it, with the rollback journal of the copy's open transaction. */
const copyingBeside = (file: string) => () =>
  fs.readdirSync(path.dirname(file)).some((name) => name.endsWith('.tmp-journal'));

/**
 * A copy killed in the middle (SIGKILL: no chance to clean up) leaves nothing at the target, whose
 * one transaction never committed; a second copy then goes through.
 */
describe('hongwu copy: interrupted', () => {
  let demo: string;
  beforeAll(() => {
    demo = buildDemo().file;
  }, 120_000);

  it('killed halfway, the target holds nothing, and the copy can be run again', async () => {
    const target = onPostgres() ? newMiddle() : path.join(tempDir('hongwu-copy-'), 'target.db');
    const child = spawn(process.execPath, [BIN, 'copy', demo, target], {
      env: { PATH: process.env.PATH, ...baseEnv(demo) } as NodeJS.ProcessEnv,
      stdio: 'ignore',
    });
    const ended = new Promise<NodeJS.Signals | null>((resolve) => child.on('exit', (_code, signal) => resolve(signal)));
    await until(onPostgres() ? () => copyingInto(target) : copyingBeside(target));
    // Well into the rows (the schema is made first, in the same transaction).
    await sleep(800);
    expect(child.exitCode).toBeNull();
    child.kill('SIGKILL');
    expect(await ended).toBe('SIGKILL');

    if (onPostgres()) {
      // The server ends the dead client's transaction: not even the schema stays.
      await until(async () => !(await copyingInto(target)));
      expect(await rows(target, "SELECT count(*) AS n FROM pg_tables WHERE schemaname = 'public'")).toEqual([{ n: 0 }]);
    } else {
      expect(fs.existsSync(target)).toBe(false);
    }
    const again = spawnCli(['copy', demo, target], baseEnv(demo));
    expect(again.stderr).toContain('hongwu doctor --db');
    expect(again.code).toBe(0);
    const doctor = await cli(['doctor', '--json'], baseEnv(target));
    expect(JSON.parse(doctor.stdout).healthy).toBe(true);
  }, 180_000);
});
