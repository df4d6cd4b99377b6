import { yes, type Declaration } from '../declare.js';

export const demo: Declaration = {
  path: 'demo',
  help: '生成演示数据库并展示上月情况（不动正式数据库） build a realistic demo database (./hongwu-demo.db or --db) and show last month',
  options: [yes()],
  example: 'demo --db /tmp/hongwu-demo.db --yes',
  exampleHelp: '例 Example:\n  hongwu demo && HONGWU_DB=hongwu-demo.db hongwu list --community 蓝色港湾',
  load: async () => (await import('./demo.command.js')).demo,
};
