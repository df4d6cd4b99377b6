import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { DEMAND_COLUMNS } from '../../src/services/import-demands.js';
import { RESIDENT_COLUMNS, TEAM_COLUMNS } from '../../src/services/import-people.js';
import { POINTS_COLUMNS } from '../../src/services/import-points.js';
import { HOUSE_COLUMNS } from '../../src/services/import-houses.js';
import { ROOT } from '../helpers/cli.js';

/** docs/import.md lists every header the importers read, so a clerk can name a column any way it reads. */
describe('docs/import.md', () => {
  const doc = fs.readFileSync(path.join(ROOT, 'docs', 'import.md'), 'utf8');
  const rows = (kind: string) => {
    const table = doc.slice(doc.indexOf('| 导入 | 列 | 可写的表头 |'));
    const start = table.indexOf(`| ${kind} |`);
    const next = ['residents', 'teams', 'points', 'demands', 'houses']
      .map((k) => table.indexOf(`| ${k} |`))
      .filter((i) => i > start);
    return table.slice(start, next.length ? Math.min(...next) : table.indexOf('\n\n'));
  };

  it.each([
    ['residents', RESIDENT_COLUMNS],
    ['teams', TEAM_COLUMNS],
    ['points', POINTS_COLUMNS],
    ['demands', DEMAND_COLUMNS],
    ['houses', HOUSE_COLUMNS],
  ] as const)('lists every header of import %s, the required ones in bold', (kind, columns) => {
    const lines = rows(kind)
      .split('\n')
      .filter((l) => l.startsWith('|'));
    expect(lines).toHaveLength(columns.length);
    columns.forEach((column, i) => {
      const cells = lines[i]!.split('|').map((c) => c.trim());
      expect(cells[3]!.replace(/（.*）$/, '').split('、')).toEqual(column.names);
      expect(cells[2]!.startsWith('**')).toBe('required' in column);
    });
  });
});
