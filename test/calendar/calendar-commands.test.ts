import fs from 'node:fs';
import path from 'node:path';
import { parse } from 'csv-parse/sync';
import { describe, expect, it } from 'vitest';
import { cli, initDb, json, spawnCli, tempDir } from '../helpers/cli.js';

/** Two events as the chinese-days project publishes them (holidays.ics), one with a folded line. */
const ICS = [
  'BEGIN:VCALENDAR',
  'VERSION:2.0',
  'PRODID:-//yaavi.me//Chinese Days//CN',
  'BEGIN:VEVENT',
  'UID:a',
  'DTSTART;VALUE=DATE:20270101',
  'DTEND;VALUE=DATE:20270104',
  'SUMMARY:元旦(休)',
  'DESCRIPTION:休',
  'X-APPLE-UNIVERSAL-ID:98d7f61aece5c705fcb704041ae177417b387370a0a059ad5f5f3',
  ' 3de3e57bc6b',
  'END:VEVENT',
  'BEGIN:VEVENT',
  'UID:b',
  'DTSTART;VALUE=DATE:20270207',
  'DTEND;VALUE=DATE:20270208',
  'SUMMARY:春节(班)',
  'END:VEVENT',
  'BEGIN:VEVENT',
  'UID:c',
  'DTSTART;VALUE=DATE:20270301',
  'SUMMARY:不是节假日的日程',
  'END:VEVENT',
  'END:VCALENDAR',
  '',
].join('\r\n');

function file(name: string, text: string): string {
  const p = path.join(tempDir(), name);
  fs.writeFileSync(p, text);
  return p;
}

describe('hongwu calendar (SPEC §9)', () => {
  it('shows a year with its 调休 make-up Saturday, as a table, JSON and CSV', async () => {
    const { env } = await initDb();
    const table = await cli(['calendar', '--year', '2026'], env);
    expect(table.code).toBe(0);
    expect(table.stdout).toMatch(/│ 2026-10-10 │ 周六 │ 上班（调休） │ 国庆节 │ 官方 │/);
    expect(table.stderr).toBe('');
    const days = json(await cli(['calendar', '--year', '2026', '--json'], env));
    expect(days.filter((d: { date: string }) => d.date.startsWith('2026-10'))).toEqual([
      ...[1, 2, 3, 4, 5, 6, 7].map((d) => ({
        date: `2026-10-0${d}`,
        type: 'holiday',
        name: '国庆节',
        source: 'official',
      })),
      { date: '2026-10-10', type: 'workday', name: '国庆节', source: 'official' },
    ]);
    const csv = parse((await cli(['calendar', '--year', '2026', '--csv'], env)).stdout, { columns: true });
    expect(csv[0]).toEqual({ date: '2026-01-01', type: 'holiday', name: '元旦', source: 'official' });
    expect(csv).toHaveLength(days.length);
  });

  it('warns on stderr for a year it does not know; doctor warns from December for the next', async () => {
    const { env } = await initDb();
    const r = await cli(['calendar', '--year', '2027', '--lang', 'en'], env);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(/^No holidays or make-up days listed for 2027\.\n/);
    expect(r.stderr).toContain(
      'Note: the official calendar of 2027 is not on file; its working days are counted on weekends only.',
    );
    const november = json(await cli(['doctor', '--json'], env));
    expect(november.checks.find((c: { check: string }) => c.check === 'calendar').status).toBe('ok');
    const december = json(await cli(['doctor', '--json'], { ...env, HONGWU_NOW: '2026-12-01T09:00:00+08:00' }));
    const check = december.checks.find((c: { check: string }) => c.check === 'calendar');
    expect(check.status).toBe('warn');
    expect(check.detail).toBe('the calendar does not know 2027: working days there are counted on weekends only');
  });

  it('calendar set records a local change; a bad date or type is exit 2', async () => {
    const { env } = await initDb();
    const r = await cli(['calendar', 'set', '2026-12-31', 'holiday', '--name', '社区停水检修'], env);
    expect([r.code, r.stdout]).toEqual([0, '2026-12-31 定为放假（社区停水检修）\n']);
    const day = json(await cli(['calendar', '--year', '2026', '--json'], env)).find(
      (d: { date: string }) => d.date === '2026-12-31',
    );
    expect(day).toEqual({ date: '2026-12-31', type: 'holiday', name: '社区停水检修', source: 'local' });
    const worked = json(await cli(['calendar', 'set', '2026-10-08', '班', '--json'], env));
    expect(worked).toEqual({ date: '2026-10-08', type: 'workday', name: null, source: 'local', before: null });
    const badDate = await cli(['calendar', 'set', '2026-02-30', 'holiday'], env);
    expect([badDate.code, badDate.stderr.split('\n')[0]]).toEqual([
      2,
      'hongwu: <date>：“2026-02-30”不是日期，应形如 2026-10-10',
    ]);
    const badType = await cli(['calendar', 'set', '2026-10-09', 'weekend', '--lang', 'en'], env);
    expect([badType.code, badType.stderr]).toEqual([
      2,
      'hongwu: <type>: unknown value "weekend"\n  use workday or holiday\n',
    ]);
  });

  it(
    'calendar import loads an .ics as chinese-days ' + 'publishes it, keeping local changes (through the ' + 'binary)',
    async () => {
      const { env } = await initDb();
      await cli(['calendar', 'set', '2027-01-02', 'workday', '--name', '本地值班'], env);
      const r = spawnCli(['calendar', 'import', file('holidays-2027.ics', ICS)], env);
      expect(r.code).toBe(0);
      expect(r.stdout).toBe('已导入 2027 年：新增 3 天，更新 0 天，未变 0 天\n');
      expect(r.stderr).toBe('保留了本地调整：2027-01-02（要改回请用 hongwu calendar set）\n');
      const days = json(await cli(['calendar', '--year', '2027', '--json'], env));
      expect(
        days.map((d: { date: string; type: string; source: string }) => `${d.date} ${d.type} ${d.source}`),
      ).toEqual([
        '2027-01-01 holiday official',
        '2027-01-02 workday local',
        '2027-01-03 holiday official',
        '2027-02-07 workday official',
      ]);
      // The year is known now: no more warning, and a second import changes nothing.
      expect((await cli(['calendar', '--year', '2027'], env)).stderr).toBe('');
      expect(json(await cli(['calendar', 'import', file('again.ics', ICS), '--json'], env))).toMatchObject({
        added: 0,
        changed: 0,
        unchanged: 3,
      });
    },
  );

  it('calendar import reads a date,type,name CSV; a bad line stops it whole (exit 2)', async () => {
    const { env } = await initDb();
    const ok = await cli(
      [
        'calendar',
        'import',
        file('2027.csv', '\uFEFFdate,type,name\n2027-10-01,holiday,国庆节\n2027-10-09,workday,国庆节\n'),
      ],
      env,
    );
    expect([ok.code, ok.stdout]).toEqual([0, '已导入 2027 年：新增 2 天，更新 0 天，未变 0 天\n']);
    const bad = await cli(
      ['calendar', 'import', file('bad.csv', '2028-01-01,holiday,元旦\n2028-13-01,holiday,x\n')],
      env,
    );
    expect([bad.code, bad.stderr.split('\n')[0]]).toEqual([2, 'hongwu: 第 2 行看不懂：“2028-13-01,holiday,x”']);
    expect(json(await cli(['calendar', '--year', '2028', '--json'], env))).toEqual([]);
    const other = await cli(['calendar', 'import', file('x.txt', 'hello')], env);
    expect(other.code).toBe(2);
  });
});
