import { Chalk } from 'chalk';
import Table from 'cli-table3';
import fc from 'fast-check';
// cli-table3's own measure of a string's columns.
import stringWidth from 'string-width';
import { describe, expect, it } from 'vitest';
import type { Cli } from '../../src/cli/context.js';
import { displayWidth, renderTable } from '../../src/cli/render/table.js';

/** How the tables were drawn before (cli-table3, compact): the reference for our own renderer. */
function reference(color: Cli['color'], header: readonly string[], rows: readonly (readonly string[])[]): string {
  const table = new Table({ head: header.map((h) => color.bold(h)), style: { head: [], border: [], compact: true }, wordWrap: true });
  for (const row of rows) table.push([...row]);
  return `${table.toString()}\n`;
}

const plain = { color: new Chalk({ level: 0 }) } as unknown as Cli;
const coloured = { color: new Chalk({ level: 1 }) } as unknown as Cli;

// What clerks type and what the views print: Chinese, full-width punctuation, codes, dates, line breaks.
const piece = fc.constantFrom('3栋', '门口', '乱停车', '（遗留）', '：', '，', '·', '…', '→', 'T1', '202611-0001', '2026-11-26 18:44', ' ', 'abc', '\n', '😀', '☀️', '©', '👍🏽', '\u001b[31m超期\u001b[39m', 'ｅ', 'é', '');
const cellText = fc.array(piece, { maxLength: 6 }).map((p) => p.join(''));

describe('our table renderer', () => {
  it('draws exactly what cli-table3 drew, for any cells', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 5 }).chain((n) =>
          fc.tuple(fc.array(cellText, { minLength: n, maxLength: n }), fc.array(fc.array(cellText, { minLength: n, maxLength: n }), { maxLength: 6 })),
        ),
        fc.boolean(),
        ([header, rows], colour) => {
          const cli = colour ? coloured : plain;
          expect(renderTable(cli, header, rows)).toBe(reference(cli.color, header, rows));
        },
      ),
      { numRuns: 400 },
    );
  });

  it('counts Chinese characters and full-width punctuation as two columns, colour codes as none', () => {
    expect(displayWidth('3栋门口')).toBe(7);
    expect(displayWidth('（遗留）：')).toBe(10);
    expect(displayWidth(coloured.color.red('已超期'))).toBe(6);
    expect(renderTable(plain, ['编号', 'Name'], [['T1', null], [7, '张三']])).toBe(
      ['┌──────┬──────┐', '│ 编号 │ Name │', '├──────┼──────┤', '│ T1   │      │', '│ 7    │ 张三 │', '└──────┴──────┘', ''].join('\n'),
    );
  });

  it('counts every character of the Chinese fast path as string-width does, and the ones around it', () => {
    const ranges = [[0x20, 0x7e], [0x2fff, 0x3040], [0x4dff, 0xa000], [0xff00, 0xff61]];
    for (const [from, to] of ranges) {
      for (let code = from!; code <= to!; code++) {
        const ch = String.fromCharCode(code);
        expect([code, displayWidth(`a${ch}`)]).toEqual([code, stringWidth(`a${ch}`)]);
      }
    }
  });

  it('cuts a cell longer than 200 characters, marking the cut', () => {
    const table = renderTable(plain, ['名称'], [['长'.repeat(300)]]);
    expect(table).toContain(`│ ${'长'.repeat(199)}… │`);
    expect(table.split('\n')[0]).toBe(`┌${'─'.repeat(401)}┐`);
  });
});
