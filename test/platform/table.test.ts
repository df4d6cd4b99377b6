import { Chalk } from 'chalk';
import Table from 'cli-table3';
import fc from 'fast-check';
// cli-table3's own measure of a string's columns.
import stringWidth from 'string-width';
import { describe, expect, it } from 'vitest';
import type { Cli } from '../../src/cli/context.js';
import { displayWidth, drawTable, renderTable, wrapText } from '../../src/platform/table.js';
import { visible } from '../../src/domain/text.js';

/**
 * How the tables were drawn before (cli-table3, compact): the reference for our own renderer.
 * Control characters in cells are shown visibly (`␛`), but for colour codes on a painted table.
 */
function reference(color: Cli['color'], header: readonly string[], rows: readonly (readonly string[])[]): string {
  const table = new Table({
    head: header.map((h) => color.bold(h)),
    style: { head: [], border: [], compact: true },
    wordWrap: true,
  });
  const painted = color.bold('x') !== 'x';
  for (const row of rows) table.push(row.map((cell) => visible(cell, painted)));
  return `${table.toString()}\n`;
}

const plain = { color: new Chalk({ level: 0 }) } as unknown as Cli;
const coloured = { color: new Chalk({ level: 1 }) } as unknown as Cli;

// What clerks type and what the views print: Chinese, full-width punctuation, codes, dates, line breaks.
const piece = fc.constantFrom(
  '3栋',
  '门口',
  '乱停车',
  '（遗留）',
  '：',
  '，',
  '·',
  '…',
  '→',
  'T1',
  '202611-0001',
  '2026-11-26 18:44',
  ' ',
  'abc',
  '\n',
  '😀',
  '☀️',
  '©',
  '👍🏽',
  '\u001b[31m超期\u001b[39m',
  'ｅ',
  'é',
  '',
);
const cellText = fc.array(piece, { maxLength: 6 }).map((p) => p.join(''));

