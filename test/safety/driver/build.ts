import path from 'node:path';
import { build } from 'esbuild';
import { ROOT } from '../../helpers/cli.js';

/**
 * Bundles the driver the way `npm run build` bundles hongwu (same sources, CommonJS, the native
 * better-sqlite3 left outside), into dist/ so that it finds node_modules. One file per caller, so
 * that test files running in parallel do not write the same bundle.
 */
export async function buildDriver(name: string): Promise<string> {
  const outfile = path.join(ROOT, 'dist', `test-driver-${name}.cjs`);
  await build({
    entryPoints: [path.join(ROOT, 'test', 'safety', 'driver', 'driver.ts')],
    bundle: true,
    platform: 'node',
    target: 'node20',
    format: 'cjs',
    mainFields: ['module', 'main'],
    external: ['better-sqlite3'],
    outfile,
    minify: true,
    logLevel: 'warning',
  });
  return outfile;
}
