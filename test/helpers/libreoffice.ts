import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';

/**
 * A CSV opened as a street-office user would, in LibreOffice Calc (headless): saved as xlsx, then
 * read back from the flat ODF (.fods) of that xlsx, whose cells say their type: a time the sheet
 * read as a date is `office:value-type="date"`, not text. CI has no LibreOffice: `available()` says so.
 */
export interface SheetCell {
  type: string;
  /** The typed value: `office:date-value` for a date, `office:value` for a number, else the text. */
  value: string;
  text: string;
}

export function libreOfficeAvailable(): boolean {
  const r = spawnSync('soffice', ['--version'], { encoding: 'utf8' });
  return !r.error && r.status === 0;
}

/**
 * A LibreOffice profile of this test process's own: a second soffice on the user's profile (another
 * test file, another run on the same machine) refuses to start while the first holds its lock.
 */
let profile: string | undefined;
function ownProfile(): string {
  profile ??= pathToFileURL(fs.mkdtempSync(path.join(os.tmpdir(), 'hongwu-soffice-'))).href;
  return profile;
}

function convert(file: string, to: string, outdir: string, infilter?: string): string {
  const args = [
    `-env:UserInstallation=${ownProfile()}`,
    '--headless',
    ...(infilter ? [`--infilter=${infilter}`] : []),
    '--convert-to',
    to,
    '--outdir',
    outdir,
    file,
  ];
  const r = spawnSync('soffice', args, { encoding: 'utf8', timeout: 120_000 });
  const out = path.join(outdir, `${path.parse(file).name}.${to}`);
  if (r.status !== 0 || !fs.existsSync(out)) throw new Error(`soffice --convert-to ${to} ${file} failed: ${r.stderr}`);
  return out;
}

/** The CSV (UTF-8, comma, double quotes: what the import dialog offers for a file with a BOM) as xlsx, then its cells.
 * */
export function openInCalc(csvFile: string): SheetCell[][] {
  const dir = path.dirname(csvFile);
  const xlsx = convert(csvFile, 'xlsx', dir, 'CSV:44,34,76,1');
  const fods = fs.readFileSync(convert(xlsx, 'fods', path.join(dir, 'fods')), 'utf8');
  const table = fods.slice(fods.indexOf('<table:table '));
  return [...table.matchAll(/<table:table-row[^>]*>([\s\S]*?)<\/table:table-row>/g)].map((row) => cellsOf(row[1]!));
}

const CELL = /<table:table-cell([^>]*?)(?:\/>|>([\s\S]*?)<\/table:table-cell>)/g;
const attr = (attrs: string, name: string) => new RegExp(`${name}="([^"]*)"`).exec(attrs)?.[1];
const unescape = (t: string) =>
  t
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&apos;/g, "'")
    .replace(/&amp;/g, '&');

function cellsOf(row: string): SheetCell[] {
  const cells: SheetCell[] = [];
  for (const [, attrs = '', body = ''] of row.matchAll(CELL)) {
    const text = unescape([...body.matchAll(/<text:p>([\s\S]*?)<\/text:p>/g)].map((p) => p[1]).join('\n'));
    const type = attr(attrs, 'office:value-type') ?? '';
    const value = attr(attrs, 'office:date-value') ?? attr(attrs, 'office:value') ?? text;
    const repeated = Number(attr(attrs, 'table:number-columns-repeated') ?? 1);
    // The row's trailing run of empty cells stands for the rest of the sheet's width.
    if (type === '' && repeated > 100) break;
    for (let i = 0; i < repeated; i++) cells.push({ type, value, text });
  }
  return cells;
}