describe('our table renderer', () => {
  it('draws exactly what cli-table3 drew, for any cells', () => {
    fc.assert(
      fc.property(
        fc
          .integer({ min: 1, max: 5 })
          .chain((n) =>
            fc.tuple(
              fc.array(cellText, { minLength: n, maxLength: n }),
              fc.array(fc.array(cellText, { minLength: n, maxLength: n }), { maxLength: 6 }),
            ),
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
    expect(
      renderTable(
        plain,
        ['编号', 'Name'],
        [
          ['T1', null],
          [7, '张三'],
        ],
      ),
    ).toBe(
      [
        '┌──────┬──────┐',
        '│ 编号 │ Name │',
        '├──────┼──────┤',
        '│ T1   │      │',
        '│ 7    │ 张三 │',
        '└──────┴──────┘',
        '',
      ].join('\n'),
    );
  });

  it('counts every character of the Chinese fast path as string-width does, and the ones around it', () => {
    const ranges = [
      [0x20, 0x7e],
      [0x2fff, 0x3040],
      [0x4dff, 0xa000],
      [0xff00, 0xff61],
    ];
    for (const [from, to] of ranges) {
      for (let code = from!; code <= to!; code++) {
        const ch = String.fromCharCode(code);
        expect([code, displayWidth(`a${ch}`)]).toEqual([code, stringWidth(`a${ch}`)]);
      }
    }
  });

  it('fits a narrow terminal by cutting the free-text columns only, the widest first, marking each cut', () => {
    const header = ['编号', '状态', '事项', '承办'];
    const rows = [
      ['202611-0001', coloured.color.red('待分派 · 已超期'), '三号楼东侧单元门禁经常失灵', '蓝色港湾物业服务企业'],
      ['202611-0002', '已办结', '路灯', '张三'],
    ];
    const at = (width: number) => ({ color: coloured.color, width }) as unknown as Cli;
    const table = renderTable(at(60), header, rows, { flexible: [2, 3] });
    const lines = table.trimEnd().split('\n');
    for (const line of lines) expect(displayWidth(line)).toBeLessThanOrEqual(60);
    // The number and the (coloured) status stay whole; the summary and the assignee give way.
    expect(table).toContain('│ 202611-0001 │');
    expect(table).toContain(coloured.color.red('待分派 · 已超期'));
    expect(table).toMatch(/三号楼\S*…/);
    expect(table).toMatch(/蓝色港湾\S*…/);
    // Wide enough, no free-text columns, or no terminal: drawn whole.
    const whole = renderTable(coloured, header, rows);
    expect(renderTable(at(200), header, rows, { flexible: [2, 3] })).toBe(whole);
    expect(renderTable(at(60), header, rows)).toBe(whole);
    // Too narrow even with the free text at its least: the columns keep seven, the rest wraps.
    const squeezed = renderTable(at(20), header, rows, { flexible: [2, 3] });
    expect(squeezed).toContain('│ 三号楼… │ 蓝色港… │');
  });

  it('hides the optional columns, first to go first, before cutting free text below a readable width', () => {
    const header = ['编号', '分级', '类别', '事项', '居民'];
    const rows = [['202611-0001', '限时结', '特殊群体服务', '三号楼东侧单元门禁经常失灵', '张三丰']];
    const at = (width: number) => ({ color: plain.color, width }) as unknown as Cli;
    const fit = { flexible: [3, 4], optional: [1, 2] };
    const whole = drawTable(at(200), header, rows, fit);
    expect(whole.hidden).toEqual([]);
    const full = displayWidth(whole.text.split('\n')[0]!);
    // A little narrower: the summary gives way, every column stays.
    const cut = drawTable(at(full - 4), header, rows, fit);
    expect(cut.hidden).toEqual([]);
    expect(cut.text).toMatch(/三号楼\S*…/);
    // Narrower than the summary's readable width allows: the tier goes first, then the category.
    const [first, both] = [drawTable(at(60), header, rows, fit), drawTable(at(45), header, rows, fit)];
    expect(first.hidden).toEqual(['分级']);
    expect(first.text).toContain('│ 特殊群体服务 │');
    expect(first.text).not.toContain('限时结');
    expect(both.hidden).toEqual(['分级', '类别']);
    expect(both.text.split('\n')[1]).toBe('│ 编号        │ 事项               │ 居民   │');
    for (const drawn of [cut, first, both])
      for (const line of drawn.text.trimEnd().split('\n'))
        expect(displayWidth(line)).toBeLessThanOrEqual(drawn === cut ? full - 4 : drawn === first ? 60 : 45);
    // With nothing left to hide, the free text is cut to its least; without a terminal nothing changes.
    expect(drawTable(at(30), header, rows, fit).text).toContain('│ 202611-0001 │ 三号楼… │ 张三丰 │');
    expect(drawTable(plain, header, rows, fit)).toEqual(whole);
  });

  it('wraps a column to be read whole onto more lines instead of cutting it', () => {
    const at = (width: number) => ({ color: plain.color, width }) as unknown as Cli;
    const header = ['时间', '说明', '经办人'];
    const rows = [
      ['2026-11-26 10:00', '已解决 · 网格员上门调解，双方达成一致', '前台王芳'],
      ['2026-11-27 09:00', 'Resolved · the lift was fixed', '张敏'],
    ];
    const table = renderTable(at(50), header, rows, { wrapping: [1] });
    const lines = table.trimEnd().split('\n');
    for (const line of lines) expect(displayWidth(line)).toBeLessThanOrEqual(50);
    // Nothing is lost: every character of the note is on one of the row's lines, in order.
    const notes = lines.filter((l) => l.startsWith('│')).map((l) => l.split('│')[2]!.trim());
    expect(notes.join('').replace(/ /g, '')).toContain('已解决·网格员上门调解，双方达成一致');
    expect(table).not.toContain('…');
    // English breaks between words.
    expect(notes).toContain('Resolved · the');
    expect(notes).toContain('lift was fixed');
    expect(renderTable(at(200), header, rows, { wrapping: [1] })).toBe(renderTable(plain, header, rows));
  });

  it('wraps any text within the width, losing only the spaces it breaks at, never an empty line', () => {
    fc.assert(
      fc.property(
        fc.array(fc.constantFrom('中', '文', 'a', 'b', ' ', '|', '，'), { maxLength: 80 }),
        fc.integer({ min: 2, max: 30 }),
        (chars, width) => {
          const text = chars.join('');
          const lines = wrapText(text, width).split('\n');
          if (text.trim() === '') return;
          // A text that fits is left exactly as it is.
          if (displayWidth(text) <= width) {
            expect(lines).toEqual([text]);
            return;
          }
          for (const line of lines) {
            expect(displayWidth(line)).toBeLessThanOrEqual(width);
            expect(line).not.toBe('');
            expect(line).toBe(line.trim());
          }
          expect(lines.join('').replace(/ /g, '')).toBe(text.replace(/ /g, ''));
          // A comma starts a line only when the line before it had nothing else to give.
          lines.forEach((line, i) => {
            if (i > 0 && line.startsWith('，'))
              expect(lines[i - 1]!.replace(/[，\s]/g, '').length).toBeLessThanOrEqual(1);
          });
        },
      ),
      { numRuns: 2000 },
    );
    expect(wrapText('中中中中中中中中中中中中 中中中中中中中中中中中中 a', 12).split('\n')).toEqual([
      '中中中中中中',
      '中中中中中中',
      '中中中中中中',
      '中中中中中中',
      'a',
    ]);
    expect(wrapText('parking|repair|environment|security', 20).split('\n')).toEqual([
      'parking|repair|',
      'environment|security',
    ]);
    // A closing bracket or a comma never starts a line: the character before it goes along (避头尾).
    expect(wrapText('上月情况（不动正式数据库）', 12).split('\n')).toEqual(['上月情况（不', '动正式数据', '库）']);
    expect(wrapText('楼道灯坏了，已报修', 10).split('\n')).toEqual(['楼道灯坏', '了，已报修']);
    expect(wrapText('中中中），，', 8).split('\n')).toEqual(['中中', '中），，']);
    expect(wrapText('中中中中\u3000，中', 10).split('\n')).toEqual(['中中中', '中\u3000，中']);
  });

  it('cuts a cell longer than 200 characters, marking the cut', () => {
    const table = renderTable(plain, ['名称'], [['长'.repeat(300)]]);
    expect(table).toContain(`│ ${'长'.repeat(199)}… │`);
    expect(table.split('\n')[0]).toBe(`┌${'─'.repeat(401)}┐`);
  });
});
