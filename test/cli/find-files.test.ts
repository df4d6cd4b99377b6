import { describe, expect, it } from 'vitest';
import { MIGRATIONS } from '../../src/db/migrations.js';
import { buildDemo } from '../../src/services/demo.service.js';
import { baseEnv, spawnCli, tempDbPath } from '../helpers/cli.js';
import { olderDatabase } from '../safety/helpers.js';

const names = (r: { stdout: string }) =>
  (JSON.parse(r.stdout) as { residents: { name: string }[] }).residents.map((x) => x.name);
const numbers = (r: { stdout: string }) =>
  (JSON.parse(r.stdout) as { demands: { number: string }[] }).demands.map((x) => x.number);

/**
 * SPEC §12: `hongwu find` on files made otherwise than by commands: 21,000 demands from the demo's
 * bulk loader, and a file of an older hongwu upgraded (find.test.ts has the rest, on both engines).
 */
describe('find on a big file and an older one', () => {
  it('looks for words among the latest 20,000 demands, says so when that left older ones out, and --all looks at ' +
    'every one', async () => {
    const db = tempDbPath();
    const env = baseEnv(db, { HONGWU_NOW: '2026-11-20T10:00:00+08:00' });
    const scale = { communities: 1, months: 24, demands: 21_000, residentsPerCommunity: 50, civic: false };
    await buildDemo({ path: db, replace: true, operator: 'tester', nowOverride: env.HONGWU_NOW, scale });
    const [community] = JSON.parse(spawnCli(['community', 'list', '--json'], env).stdout) as { code: string }[];
    const here = { ...env, HONGWU_COMMUNITY: community!.code };
    // The oldest demand of the file: a paper slip typed in late.
    expect(
      spawnCli(
        ['intake', '独一无二的井盖异响', '--channel', 'phone', '--category', 'repair', '--at', '2024-01-02 09:00'],
        here,
      ).code,
    ).toBe(0);

    const windowed = spawnCli(['find', '井盖异响', '--json'], here);
    expect(windowed.code).toBe(0);
    expect(numbers(windowed)).toEqual([]);
    expect(windowed.stderr).toMatch(
      /^注意：字词只在最近 20,000 条诉求（\d{4}-\d\d-\d\d 以后受理的）中查找；更早的诉求请加 --all（较慢）或按编号查找\n$/,
    );
    const english = spawnCli(['find', '井盖异响', '--lang', 'en'], here).stderr;
    expect(english).toMatch(
      /^Note: words were looked for among the latest 20,000 demands only \(received after [\d-]+\); /,
    );
    expect(english).toMatch(
      /; add --all for older ones \(slower\), or find them by number\nNo resident or demand matches/,
    );
    const all = spawnCli(['find', '井盖异响', '--all', '--json'], here);
    expect(all.stderr).toBe('');
    expect((JSON.parse(all.stdout) as { demands: { summary: string }[] }).demands.map((d) => d.summary)).toEqual([
      '独一无二的井盖异响',
    ]);
    // A page of the newest matches missed nothing: no note.
    const common = spawnCli(['find', '停车', '--json'], here);
    expect(numbers(common)).toHaveLength(20);
    expect(common.stderr).toBe('');
  }, 120_000);

  it('gives residents already on file their pinyin when the database is upgraded (migration 0019)', async () => {
    const db = tempDbPath();
    await olderDatabase(
      db,
      MIGRATIONS.findIndex((m) => m.name === '0019_name_pinyin'),
    );
    expect(names(spawnCli(['find', 'zs', '--json'], baseEnv(db)))).toEqual(['张三']);
  });
});
