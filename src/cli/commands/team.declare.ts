import { teamKind } from '../../domain/codes.js';
import { codeOption, type Declaration } from '../declare.js';

const load = () => import('./team.command.js');

export const add: Declaration = {
  path: 'team add',
  args: '<name>',
  help: '添加队伍 add a team',
  options: [codeOption('--kind <kind>', '类型 kind', teamKind)],
  example: 'team add 党员先锋队 --kind party_vanguard',
  load: async () => (await load()).add,
};

export const list: Declaration = {
  path: 'team list',
  help: '列出队伍 list teams',
  example: 'team list',
  rows: true,
  load: async () => (await load()).list,
};

export const show: Declaration = {
  path: 'team show',
  args: '<team>',
  help: '查看队伍 show a team',
  example: 'team show 党员先锋队',
  load: async () => (await load()).show,
};
