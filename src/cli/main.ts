import { CommanderError } from 'commander';
import { ExitCode, HongwuError } from '../domain/errors.js';
import { busyError } from '../db/connection.js';
import { DatabaseError } from '../domain/errors.js';
import { processIo, type Io } from './io.js';
import { buildProgram } from './program.js';

declare const HONGWU_VERSION: string | undefined;
const VERSION = typeof HONGWU_VERSION === 'string' ? HONGWU_VERSION : '0.0.0-dev';

/**
 * Runs one hongwu command line and returns its exit code. Errors become one or two lines on
 * stderr (a stack trace only with HONGWU_DEBUG=1); this is the only place that decides exit codes.
 */
export async function run(argv: readonly string[], io: Io): Promise<number> {
  const program = buildProgram(io, VERSION);
  try {
    await program.parseAsync([...argv], { from: 'user' });
    return ExitCode.ok;
  } catch (e) {
    return report(e, io, argv);
  }
}

function report(e: unknown, io: Io, argv: readonly string[]): number {
  if (e instanceof CommanderError) {
    if (e.code === 'commander.helpDisplayed' || e.code === 'commander.version') return ExitCode.ok;
    // `hongwu` or `hongwu team` alone: the help went to stderr, and it is a usage error.
    if (e.code === 'commander.help') return e.exitCode === 0 ? ExitCode.ok : ExitCode.usage;
    if (e.code === 'commander.executeSubCommandAsync') return ExitCode.usage;
    const message = e.message.replace(/^error: /, '');
    io.stderr(`hongwu: ${message}\n`);
    io.stderr(`  see \`hongwu ${argv.filter((a) => !a.startsWith('-')).slice(0, 1).join(' ')} --help\`\n`.replace('hongwu  --help', 'hongwu --help'));
    return ExitCode.usage;
  }
  const error = toHongwuError(e);
  if (error) {
    io.stderr(`hongwu: ${error.message}\n`);
    if (error.hint) io.stderr(`  ${error.hint}\n`);
    if (io.env.HONGWU_DEBUG === '1' && e instanceof Error) io.stderr(`${e.stack}\n`);
    return error.exitCode;
  }
  if (isPromptAbort(e)) {
    io.stderr('hongwu: cancelled at the prompt; nothing was changed\n');
    return ExitCode.usage;
  }
  const err = e instanceof Error ? e : new Error(String(e));
  io.stderr(`hongwu: unexpected error: ${err.message}\n`);
  io.stderr(io.env.HONGWU_DEBUG === '1' ? `${err.stack}\n` : '  nothing was changed; rerun with HONGWU_DEBUG=1 for details and report it\n');
  return ExitCode.notAllowed;
}

/** SQLite's own errors that mean the database, not the request, is the problem (exit 3). */
function toHongwuError(e: unknown): HongwuError | undefined {
  if (e instanceof HongwuError) return e;
  const code = (e as { code?: unknown })?.code;
  if (typeof code !== 'string') return undefined;
  if (code.startsWith('SQLITE_BUSY') || code.startsWith('SQLITE_LOCKED')) return busyError();
  if (code.startsWith('SQLITE_CORRUPT') || code === 'SQLITE_NOTADB') {
    return new DatabaseError('the database file is damaged', 'run `hongwu doctor`; restore from a backup if it fails');
  }
  if (code.startsWith('SQLITE_READONLY') || code.startsWith('SQLITE_CANTOPEN') || code.startsWith('SQLITE_IOERR') || code === 'SQLITE_FULL') {
    return new DatabaseError(`the database cannot be written (${code})`, 'check the disk space and the file permissions');
  }
  return undefined;
}

function isPromptAbort(e: unknown): boolean {
  const name = (e as { name?: unknown })?.name;
  return name === 'ExitPromptError' || name === 'AbortPromptError';
}

/** The bundled program's start: only when run as the binary, not when imported by tests. */
if (typeof HONGWU_VERSION === 'string') {
  run(process.argv.slice(2), processIo()).then(
    (code) => {
      process.exitCode = code;
    },
    (e) => {
      process.stderr.write(`hongwu: ${String(e)}\n`);
      process.exitCode = ExitCode.notAllowed;
    },
  );
}
