import fs from 'node:fs';
import path from 'node:path';
import { ROOT, tempDir } from './cli.js';

/**
 * bin/ and the built program copied to a folder of their own (node_modules linked), so that what
 * the launcher keeps or reads in dist/ there is the test's own: the program's two bundles, and
 * `files`, other files of dist/ (`printed.json`).
 */
export function installCopy(files: readonly string[] = []): { bin: string; dist: string } {
  const dir = tempDir('hongwu-install-');
  fs.mkdirSync(path.join(dir, 'dist'));
  fs.cpSync(path.join(ROOT, 'bin'), path.join(dir, 'bin'), { recursive: true });
  for (const file of ['hongwu.cjs', 'desk.cjs', ...files])
    fs.copyFileSync(path.join(ROOT, 'dist', file), path.join(dir, 'dist', file));
  fs.symlinkSync(path.join(ROOT, 'node_modules'), path.join(dir, 'node_modules'));
  return { bin: path.join(dir, 'bin', 'hongwu'), dist: path.join(dir, 'dist') };
}
