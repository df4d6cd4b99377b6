import path from 'node:path';
import { isServerUrl } from '../../db/engine.js';
import { bi, inLang } from '../../domain/errors.js';
import { copyBetween, type CopyProgress } from '../../services/copy.service.js';
import type { Cli } from '../context.js';
import { printJson } from '../render/listing.js';
import { argument, command, type ValuesOf } from '../declare.js';
import { shellWord } from '../../domain/shell.js';

/**
 * `hongwu copy <from> <to>` (SPEC §14): a whole database between a file and a server, either way
 * (or file to file), into a new or empty database. Progress on a terminal (stderr), the summary on
 * stdout, and on stderr how to check the copy.
 */
async function copy(cli: Cli, { from, to }: ValuesOf<typeof declared>): Promise<void> {
  const where = (target: string) => (isServerUrl(target) ? target : path.resolve(cli.io.cwd, target));
  const started = Date.now();
  const result = await copyBetween({
    from: where(from),
    to: where(to),
    onProgress: cli.io.stderrIsTTY ? progressLine(cli) : undefined,
  });
  const seconds = (Date.now() - started) / 1000;
  if (cli.json) {
    return printJson(cli, {
      from: result.from,
      to: result.to,
      schema_version: result.schemaVersion,
      rows: result.rows,
      tables: result.tables,
    });
  }
  const tables = Object.keys(result.tables).length;
  cli.io.stdout(
    inLang(
      bi(
        `已复制 ${result.rows} 行（${tables} 张表，结构版本 ${result.schemaVersion}）：${result.from} → ${result.to}\n`,
        `Copied ${result.rows} rows (${tables} tables, schema version ${result.schemaVersion}): ` +
          `${result.from} → ${result.to}\n`,
      ),
      cli.lang,
    ),
  );
  cli.io.stderr(
    inLang(
      bi(
        `用时 ${seconds.toFixed(1)} 秒。检查副本：hongwu doctor --db ${shellWord(result.to)}\n`,
        `Took ${seconds.toFixed(1)} s. Check the copy: hongwu doctor --db ${shellWord(result.to)}\n`,
      ),
      cli.lang,
    ),
  );
}

function progressLine(cli: Cli): (p: CopyProgress) => void {
  return (p) => {
    const line = inLang(
      bi(
        `复制 ${p.table}（${p.rowsDone}/${p.rowsTotal} 行）`,
        `Copying ${p.table} (${p.rowsDone}/${p.rowsTotal} rows)`,
      ),
      cli.lang,
    );
    // The line is cleared to its end: a shorter table name must not leave the last one's tail.
    cli.io.stderr(`\r${line}\x1b[K${p.rowsDone === p.rowsTotal ? '\n' : ''}`);
  };
}

/** A database: a file's path or a server's URL, as typed. */
const database = <const N extends '<from>' | '<to>'>(name: N) => argument(name, (r) => r.asTyped());

const declared = command({
  path: 'copy',
  args: [database('<from>'), database('<to>')],
  help:
    '复制整个数据库：文件 ↔ PostgreSQL 服务器，目标须为新的或空的 copy a whole database between a file and ' +
    'a server, into a new or empty one',
  example: 'copy lsgw.db postgres://clerk@db.street.local:5432/hongwu',
});
export const copyCommand = declared.runs(copy);
