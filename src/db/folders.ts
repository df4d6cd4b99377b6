import fs from 'node:fs';
import path from 'node:path';
import { bi, UsageError } from '../domain/errors.js';

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

/**
 * An output (a report, a backup) replaces only a regular file: renaming over a device, a FIFO or
 * a socket would turn it into a file (as root, `/dev/full` became one). A link is judged by what
 * it points at. (exit 2)
 */
export function refuseNonRegular(file: string): void {
  let stat: fs.Stats;
  try {
    stat = fs.statSync(file);
  } catch {
    return;
  }
  if (stat.isFile()) return;
  throw new UsageError(
    bi(`${file} 不是普通文件，不会被替换`, `${file} is not a regular file; it is not replaced`),
    bi('请换一个普通文件名或文件夹', 'give a regular file name or a folder instead'),
  );
}
