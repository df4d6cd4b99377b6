import { spawn } from 'node:child_process';

/**
 * Runs `script` (sh) once the process `owner` is gone, from a shell apart from the test processes
 * that polls every two seconds: a run killed before its teardown (a second Ctrl-C, a CI time limit)
 * used to leave its PostgreSQL server running and its temp folders behind for good.
 */
export function whenGone(owner: number, script: string): void {
  const watch = `while kill -0 ${owner} 2>/dev/null; do sleep 2; done; ${script}`;
  spawn('sh', ['-c', watch], { detached: true, stdio: 'ignore' }).unref();
}
