import tty from 'node:tty';

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
 * The real process. Terminals are recognised by their file descriptors: asking `process.stdin`
 * would build the stdin stream (and load the fs streams behind it) only to read one flag.
 */
export function processIo(): Io {
  return {
    stdout: writer(() => process.stdout),
    stderr: writer(() => process.stderr),
    env: process.env,
    cwd: process.cwd(),
    stdinIsTTY: tty.isatty(0),
    stdoutIsTTY: tty.isatty(1),
    stderrIsTTY: tty.isatty(2),
  };
}

/** Writes to a standard stream, built on first use (most commands never write to stderr). */
function writer(stream: () => NodeJS.WriteStream): (text: string) => void {
  let out: NodeJS.WriteStream | undefined;
  return (text) => {
    if (!out) {
      out = stream();
      // `hongwu list | head`: a reader that stops early is not an error.
      out.on('error', (e: NodeJS.ErrnoException) => {
        if (e.code === 'EPIPE') process.exit(process.exitCode ?? 0);
        throw e;
      });
    }
    out.write(text);
  };
}
