import { describe, expect, it } from 'vitest';
import { MIGRATIONS } from '../../src/db/migrations.js';
import { baseEnv, json, spawnCli, tempDbPath } from '../helpers/cli.js';
import { olderDatabase, withRaw } from '../safety/helpers.js';

// The built program knows its schema version as a number written by the build (bin/build.mjs,
// `schemaVersionOnly`), and loads the migrations only when a file needs one.

describe("the built program's schema version", () => {
  it('is the number of migrations, in both bundles', async () => {
    const db = tempDbPath();
    await olderDatabase(db, 5);
    const env = baseEnv(db, { HONGWU_COMMUNITY: 'lsgw' });
    // A desk command (dist/desk.cjs) brings an older file up to date: the migrations are loaded then.
    const listed = spawnCli(['list', '--json'], env);
    expect([listed.code, listed.stdout]).toEqual([0, '[]\n']);
    expect(withRaw(db, (raw) => raw.pragma('user_version', { simple: true }))).toBe(MIGRATIONS.length);
    // And a file that is up to date is used as it is, by either bundle.
    expect(spawnCli(['show', '202611-0001'], env).code).toBe(1);
    expect(json(spawnCli(['doctor', '--json'], env)).program_schema_version).toBe(MIGRATIONS.length);
  });
});
