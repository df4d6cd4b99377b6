import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { spawnCliAsync } from '../helpers/cli.js';
import { rows } from '../helpers/rows.js';
import { importFixture } from './helpers.js';

const ROWS = 300;

/** A month's demands without numbers, received in November 2026: the month the desk's intakes number in. */
function novemberSheet(): string {
  const lines = ['受理时间,诉求内容,渠道,类别'];
  for (let i = 0; i < ROWS; i++) {
    const at = new Date(Date.UTC(2026, 10, 1, 1) + i * 3_600_000);
    const local = new Date(at.getTime() + 8 * 3_600_000).toISOString().slice(0, 16).replace('T', ' ');
    lines.push(`${local},第${i}号诉求,电话,维修`);
  }
  return `${lines.join('\r\n')}\r\n`;
}

/**
 * An import numbering a month's demands while another desk takes intakes in that month, as
 * separate processes (SPEC §11, §14): each transaction holds the database's write lock, so every
 * number is given once and the month's numbers run without a gap, whichever writes first.
 */
describe('import beside intakes at another desk', () => {
  it('gives every demand its own number', async () => {
    const f = importFixture();
    const sheet = path.join(f.dir, f.write('十一月诉求.csv', novemberSheet()));
    const intake = (n: number) =>
      spawnCliAsync(['intake', `窗口来访 ${n}`, '--channel', 'walk_in', '--category', 'repair', '--json'], f.env);
    const [imported, ...intakes] = await Promise.all([
      spawnCliAsync(['import', 'demands', sheet, '--yes', '--json'], f.env),
      ...[1, 2, 3, 4].map(intake),
    ]);
    expect(imported!.stderr).toBe('');
    expect(JSON.parse(imported!.stdout)).toMatchObject({ added: ROWS, written: true });
    for (const r of intakes) expect([r.code, r.stderr]).toEqual([0, '']);
    const numbers = (await rows<{ number: string }>(f.db, 'SELECT number FROM demands ORDER BY number')).map(
      (d) => d.number,
    );
    expect(numbers).toEqual(Array.from({ length: ROWS + 4 }, (_, i) => `202611-${String(i + 1).padStart(4, '0')}`));
    const taken = intakes.map((r) => JSON.parse(r.stdout).number as string);
    expect(new Set(taken).size).toBe(4);
  });
});
