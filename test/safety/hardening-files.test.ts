import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { baseEnv, json, spawnCli, spawnCliAsync, tempDir } from '../helpers/cli.js';
import { withRaw } from './helpers.js';

/** Issue 14, item 8: concurrent `init` on a new path. */
describe('12 concurrent inits on a new path (item 8)', () => {
  it('all succeed, leaving one database with one community', async () => {
    for (let round = 0; round < 3; round++) {
      const db = path.join(tempDir('hongwu-inits-'), 'sub', 'hongwu.db');
      const env = baseEnv(db);
      const results = await Promise.all(
        Array.from({ length: 12 }, () => spawnCliAsync(['init', '--community', '蓝色港湾', '--json'], env)),
      );
      for (const r of results) expect({ code: r.code, stderr: r.stderr }).toMatchObject({ code: 0 });
      expect(results.filter((r) => json(r).created)).toHaveLength(1);
      expect(withRaw(db, (raw) => raw.prepare('SELECT code, name FROM communities').all())).toEqual([
        { code: '蓝色港湾', name: '蓝色港湾' },
      ]);
      expect(spawnCli(['doctor'], env).code).toBe(0);
      expect(fs.readdirSync(path.dirname(db)).filter((f) => !f.startsWith('hongwu.db'))).toEqual([]);
    }
  });

  it('a failed init among them removes no file the others use', async () => {
    const db = path.join(tempDir('hongwu-inits-'), 'hongwu.db');
    const env = baseEnv(db);
    const runs = Array.from({ length: 12 }, (_, i) =>
      spawnCliAsync(['init', '--community', '蓝色港湾', ...(i % 3 === 0 ? ['--timezone', 'Mars/Olympus'] : [])], env),
    );
    const results = await Promise.all(runs);
    results.forEach((r, i) =>
      expect({ i, code: r.code, stderr: r.code === 0 ? '' : r.stderr }).toMatchObject({ i, code: i % 3 === 0 ? 2 : 0 }),
    );
    expect(spawnCli(['list'], env).code).toBe(0);
    expect(spawnCli(['doctor'], env).code).toBe(0);
  });
});
