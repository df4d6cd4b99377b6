import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { whenGone } from './when-gone.js';

/**
 * A real PostgreSQL server for the tests, started from the machine's own binaries (Debian's
 * `postgresql`, which .ci/run installs) in a temporary folder, listening on 127.0.0.1 only, with
 * trust authentication for its own superuser. PostgreSQL refuses to run as root: as root the
 * server runs as the `postgres` user (the package makes it), its folder handed to that user.
 * Durability is switched off: the tests' data is thrown away, and each test makes a database.
 */
export interface PgServer {
  /** `postgres://postgres@127.0.0.1:<port>`, to which a database name is appended. */
  base: string;
  stop(): void;
}

/**
 * The folder of PostgreSQL's programs: Debian's newest `/usr/lib/postgresql/<n>/bin` (the package
 * keeps them off the PATH), else that of `pg_ctl` on the PATH.
 */
export function pgBinDir(root = '/usr/lib/postgresql', searchPath = process.env.PATH ?? ''): string {
  const versions = fs.existsSync(root)
    ? fs
        .readdirSync(root)
        .filter((v) => /^\d+$/.test(v))
        .sort((a, b) => Number(b) - Number(a))
    : [];
  const debian = versions.map((v) => path.join(root, v, 'bin')).find((dir) => fs.existsSync(path.join(dir, 'pg_ctl')));
  if (debian) return debian;
  const onPath = searchPath.split(path.delimiter).find((dir) => dir && fs.existsSync(path.join(dir, 'pg_ctl')));
  if (!onPath) throw new Error('PostgreSQL is not installed: apt-get install -y postgresql (.ci/install does)');
  return onPath;
}

const asRoot = process.getuid?.() === 0;

/** Runs one of PostgreSQL's programs, as the `postgres` user when we are root. */
export function pgRun(program: string, args: string[]): string {
  const file = path.join(pgBinDir(), program);
  const [command, argv] = asRoot ? ['runuser', ['-u', 'postgres', '--', file, ...args]] : [file, args];
  return execFileSync(command, argv, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

export async function startPgServer(): Promise<PgServer> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'hongwu-pg-'));
  if (asRoot) {
    const uid = Number(execFileSync('id', ['-u', 'postgres'], { encoding: 'utf8' }));
    const gid = Number(execFileSync('id', ['-g', 'postgres'], { encoding: 'utf8' }));
    fs.chownSync(dir, uid, gid);
  }
  const data = path.join(dir, 'data');
  pgRun('initdb', ['-D', data, '-U', 'postgres', '-A', 'trust', '-E', 'UTF8', '--locale=C', '--no-sync']);
  const port = await freePort();
  const settings = [
    `-p ${port}`,
    `-k ${dir}`,
    "-c listen_addresses='127.0.0.1'",
    '-c fsync=off',
    '-c synchronous_commit=off',
    '-c full_page_writes=off',
    '-c max_connections=200',
  ].join(' ');
  pgRun('pg_ctl', ['-D', data, '-l', path.join(dir, 'server.log'), '-w', '-o', settings, 'start']);
  // Stopped by the teardown below, or, when the run is killed before it, once this process is gone.
  const pgCtl = `'${path.join(pgBinDir(), 'pg_ctl')}'`;
  const stop = `${asRoot ? `runuser -u postgres -- ${pgCtl}` : pgCtl} -D '${data}' -m immediate -w stop`;
  whenGone(process.pid, `${stop} >/dev/null 2>&1; rm -rf '${dir}'`);
  return {
    base: `postgres://postgres@127.0.0.1:${port}`,
    stop() {
      try {
        pgRun('pg_ctl', ['-D', data, '-m', 'immediate', '-w', 'stop']);
      } finally {
        fs.rmSync(dir, { recursive: true, force: true });
      }
    },
  };
}
