import fs from 'node:fs';
import path from 'node:path';
import { bi, DatabaseError, UsageError } from '../../domain/errors.js';
import { refuseNonRegular } from '../../db/folders.js';

/**
 * Writes a file so that no reader ever sees half of it: a temporary file in the same folder,
 * flushed to disk, then renamed over the target (a rename within one folder is atomic). Only a
 * regular file is replaced: a rename over a device or a FIFO would turn it into a file.
 */
export function writeFileAtomic(file: string, content: string): void {
  refuseNonRegular(file);
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
    if (code === 'ENOSPC' || code === 'EDQUOT') {
      throw new DatabaseError(
        bi(`磁盘已满，无法写入 ${file}（${code}）`, `the disk is full: cannot write ${file} (${code})`),
        bi('请腾出空间或换一个位置；未写入任何文件', 'free some space or choose another place; no file was written'),
      );
    }
    throw new UsageError(
      bi(`无法写入 ${file}（${code}）`, `cannot write ${file} (${code})`),
      bi('请确认文件夹存在且有写入权限', 'check that the folder exists and that you may write there'),
    );
  }
}
