import { option, reference, type Declaration } from '../declare.js';

const load = () => import('./house.command.js');

export const add: Declaration = {
  path: 'house add',
  args: '<building-unit-room>',
  help: '登记房屋 add a house: 3-2-501 = 3栋2单元501室 = 3幢2单元501',
  options: [
    option('--area <m²>', '建筑面积（平方米） floor area in m², e.g. 89.5'),
    reference('owner', 'resident', '业主（居民姓名、电话或 ID） owner: a resident'),
  ],
  example: 'house add 3栋2单元501室 --area 89.5 --owner 张三',
  load: async () => (await load()).add,
};

export const list: Declaration = {
  path: 'house list',
  help: '列出房屋及欠费 list houses with what they owe',
  example: 'house list --csv',
  rows: true,
  load: async () => (await load()).list,
};

export const show: Declaration = {
  path: 'house show',
  args: '<house>',
  help: '查看房屋的账单与缴费 the bills and payments of a house',
  example: 'house show 3-2-501',
  load: async () => (await load()).show,
};

export const importHouses: Declaration = {
  path: 'import houses',
  args: '<file>',
  help: '导入房屋表（CSV，UTF-8 或 GB18030；列：房号、面积、业主），全部检查通过才写入 import houses from a CSV sheet, all or nothing',
  options: [option('--dry-run', '只检查不写入 check only')],
  example: 'import houses 房屋台账.csv --dry-run',
  load: async () => (await load()).importFile,
};
