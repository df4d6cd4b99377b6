import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT } from '../helpers/cli.js';
import { NO_DATABASE, NOT_YET, POSTGRES_FILES, SQLITE_ONLY } from '../postgres-files.js';

/** Every test file, as a path from the repository's root. */
function testFiles(dir = path.join(ROOT, 'test')): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return testFiles(full);
    return entry.name.endsWith('.test.ts') ? [path.relative(ROOT, full)] : [];
  });
}

/** The lists' patterns: a `*` stands for any name within one folder. */
const matches = (pattern: string, file: string) =>
  new RegExp(
    `^${pattern
      .split('*')
      .map((part) => part.replace(/[.+?^${}()|[\]\\]/g, '\\$&'))
      .join('[^/]*')}$`,
  ).test(file);

describe('test/postgres-files.ts', () => {
  it('puts every test file in one list: both engines, SQLite only (with a reason), not yet, no database', () => {
    const lists = {
      POSTGRES_FILES,
      SQLITE_ONLY: Object.keys(SQLITE_ONLY),
      NOT_YET: Object.keys(NOT_YET),
      NO_DATABASE,
    };
    const misplaced = testFiles()
      .map((file) => ({
        file,
        in: Object.entries(lists)
          .filter(([, patterns]) => patterns.some((p) => matches(p, file)))
          .map(([name]) => name),
      }))
      .filter((f) => f.in.length !== 1);
    expect(misplaced).toEqual([]);
    for (const reason of [...Object.values(SQLITE_ONLY), ...Object.values(NOT_YET)]) expect(reason).not.toBe('');
  });
});
