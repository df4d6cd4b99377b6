import { describe, expect, it } from 'vitest';
import { onPostgres } from '../helpers/pg-databases.js';
import { rows } from '../helpers/rows.js';
import { importFixture } from './helpers.js';

/** On a server the same path with a tenth of the rows: the PostgreSQL run is the longer of the suite's two. */
const ROWS = onPostgres() ? 20_000 : 200_000;

/**
 * A 200,000-row sheet (SPEC §11's hostile sheets; 20,000 rows on a server): a year of a busy street's
 * demands as a clerk's CSV, with Excel date serials beside typed times, a repeated row and blank rows at its end.
 */
function bigSheet(): string {
  const lines = ['受理时间,诉求内容,渠道,类别,分级,分派给,办结时间,评价'];
  const start = Date.UTC(2025, 0, 1, 1); // 2025-01-01 09:00 in Shanghai
  for (let i = 0; i < ROWS - 1; i++) {
    const at = new Date(start + i * 150_000);
    const local = new Date(at.getTime() + 8 * 3_600_000).toISOString().slice(0, 16).replace('T', ' ');
    // Every tenth row keeps its time as an Excel serial (days since 1899-12-30, local wall clock).
    const received =
      i % 10 === 0 ? String((at.getTime() + 8 * 3_600_000 - Date.UTC(1899, 11, 30)) / 86_400_000) : local;
    const resolved = new Date(at.getTime() + 8 * 3_600_000 + 86_400_000).toISOString().slice(0, 16).replace('T', ' ');
    lines.push(
      i % 3 === 0
        ? `${received},第${i}号诉求,电话,维修,,,,`
        : `${received},第${i}号诉求,网格员,环境卫生,限时结,物业,${resolved},满意`,
    );
  }
  lines.push(lines[lines.length - 1]!);
  return `${lines.join('\r\n')}\r\n,,,,,,,\r\n,,,,,,,\r\n`;
}

describe(`a ${ROWS.toLocaleString('en')}-row sheet`, () => {
  it('is checked and written in one go, its repeated row counted once', async () => {
    const f = importFixture();
    const sheet = f.write('全年诉求.csv', bigSheet());
    const started = Date.now();
    const r = f.runLong('import', 'demands', sheet, '--yes', '--json');
    const seconds = (Date.now() - started) / 1000;
    expect(r.stderr).toBe('');
    expect(JSON.parse(r.stdout)).toEqual({
      kind: 'demands',
      community: '幸福里',
      rows: ROWS,
      added: ROWS - 1,
      would_add: ROWS - 1,
      present: 1,
      written: true,
      dry_run: false,
    });
    const one = async (text: string) => Object.values((await rows(f.db, text))[0]!)[0];
    expect(await one('SELECT count(*) FROM demands')).toBe(ROWS - 1);
    expect(await one("SELECT count(*) FROM demands WHERE status = 'closed'")).toBe(
      ROWS - 1 - Math.ceil((ROWS - 1) / 3),
    );
    expect(await one("SELECT received_at FROM demands WHERE number = '202501-0001'")).toBe('2025-01-01T01:00:00.000Z');
    if (!onPostgres()) expect(await one('PRAGMA integrity_check')).toBe('ok');
    console.log(
      `import demands${onPostgres() ? ' on PostgreSQL' : ''}: ${ROWS.toLocaleString('en')} rows in ` +
        `${seconds.toFixed(1)} s (${Math.round(ROWS / seconds).toLocaleString('en')} rows/s, ` +
        'whole process, shared machine)',
    );
  }, 300_000);
});
