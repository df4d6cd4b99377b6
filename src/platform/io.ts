import fs from 'node:fs';

/** Where a command reads and writes: the real process, or a test's capture. */
export interface Io {
  stdout(text: string): void;
  stderr(text: string): void;
  env: Readonly<Record<string, string | undefined>>;
  cwd: string;
  stdinIsTTY: boolean;
  stdoutIsTTY: boolean;
  stderrIsTTY: boolean;
  /** The terminal's width in columns when stdout is one; undefined for a pipe or a file. */
  stdoutColumns?: number;
}

/**
 * The real process. Output goes straight to the file descriptors, without Node's stream objects:
 * building `process.stdout` loads some twenty modules of the stream machinery, a tenth of a
 * command's own start-up, for output that is written at once anyway. (Not on Windows, where only
 * the streams turn UTF-8 into what the console shows.) Whether a descriptor is a terminal is asked
 * only when it matters.
 */
export function processIo(): Io {
  const direct = process.platform !== 'win32';
  return {
    stdout: direct ? fdWriter(1) : (text) => void process.stdout.write(text),
    stderr: direct ? fdWriter(2) : (text) => void process.stderr.write(text),
    env: process.env,
    cwd: process.cwd(),
    get stdinIsTTY() {
      return isTerminal(0);
    },
    get stdoutIsTTY() {
      return isTerminal(1);
    },
    get stderrIsTTY() {
      return isTerminal(2);
    },
    get stdoutColumns() {
      return isTerminal(1) ? process.stdout.columns : undefined;
    },
  };
}

/**
 * Writes all of each text to `fd`. A pipe another program left non-blocking answers EAGAIN when
 * it is full: wait a millisecond for the reader and go on. A reader that stopped early
 * (`hongwu list | head`) is not an error: what it would not read is dropped, and the command goes
 * on to its end — its transaction committed, the database closed, its own exit code.
 */
function fdWriter(fd: number): (text: string) => void {
  let readerGone = false;
  return (text) => {
    if (readerGone) return;
    const bytes = Buffer.from(text, 'utf8');
    for (let offset = 0; offset < bytes.length; ) {
      try {
        offset += fs.writeSync(fd, bytes, offset);
      } catch (e) {
        const code = (e as NodeJS.ErrnoException).code;
        if (code === 'EAGAIN') {
          Atomics.wait(pause, 0, 0, 1);
        } else if (code === 'EPIPE') {
          readerGone = true;
          return;
        } else {
          throw e;
        }
      }
    }
  };
}
const pause = new Int32Array(new SharedArrayBuffer(4));

/**
 * Whether `fd` is a terminal. Only a character device can be one; on Linux the memory devices
 * (major number 1: /dev/null, where cron and benchmarks send output) never are. For the rest Node's
 * `tty` module (which loads the network stack) is asked. Asked once per descriptor and run.
 */
function isTerminal(fd: number): boolean {
  return (terminals[fd] ??= askTerminal(fd));
}
const terminals: boolean[] = [];

function askTerminal(fd: number): boolean {
  let stat: fs.Stats;
  try {
    stat = fs.fstatSync(fd);
  } catch {
    return false;
  }
  if (!stat.isCharacterDevice()) return false;
  if (process.platform === 'linux' && ((stat.rdev >> 8) & 0xfff) === 1) return false;
  // The bundle is CommonJS; run from the TypeScript sources (ESM) the streams answer instead.
  if (typeof require !== 'function') return !![process.stdin, process.stdout, process.stderr][fd]?.isTTY;
  return (require('node:tty') as typeof import('node:tty')).isatty(fd);
}
