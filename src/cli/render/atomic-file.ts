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
  const out = openFileAtomic(file);
  out.write(content);
  out.commit();
}

/** A file written piece by piece (an export read in chunks) that appears whole at `commit`, or never. */
export interface AtomicFile {
  write(text: string): void;
  commit(): void;
  /** Removes what was written: the target is left as it was. */
  discard(): void;
}

export function openFileAtomic(file: string): AtomicFile {
  refuseNonRegular(file);
  const tmp = path.join(path.dirname(file), `.${path.basename(file)}.${process.pid}.tmp`);
  let fd: number | undefined;
  const discard = () => {
    if (fd !== undefined) fs.closeSync(fd);
    fd = undefined;
    fs.rmSync(tmp, { force: true });
  };
  const guarded = (work: () => void) => {
    try {
      work();
    } catch (e) {
      discard();
      throw writeError(file, e);
    }
  };
  guarded(() => (fd = fs.openSync(tmp, 'w', 0o644)));
  return {
    write: (text) => guarded(() => void fs.writeSync(fd!, text)),
    commit: () =>
      guarded(() => {
        fs.fsyncSync(fd!);
        fs.closeSync(fd!);
        fd = undefined;
        fs.renameSync(tmp, file);
      }),
    discard,
  };
}

function writeError(file: string, e: unknown): Error {
  const code = (e as NodeJS.ErrnoException).code ?? 'error';
  if (code === 'ENOSPC' || code === 'EDQUOT') {
    return new DatabaseError(
      bi(`磁盘已满，无法写入 ${file}（${code}）`, `the disk is full: cannot write ${file} (${code})`),
      bi('请腾出空间或换一个位置；未写入任何文件', 'free some space or choose another place; no file was written'),
    );
  }
  return new UsageError(
    bi(`无法写入 ${file}（${code}）`, `cannot write ${file} (${code})`),
    bi('请确认文件夹存在且有写入权限', 'check that the folder exists and that you may write there'),
  );
}
