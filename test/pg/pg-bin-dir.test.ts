import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { tempDir } from '../helpers/cli.js';
import { pgBinDir } from '../helpers/pg-server.js';

/** The test server's programs are found where Debian's `postgresql` (which .ci/install installs) puts them. */
describe('where the PostgreSQL run finds pg_ctl', () => {
  const program = (dir: string) => {
    fs.mkdirSync(dir, { recursive: true });
    fs.writeFileSync(path.join(dir, 'pg_ctl'), '');
    return dir;
  };

  it("takes Debian's newest /usr/lib/postgresql/<version>/bin, off the PATH, before one on the PATH", () => {
    const root = tempDir();
    program(path.join(root, '9', 'bin'));
    const newest = program(path.join(root, '15', 'bin'));
    fs.mkdirSync(path.join(root, '16', 'bin'), { recursive: true }); // a version without its server
    const onPath = program(path.join(tempDir(), 'bin'));
    expect(pgBinDir(root, `/nowhere${path.delimiter}${onPath}`)).toBe(newest);
  });

  it('else the folder of pg_ctl on the PATH, else says what to install', () => {
    const onPath = program(path.join(tempDir(), 'bin'));
    expect(pgBinDir(path.join(tempDir(), 'none'), `/nowhere${path.delimiter}${onPath}`)).toBe(onPath);
    expect(() => pgBinDir(path.join(tempDir(), 'none'), '/nowhere')).toThrow(
      'PostgreSQL is not installed: apt-get install -y postgresql (.ci/install does)',
    );
  });
});
