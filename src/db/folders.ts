import fs from 'node:fs';
import path from 'node:path';

/**
 * Creates a folder and the missing folders above it, like `mkdir -p`. Not `fs.mkdirSync` with
 * `recursive`: under a path no folder can be made in (inside `/proc`) Node 20 retries it forever,
 * and a command from cron would hang instead of failing. Each missing folder is made on its own,
 * from the nearest one that exists, and the first refusal is thrown as it came.
 */
export function makeFolders(dir: string, mode = 0o777): void {
  const missing: string[] = [];
  for (let at = path.resolve(dir); !fs.existsSync(at); at = path.dirname(at)) {
    missing.push(at);
    if (path.dirname(at) === at) break;
  }
  for (const folder of missing.reverse()) {
    try {
      fs.mkdirSync(folder, { mode });
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST' || !fs.statSync(folder).isDirectory()) throw e;
    }
  }
}
