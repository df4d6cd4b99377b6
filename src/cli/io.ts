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
}

/**
 * The real process. Output goes straight to the file descriptors, without Node's stream objects:
 * building `process.stdout` loads some twenty modules of the stream machinery, a tenth of a
 * command's own start-up, for output that is written at once anyway. Whether a descriptor is a
 * terminal is asked only when it matters.
 */
export function processIo(): Io {
  return {
    stdout: (text) => writeAll(1, text),
    stderr: (text) => writeAll(2, text),
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
  };
}

/**
 * Writes all of `text` to `fd`. A pipe another program left non-blocking answers EAGAIN when it
 * is full: wait a millisecond for the reader and go on. A reader that stopped early
 * (`hongwu list | head`) is not an error: the command ends quietly with its own exit code.
 */
function writeAll(fd: number, text: string): void {
  const bytes = Buffer.from(text, 'utf8');
  for (let offset = 0; offset < bytes.length; ) {
    try {
      offset += fs.writeSync(fd, bytes, offset);
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code;
      if (code === 'EAGAIN') Atomics.wait(pause, 0, 0, 1);
      else if (code === 'EPIPE') process.exit(process.exitCode ?? 0);
      else throw e;
    }
  }
}
const pause = new Int32Array(new SharedArrayBuffer(4));

/**
 * Whether `fd` is a terminal. Only a character device can be one, and of those the memory devices
 * (major number 1: /dev/null, where cron and benchmarks send output) never are: for everything
 * else Node's `tty` module (which loads the network stack) is asked.
 */
function isTerminal(fd: number): boolean {
  let stat: fs.Stats;
  try {
    stat = fs.fstatSync(fd);
  } catch {
    return false;
  }
  if (!stat.isCharacterDevice() || ((stat.rdev >> 8) & 0xfff) === 1) return false;
  // The bundle is CommonJS; run from the TypeScript sources (ESM) the streams answer instead.
  if (typeof require !== 'function') return !![process.stdin, process.stdout, process.stderr][fd]?.isTTY;
  return (require('node:tty') as typeof import('node:tty')).isatty(fd);
}
