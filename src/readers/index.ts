import fs from 'node:fs';
import path from 'node:path';
import { bi, UsageError } from '../domain/errors.js';
import type { IsHeader, SheetRow } from './rows.js';

export type { CellValue, IsHeader, SheetRow } from './rows.js';

/**
 * The rows of a .csv or .xlsx file, by its name's extension. Each reader is loaded when a file of
 * its kind is read, so a command that reads no file loads neither. `sheet` names a worksheet of an
 * .xlsx (a CSV has one); `isHeader` finds the header below title rows.
 */
export async function readRows(
  file: string,
  options: { sheet?: string; isHeader?: IsHeader } = {},
): Promise<SheetRow[]> {
  const ext = path.extname(file).toLowerCase();
  if (options.sheet !== undefined && ext !== '.xlsx') {
    throw new UsageError(
      bi('--sheet 只用于 .xlsx 文件', '--sheet is for .xlsx files'),
      bi('CSV 文件只有一张表：请去掉 --sheet', 'a CSV file has one sheet: drop --sheet'),
    );
  }
  if (ext === '.xlsx' || ext === '.csv' || ext === '.txt') {
    let bytes: Buffer;
    try {
      bytes = fs.readFileSync(file);
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code;
      throw new UsageError(
        code === 'ENOENT'
          ? bi(`找不到文件 ${file}`, `no file at ${file}`)
          : bi(`无法读取 ${file}（${code}）`, `cannot read ${file} (${code})`),
        bi('请检查文件名和所在文件夹', 'check the file name and its folder'),
      );
    }
    return ext === '.xlsx'
      ? (await import('./xlsx.js')).readXlsx(bytes, options)
      : (await import('./csv.js')).readCsv(bytes, options.isHeader);
  }
  throw new UsageError(
    bi(
      `不能读取“${path.basename(file)}”：只认 .csv 和 .xlsx 文件`,
      `cannot read "${path.basename(file)}": only .csv and .xlsx files are read`,
    ),
    bi('请在 Excel 或 WPS 中另存为 .xlsx 或 CSV（UTF-8）', 'save it from Excel or WPS as .xlsx or CSV (UTF-8)'),
  );
}
