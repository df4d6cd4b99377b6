// Regenerates migrations/0012_calendar_days.json, the official holidays and make-up working days
// (调休) that migration 0012 copies into every database, from the `chinese-days` package (a dev
// dependency: the program never loads it). Run `node bin/calendar-data.mjs` by hand only to rebuild
// that file for a new migration: 0012's data is frozen, later years come by `hongwu calendar import`.
import fs from 'node:fs';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const data = require('chinese-days/dist/chinese-days.json');

/** "National Day,国庆节,3" → "国庆节" (the English name may itself hold a comma). */
const chineseName = (entry) => entry.split(',').at(-2);

const days = {};
for (const [type, source] of [['holiday', data.holidays], ['workday', data.workdays]]) {
  for (const [date, entry] of Object.entries(source)) days[date] = [type, chineseName(entry)];
}
const sorted = Object.fromEntries(Object.entries(days).sort(([a], [b]) => a.localeCompare(b)));
const out = new URL('../migrations/0012_calendar_days.json', import.meta.url);
fs.writeFileSync(out, `${JSON.stringify(sorted).replace(/\],/g, '],\n')}\n`);
console.log(`${Object.keys(sorted).length} days written to ${out.pathname}`);
