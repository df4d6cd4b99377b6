import { option, type Declaration } from '../declare.js';
import type { ImportKind } from '../../services/import.service.js';

const load = () => import('./import.command.js');

/** The flags every `import <kind>` takes (SPEC §11). */
const OPTIONS = [
  option('--dry-run', '只检查不写入 check every row, write nothing'),
  option('--yes', '不询问，直接导入（非终端时必需） import without asking (needed without a terminal)'),
  option('--sheet <name>', '.xlsx 中的工作表名称（默认第一张） the worksheet of an .xlsx (default: the first)'),
];

const declaration = (kind: ImportKind, help: string, example: string): Declaration => ({
  path: `import ${kind}`,
  args: '<file>',
  help: `${help}（.csv 或 .xlsx；先检查全部行，有错则一行不写，问题写入 <file>.errors.csv）`,
  options: OPTIONS,
  example,
  load: async () => (await load()).importer(kind),
});

export const residents = declaration('residents', '导入居民台账 import residents: 姓名、电话、地址、标签', 'import residents 居民台账.xlsx --dry-run');
export const teams = declaration('teams', '导入队伍 import teams: 名称、类型', 'import teams 队伍.csv --yes');
export const demands = declaration(
  'demands',
  '导入诉求台账及其办理经过 import demands with their history: 诉求内容、渠道、类别、分派给、办结时间、评价…',
  'import demands 2025年诉求台账.xlsx --sheet 诉求 --yes',
);
export const points = declaration('points', '导入积分流水 import the points ledger: 居民、积分、事由、时间、备注', 'import points 积分台账.csv --yes');
