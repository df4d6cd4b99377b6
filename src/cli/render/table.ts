import Table from 'cli-table3';
import type { Cli } from '../context.js';

/** Longer cells are cut: cli-table3 wraps in quadratic time (a 40,000-character name hung `community list`). */
const MAX_CELL = 200;

/** A bordered table for people; widths count Chinese characters as two columns. */
export function renderTable(cli: Cli, header: readonly string[], rows: readonly (readonly (string | number | null | undefined)[])[]): string {
  const table = new Table({
    head: header.map((h) => cli.color.bold(h)),
    style: { head: [], border: [], compact: true },
    wordWrap: true,
  });
  for (const row of rows) table.push(row.map((c) => (c === null || c === undefined ? '' : clip(String(c), MAX_CELL))));
  return `${table.toString()}\n`;
}

/** `label: value` lines, for one record. */
export function renderCard(cli: Cli, pairs: readonly [string, string | number | null | undefined][]): string {
  const width = Math.max(...pairs.map(([k]) => displayWidth(k)));
  return pairs
    .filter(([, v]) => v !== null && v !== undefined && v !== '')
    .map(([k, v]) => `${cli.color.dim(k + ' '.repeat(width - displayWidth(k)))}  ${v}`)
    .join('\n') + '\n';
}

function displayWidth(text: string): number {
  let w = 0;
  for (const ch of text) w += /[\u1100-\u115f\u2e80-\ua4cf\uac00-\ud7a3\uf900-\ufaff\ufe30-\ufe4f\uff00-\uff60\uffe0-\uffe6]/.test(ch) ? 2 : 1;
  return w;
}

/** Shortens text for a table cell, marking the cut. */
export function clip(text: string | null | undefined, max: number): string {
  if (!text) return '';
  const chars = [...text];
  return chars.length <= max ? text : `${chars.slice(0, max - 1).join('')}…`;
}
