import fs from 'node:fs';
import type { Io } from '../../../src/platform/io.js';
import { run } from '../../../src/cli/main.js';
import { pick, type DriverState } from './actions.js';

/**
 * A hongwu front desk that never stops: runs the ACTIONS in a loop in one process (so that most
 * of its time is spent inside transactions, where a kill hurts) and prints `ok <action> <subject>
 * <token>` after each command that succeeded, i.e. after its transaction committed. Writes to
 * fd 1 are synchronous, so a printed line is never lost to a kill.
 * Env: DRIVER_TAG (unique per process), DRIVER_LIMIT (stop after that many commands).
 */
const tag = process.env.DRIVER_TAG ?? 'd';
const limit = Number(process.env.DRIVER_LIMIT ?? Number.POSITIVE_INFINITY);

function captureIo(out: { stdout: string; stderr: string }): Io {
  return {
    stdout: (t) => void (out.stdout += t),
    stderr: (t) => void (out.stderr += t),
    env: process.env,
    cwd: process.cwd(),
    stdinIsTTY: false,
    stdoutIsTTY: false,
    stderrIsTTY: false,
  };
}

async function main(): Promise<void> {
  const state: DriverState = { open: [], assigned: [], points: 0 };
  fs.writeSync(1, 'ready\n');
  for (let i = 0; i < limit; i++) {
    const action = pick(i, state);
    const token = `${tag}-${i}`;
    const out = { stdout: '', stderr: '' };
    const code = await run(action.argv(token, state), captureIo(out));
    if (code !== 0) {
      fs.writeSync(1, `fail ${action.name} ${token} ${code} ${JSON.stringify(out.stderr)}\n`);
      continue;
    }
    const subject = action.done(JSON.parse(out.stdout), state);
    fs.writeSync(1, `ok ${action.name} ${subject} ${token}\n`);
  }
}

void main();
