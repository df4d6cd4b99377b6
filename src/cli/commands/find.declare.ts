import { option, type Declaration } from '../declare.js';

export const find: Declaration = {
  path: 'find',
  args: '<text>',
  help: '查找居民和诉求 find residents (name, pinyin, phone, address) and demands (number, words)',
  options: [option('--all', '按字词查找全部诉求，不只最近 20,000 条（较慢） words among every demand, not the latest 20,000 (slower)')],
  example: 'find zs',
  load: async () => (await import('./find.command.js')).find,
};
