import { bi, DatabaseError } from '../domain/errors.js';

// Apart from connection.ts (kysely, better-sqlite3): main.ts names a lock held too long for every
// command, and --version, --help and a mistyped command must not load the database layer for it.

/** How long a command waits for another hongwu's write lock before giving up. */
export const BUSY_TIMEOUT_MS = 5000;

/** The database stayed locked by another process for longer than the busy timeout (exit 3). */
export function busyError(file?: string): DatabaseError {
  const seconds = BUSY_TIMEOUT_MS / 1000;
  return new DatabaseError(
    bi(
      `数据库${file ? ` ${file} ` : ''}被另一个 hongwu 占用超过 ${seconds} 秒`,
      `the database${file ? ` ${file}` : ''} stayed locked by another hongwu for more than ${seconds} s`,
    ),
    bi(
      '请稍后再试；如一直如此，请查找卡住的 hongwu 或 sqlite3 进程',
      'try again in a moment; if it persists, look for a hung hongwu or sqlite3 process',
    ),
  );
}
