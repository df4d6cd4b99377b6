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
 * The real process. Whether a stream is a terminal is asked only when it matters: building a
 * stream loads the modules of its kind (tty, net, fs streams), and most commands never read stdin
 * nor write to stderr.
 */
export function processIo(): Io {
  return {
    stdout: writer(() => process.stdout),
    stderr: writer(() => process.stderr),
    env: process.env,
    cwd: process.cwd(),
    get stdinIsTTY() {
      return !!process.stdin.isTTY;
    },
    get stdoutIsTTY() {
      return !!process.stdout.isTTY;
    },
    get stderrIsTTY() {
      return !!process.stderr.isTTY;
    },
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
