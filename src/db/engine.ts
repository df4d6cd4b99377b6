import { bi, UsageError, type Bilingual } from '../domain/errors.js';
import type { Said } from '../domain/next-step.js';

/**
 * Which engine a `--db` / `HONGWU_DB` value names: a `postgres://` (or `postgresql://`) URL is a
 * PostgreSQL server (SPEC §14), anything else a file. The command line reads it before anything of
 * either engine is loaded.
 */
export const isServerUrl = (target: string): boolean => /^postgres(ql)?:\/\//i.test(target.trim());

/** A command that works on a file only refuses a server's URL (exit 2), saying what to do instead. */
export function refuseServer(target: string, command: string, instead: Bilingual | Said): void {
  if (!isServerUrl(target)) return;
  throw new UsageError(
    bi(
      `hongwu ${command} 只适用于数据库文件，不适用于 PostgreSQL 服务器`,
      `hongwu ${command} works on a database file, not on a PostgreSQL server`,
    ),
    instead,
  );
}
