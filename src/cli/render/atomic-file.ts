import fs from 'node:fs';
import path from 'node:path';
import { bi, UsageError } from '../../domain/errors.js';

/**
 * Writes a file so that no reader ever sees half of it: a temporary file in the same folder,
 * flushed to disk, then renamed over the target (a rename within one folder is atomic).
 */
export function writeFileAtomic(file: string, content: string): void {
  const tmp = path.join(path.dirname(file), `.${path.basename(file)}.${process.pid}.tmp`);
  try {
    const fd = fs.openSync(tmp, 'w', 0o644);
    try {
      fs.writeSync(fd, content);
      fs.fsyncSync(fd);
    } finally {
      fs.closeSync(fd);
    }
    fs.renameSync(tmp, file);
  } catch (e) {
    fs.rmSync(tmp, { force: true });
    const code = (e as NodeJS.ErrnoException).code ?? 'error';
    throw new UsageError(
      bi(`无法写入 ${file}（${code}）`, `cannot write ${file} (${code})`),
      bi('请确认文件夹存在且有写入权限', 'check that the folder exists and that you may write there'),
    );
  }
}
