import fs from 'node:fs';
import path from 'node:path';
import writeXlsxFile from 'write-excel-file/node';
import fc from 'fast-check';
import { parse } from 'csv-parse/sync';
import { describe, expect, it } from 'vitest';
import { csvTable, readCsv } from '../../src/readers/csv.js';
import { readRows } from '../../src/readers/index.js';
import { readXlsx } from '../../src/readers/xlsx.js';
import { tempDir } from '../helpers/cli.js';

const utf8 = (text: string) => new TextEncoder().encode(text);
/** Each row's cells as the reader gave them, in the order of the header (编号,办结说明,金额). */
const EXPECTED = [
  { row: 2, cells: ['1', '换灯泡 €', '12'] },
  { row: 3, cells: ['2', '𠀀字', '3'] },
];
const TEXT = '编号,办结说明,金额\r\n1,换灯泡 €,12\r\n2,𠀀字,3\r\n';

describe('the CSV reader', () => {
  it('reads UTF-8 without a BOM', () => {
    expect(readCsv(utf8(TEXT))).toEqual(EXPECTED);
  });

  it('reads UTF-8 with a BOM (Excel\'s "CSV UTF-8"), the BOM not part of the first header', () => {
    expect(readCsv(new Uint8Array([0xef, 0xbb, 0xbf, ...utf8(TEXT)]))).toEqual(EXPECTED);
  });

  it('detects GB18030 (a Chinese Windows "CSV"), four-byte characters included', () => {
    // The same text as encoded by GB18030 (Python's codec), written out byte for byte.
    const gb18030 = Buffer.from(
      'b1e0bac52cb0ecbde1cbb5c3f72cbdf0b6ee0d0a312cbbbbb5c6c5dd20a2e32c31320d0a322c95328236d7d62c330d0a',
      'hex',
    );
    expect(readCsv(gb18030)).toEqual(EXPECTED);
  });

  it('keeps quoted commas and line breaks, numbers rows as the sheet does and skips blank rows', () => {
    const text = '姓名,地址\n"张三","3栋, 2单元\n501"\n\n,\n李四,\n';
    expect(readCsv(utf8(text))).toEqual([
      { row: 2, cells: ['张三', '3栋, 2单元\n501'] },
      // A blank cell stays as written: the importer reads '' as empty.
      { row: 5, cells: ['李四', ''] },
    ]);
  });
});

async function xlsxBytes(): Promise<Buffer> {
  return writeXlsxFile([
    ['编号', '受理日期', '金额', '说明'],
    [1, { value: new Date(Date.UTC(2026, 10, 26)), type: Date, format: 'yyyy-mm-dd' }, 12.5, '换灯泡'],
    [null, null, null, null],
    // A date serial typed as a number and formatted as a date: 46352 is 2026-11-26.
    ['2', { value: 46352, type: Number, format: 'yyyy-mm-dd' }, 100000, null],
  ]).toBuffer();
}

describe('csvTable', () => {
  it('reads any text as csv-parse does: line breaks of every kind, blank lines, a BOM, quotes or none', () => {
    const outcome = (read: () => string[][]) => {
      try {
        return read();
      } catch (e) {
        return (e as Error).message;
      }
    };
    const text = fc.string({ unit: fc.constantFrom('a', '中', ',', ' ', '\r', '\n', '\r\n', '\uFEFF', '"', '""') });
    fc.assert(
      fc.property(text, (t) => {
        expect(outcome(() => csvTable(t))).toEqual(
          outcome(() => parse(t, { relax_column_count: true, skip_empty_lines: false })),
        );
      }),
      { numRuns: 3000 },
    );
  });
});

describe('the XLSX reader', () => {
  it(
    'reads numbers as numbers, date cells and date serials ' + 'as dates, and the rows as numbered in the sheet',
    async () => {
      expect(await readXlsx(await xlsxBytes())).toEqual([
        { row: 2, cells: [1, new Date(Date.UTC(2026, 10, 26)), 12.5, '换灯泡'] },
        { row: 4, cells: ['2', new Date(Date.UTC(2026, 10, 26)), 100000, null] },
      ]);
    },
  );
});

describe('readRows', () => {
  it('reads a file by its extension', async () => {
    const dir = tempDir();
    fs.writeFileSync(path.join(dir, 'a.csv'), TEXT);
    fs.writeFileSync(path.join(dir, 'a.XLSX'), await xlsxBytes());
    expect(await readRows(path.join(dir, 'a.csv'))).toEqual(EXPECTED);
    expect((await readRows(path.join(dir, 'a.XLSX'))).map((r) => r.row)).toEqual([2, 4]);
  });

  it('refuses a file it cannot read, saying what it reads', async () => {
    const dir = tempDir();
    fs.writeFileSync(path.join(dir, 'old.xls'), 'x');
    await expect(readRows(path.join(dir, 'old.xls'))).rejects.toMatchObject({
      exitCode: 2,
      text: {
        zh: '不能读取“old.xls”：只认 .csv 和 .xlsx 文件',
        en: 'cannot read "old.xls": only .csv and .xlsx files are read',
      },
    });
    await expect(readRows(path.join(dir, 'none.csv'))).rejects.toMatchObject({
      exitCode: 2,
      message: `no file at ${path.join(dir, 'none.csv')}`,
    });
  });
});
