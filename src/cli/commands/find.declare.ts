import type { Declaration } from '../declare.js';

export const find: Declaration = {
  path: 'find',
  args: '<text>',
  help: '查找居民和诉求 find residents (name, pinyin, phone, address) and demands (number, words)',
  example: 'find zs',
  load: async () => (await import('./find.command.js')).find,
};
