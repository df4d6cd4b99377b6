import { option, type Declaration } from '../declare.js';

const load = () => import('./calendar.command.js');

export const show: Declaration = {
  path: 'calendar',
  help: '工作日历：节假日与调休上班日 the calendar of holidays and make-up working days (调休)',
  options: [option('--year <YYYY>', '年份 year (default this year)')],
  example: 'calendar --year 2026',
  rows: true,
  load: async () => (await load()).calendar,
};

export const set: Declaration = {
  path: 'calendar set',
  args: '<date> [type]',
  help: '本地调整某天：workday 上班 | holiday 放假 make a day a working day or a day off here',
  options: [option('--name <text>', '名称 name, e.g. 社区停水')],
  example: 'calendar set 2026-12-31 holiday --name 社区停水检修',
  load: async () => (await load()).calendarSet,
};

export const importFile: Declaration = {
  path: 'calendar import',
  args: '<file>',
  help: '导入新一年的节假日（.ics 日历或 日期,类型,名称 的 CSV） load a year published later (.ics, or a date,type,name CSV)',
  example: 'calendar import holidays-2027.ics',
  load: async () => (await load()).calendarImport,
};
