import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { whenGone } from './when-gone.js';

/**
 * vitest's global setup for every run (test/vitest.config.ts): one folder under the machine's temp
 * folder for the whole run, handed to the test processes as TMPDIR, so that every `tempDir()`, every
 * `mkdtempSync(os.tmpdir())` and every process a test spawns writes under it, and the run removes
 * it at the end. Without it each run left about a thousand folders (1 GB) in /tmp.
 */
export default function setup(): () => void {
  // Each project's folder beside the others', not inside the one a setup before it made: nested four
  // deep, the PostgreSQL server's socket path passed the 107 characters a Unix socket may have.
  const base = process.env.HONGWU_TEST_TMP_BASE ?? os.tmpdir();
  process.env.HONGWU_TEST_TMP_BASE = base;
  const root = fs.mkdtempSync(path.join(base, 'hongwu-run-'));
  // Readable by others: the PostgreSQL server runs as user postgres and some tests as nobody.
  fs.chmodSync(root, 0o755);
  process.env.TMPDIR = root;
  // A killed run: removed once vitest is gone and a server under it has stopped (pg-server.ts).
  const running = `find '${root}' -name postmaster.pid`;
  const serverStopped = `for i in $(seq 30); do [ -z "$(${running})" ] && break; sleep 1; done`;
  whenGone(process.pid, `${serverStopped}; rm -rf '${root}'`);
  return () => fs.rmSync(root, { recursive: true, force: true });
}
