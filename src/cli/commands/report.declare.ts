import { bom, month, option, type Declaration } from '../declare.js';

export const report: Declaration = {
  path: 'report',
  help: '月度报表 the monthly report; --community all rolls up every community',
  options: [
    month('统计月份 month (default last; this = partial)', 'YYYY-MM|this|last'),
    option('--format <format>', '格式 table|md|csv|json (default table; --json = json; or from the --out extension)'),
    option('--out <file|dir>', '写入文件；目录则写 .md 和 .csv 两个文件 write a file, or .md and .csv into a folder (atomic)'),
    bom(),
  ],
  example: 'report --month 2026-10 --format md',
  exampleHelp:
    '例 Examples:\n  hongwu report --month 2026-10 --format md\n  0 6 1 * * HONGWU_DB=/srv/hongwu.db hongwu report --out /srv/reports/ --bom',
  rows: true,
  load: async () => (await import('./report.command.js')).report,
};
