import type { Command, Option } from 'commander';
import { bi, UsageError } from '../domain/errors.js';

/**
 * What the command line itself must not hold, checked before commander reads it (exit 2): words
 * that were not UTF-8, and a flag given twice, whose first value commander would silently drop.
 */
export function checkArguments(argv: readonly string[], command: Command): void {
  // Node reads bytes that are not UTF-8 as U+FFFD: stored, they would be lost for good.
  const garbled = argv.findIndex((a) => a.includes('\ufffd'));
  if (garbled >= 0) {
    throw new UsageError(
      bi(
        `第 ${garbled + 1} 个参数不是有效的 UTF-8 文字：${argv[garbled]}`,
        `argument ${garbled + 1} is not valid UTF-8 text: ${argv[garbled]}`,
      ),
      bi(
        '请把终端或脚本的编码设为 UTF-8 后重试；未作任何改动',
        'set the terminal or script encoding to UTF-8 and try again; nothing was changed',
      ),
    );
  }
  const options: Option[] = [];
  for (let c: Command | null = command; c; c = c.parent) options.push(...c.options);
  const seen = new Set<Option>();
  for (let i = 0; i < argv.length && argv[i] !== '--'; i++) {
    const word = argv[i]!;
    const option = options.find((o) =>
      [o.long, o.short].some((name) => name && (word === name || word.startsWith(`${name}=`))),
    );
    if (!option || !(option.required || option.optional)) continue;
    if (!word.includes('=')) i++;
    // A repeatable flag (`--tag a --tag b`) gathers its values through its own parser.
    if (seen.has(option) && !option.parseArg) {
      throw new UsageError(
        bi(`选项 ${option.long} 给了两次`, `the flag ${option.long} is given twice`),
        bi('每个选项只给一次，请删去多余的一个', 'give each flag once: drop one of them'),
      );
    }
    seen.add(option);
  }
}
