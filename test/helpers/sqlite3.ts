import { spawnSync } from 'node:child_process';

/**
 * Runs SQL through the sqlite3 shell, as a clerk or a checker would. A machine without the shell
 * fails the test (a skipped check would pass unseen): `.ci/run` installs it.
 */
export function sqlite3Shell(
  db: string,
  sql: string,
  flags: readonly string[] = [],
): { status: number | null; stdout: string; stderr: string } {
  const shell = spawnSync('sqlite3', [...flags, db, sql], { encoding: 'utf8' });
  if (shell.error)
    throw new Error(`the sqlite3 shell is needed by this test (${shell.error.message}): apt-get install sqlite3`);
  return { status: shell.status, stdout: shell.stdout, stderr: shell.stderr };
}
