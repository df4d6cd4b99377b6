import fs from 'node:fs';
import path from 'node:path';
import { openStore } from '../db/connection.js';
import { refuseServer } from '../db/engine.js';
import { refuseNonRegular } from '../db/folders.js';
import { copyDatabase, fileStamp } from '../db/maintenance.repository.js';
import { checkVersion } from '../db/migrator.js';
import { bi, NotAllowedError, UsageError } from '../domain/errors.js';
import { step } from '../domain/next-step.js';

export interface BackupInput {
  source: string;
  /** A file, or an existing folder to write `hongwu-<stamp>.db` into. */
  target: string;
  now: Date;
  /** Asked only when the target exists: may it be replaced? */
  mayReplace: (target: string) => Promise<boolean>;
}

export interface BackupResult {
  source: string;
  target: string;
  bytes: number;
  schemaVersion: number;
  replaced: boolean;
}

/**
 * `hongwu backup`: a consistent copy of the database while other terminals keep writing. The file
 * is opened as found (an older one is copied as it is, not upgraded); a newer one is refused.
 */
export async function backupDatabase(input: BackupInput): Promise<BackupResult> {
  refuseServer(input.source, 'backup', (s) => {
    const copy = step('copy', [bi('<服务器地址>', '<server URL>'), bi('<文件>', '<file>')]);
    return bi(
      `服务器请用 pg_dump 备份，或复制成一个文件：${s.zh(copy)}`,
      `back a server up with pg_dump, or copy it into a file: ${s.en(copy)}`,
    );
  });
  const store = openStore(input.source, { create: false, inspect: true });
  try {
    const schemaVersion = checkVersion(store);
    const target = chooseTarget(input.source, input.target, input.now);
    const replaced = fs.existsSync(target);
    if (replaced && !(await input.mayReplace(target))) {
      throw new NotAllowedError(
        bi(`${target} 已存在，未被替换`, `${target} already exists; it was not replaced`),
        (s) =>
          bi(
            `要替换请加 ${s.flag('yes', 'backup')}，或换一个文件名`,
            `add ${s.flag('yes', 'backup')} to replace it, or choose another file name`,
          ),
      );
    }
    const { bytes } = await copyDatabase(store.raw, target);
    return { source: store.path, target, bytes, schemaVersion, replaced };
  } finally {
    await store.close();
  }
}

const EXAMPLE = step('backup', ['/mnt/usb/hongwu-2026-11-26.db']);

function chooseTarget(source: string, requested: string, now: Date): string {
  if (requested.trim() === '') {
    throw new UsageError(bi('备份需要一个文件名', 'the backup needs a file name'), (s) =>
      bi(`例如 ${s.zh(EXAMPLE)}`, `e.g. ${s.en(EXAMPLE)}`),
    );
  }
  let target = path.resolve(requested);
  // `backup /mnt/usb/` names a folder, existing or not.
  if (isDirectory(target) || /[\\/]$/.test(requested)) target = path.join(target, `hongwu-${fileStamp(now)}.db`);
  const folder = path.dirname(target);
  if (!isDirectory(folder)) {
    throw new UsageError(
      bi(`文件夹 ${folder} 不存在`, `the folder ${folder} does not exist`),
      bi('请先建好它，或换个地方存备份', 'create it first, or choose another place for the backup'),
    );
  }
  refuseNonRegular(target);
  const real = (p: string) =>
    fs.existsSync(p) ? fs.realpathSync(p) : path.join(fs.realpathSync(path.dirname(p)), path.basename(p));
  const sourceReal = real(path.resolve(source));
  if ([sourceReal, ...['-wal', '-shm', '-journal'].map((s) => sourceReal + s)].includes(real(target))) {
    throw new UsageError(
      bi(`${requested} 就是数据库本身`, `${requested} is the database itself`),
      bi('请把备份写到另一个文件，最好在另一块磁盘上', 'write the backup to another file, ideally on another disk'),
    );
  }
  return target;
}

function isDirectory(p: string): boolean {
  try {
    return fs.statSync(p).isDirectory();
  } catch {
    return false;
  }
}
