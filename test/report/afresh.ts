import path from 'node:path';
import Database from 'better-sqlite3';
import { cli, tempDir, type Result } from '../helpers/cli.js';

/** The same command on a copy of the file whose kept figures are deleted: computed from the rows. */
export async function afresh(db: string, args: string[], env: Record<string, string | undefined>): Promise<Result> {
  const copy = path.join(tempDir('hongwu-afresh-'), 'hongwu.db');
  const raw = new Database(db);
  raw.exec(`VACUUM INTO '${copy}'`);
  raw.close();
  const fresh = new Database(copy);
  fresh.exec('DELETE FROM report_months');
  fresh.close();
  return cli(args, { ...env, HONGWU_DB: copy });
}
