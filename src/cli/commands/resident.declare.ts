import { residentTag } from '../../domain/codes.js';
import { at, codeOption, codesText, option, repeatable, type Declaration } from '../declare.js';

const load = () => import('./resident.command.js');

export const add: Declaration = {
  path: 'resident add',
  args: '<name>',
  help: '登记居民 register a resident',
  options: [
    option('--phone <p>', '电话 phone'),
    option('--address <building-unit-room>', '住址 address, e.g. 3-2-501'),
    repeatable('--tag <tag>', `标签，可重复 tag (repeatable)：${codesText(residentTag)}`),
    at('登记为何时起的居民 known since when (default now; tags count from then)'),
  ],
  example: 'resident add 张三 --phone 13812345678 --address 3-2-501 --tag elderly_alone',
  load: async () => (await load()).add,
};

export const list: Declaration = {
  path: 'resident list',
  help: '列出居民 list residents',
  options: [codeOption('--tag <tag>', '按标签筛选 only residents with this tag', residentTag)],
  example: 'resident list --tag 独居老人',
  rows: true,
  load: async () => (await load()).list,
};

export const show: Declaration = {
  path: 'resident show',
  args: '<resident>',
  help: '查看居民（含完整电话，查看会被记录） show a resident, full phone (access is logged)',
  example: 'resident show 张三',
  load: async () => (await load()).show,
};

export const tag: Declaration = {
  path: 'resident tag',
  args: '<resident> <tag>',
  help: '给居民加标签 tag a resident',
  options: [at('何时起属于该群体 since when (the report counts the tag from then)')],
  example: 'resident tag 张三 党员 --at 2026-01-01',
  load: async () => (await load()).tag,
};
