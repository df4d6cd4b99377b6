import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT } from '../helpers/cli.js';

/**
 * No line of source over 120 columns (issue #13): the formatter (biome, `npm run format`, checked
 * by `npm test`) wraps code, but it leaves strings and comments as they are, so this holds them too.
 * A column is a character, as the formatter counts it.
 */
const LIMIT = 120;

describe('source lines', () => {
  it(`are at most ${LIMIT} columns in src, test, migrations and bin`, () => {
    const files = execFileSync('git', ['ls-files', '-z', 'src', 'test', 'migrations', 'bin'], {
      cwd: ROOT,
      encoding: 'utf8',
    })
      .split('\0')
      .filter((f) => /\.(ts|mjs)$/.test(f) || f === 'bin/hongwu');
    expect(files.length).toBeGreaterThan(100);
    const long: string[] = [];
    for (const file of files) {
      const full = path.join(ROOT, file);
      if (!fs.existsSync(full)) continue;
      fs.readFileSync(full, 'utf8')
        .split('\n')
        .forEach((line, i) => {
          if ([...line].length > LIMIT) long.push(`${file}:${i + 1} (${[...line].length})`);
        });
    }
    expect(long).toEqual([]);
  });
});
