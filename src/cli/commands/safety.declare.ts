import { yes, type Declaration } from '../declare.js';

const load = () => import('./safety.command.js');

export const backup: Declaration = {
  path: 'backup',
  args: '<file>',
  help: '备份数据库（他人可继续录入） a consistent copy while others keep working; <file> may be a folder',
  options: [yes()],
  example: 'backup /srv/backup/hongwu-2026-11-30.db --yes',
  exampleHelp: '例 Example (cron, every night at 23:30):\n  30 23 * * * hongwu backup /srv/backup/hongwu-$(date +\\%F).db --yes',
  load: async () => (await load()).backup,
};

export const doctor: Declaration = {
  path: 'doctor',
  help: '体检数据库：完整性、外键、结构版本、日志、权限、台账 check integrity, foreign keys, schema, journal, permissions, ledger',
  example: 'doctor --db /srv/hongwu.db',
  load: async () => (await load()).doctor,
};
