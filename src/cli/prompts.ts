import { label, type Labels } from '../domain/codes.js';
import { bi, inLang, UsageError, type Bilingual } from '../domain/errors.js';
import { halfWidth } from '../domain/half-width.js';
import type { Cli } from './context.js';
import { flagName } from './options.js';

/** One piece of input a command can ask for when it is missing: a flag, or a `<positional>` argument. */
export type Ask = { key: string; message: string; positional?: boolean } & (
  | { type: 'text'; validate?: (value: string) => true | string; default?: string }
  | { type: 'code'; list: { labels: Labels; codes: string[] }; default?: string }
  | { type: 'search'; source: (term: string) => Promise<Choice[]> }
);

/** The question for a flag's text (`--note`), asked when it is missing. */
export const askText = (cli: Cli, key: string, message: Bilingual): Ask => ({
  key,
  type: 'text',
  message: inLang(message, cli.lang),
});

/** The question for an argument that takes a code (`[rating]`): a list to pick from. */
export const askCode = (cli: Cli, key: string, list: { labels: Labels; codes: string[] }, message: Bilingual): Ask => ({
  key,
  positional: true,
  type: 'code',
  list,
  message: inLang(message, cli.lang),
});

/** A row of a search prompt; `short` is how the answer is named once chosen (else `name`). */
export type Choice = { name: string; value: string; short?: string };

/**
 * Fills missing required input. On a terminal it asks (select lists for codes, search for
 * residents and teams), drawing on stderr so that stdout stays clean; without one it never waits:
 * it fails at once naming every missing flag (exit 2).
 */
export async function askMissing(
  cli: Cli,
  values: Record<string, unknown>,
  asks: readonly Ask[],
  /** Checks what was given (the demand exists, may take the step) before the clerk answers anything. */
  first?: () => Promise<void>,
): Promise<void> {
  const missing = asks.filter((a) => values[a.key] === undefined || values[a.key] === '');
  if (missing.length === 0) return;
  if (cli.interactive) await first?.();
  if (!cli.interactive) {
    const names = missing.map((a) => (a.positional ? `<${a.key}>` : flagName(a.key))).join(', ');
    throw new UsageError(
      bi(`缺少 ${names}`, `missing ${names}`),
      bi(
        '请在命令行中给出（在终端里运行时 hongwu 会逐项询问）',
        'pass them on the command line (in a terminal hongwu asks for them)',
      ),
    );
  }
  const prompts = await import('@inquirer/prompts');
  const context = { output: process.stderr, clearPromptOnDone: false };
  const theme = {
    style: {
      keysHelpTip: (keys: [string, string][]) => keysHelp(cli, keys),
      error: (text: string) =>
        cli.color.red(`> ${text === 'No results found' ? inLang(bi('没有相符的选项', text), cli.lang) : text}`),
    },
  };
  for (const a of missing) {
    if (a.type === 'text') {
      const check = a.validate;
      values[a.key] = await prompts.input(
        {
          message: a.message,
          default: a.default,
          validate: (v) =>
            v.trim() === '' ? inLang(bi('请填写', 'Please enter a value'), cli.lang) : (check?.(v) ?? true),
        },
        context,
      );
    } else {
      values[a.key] = await searchAnswer(a);
    }
  }

  /**
   * The answer of a search prompt. Codes are a list to pick from that narrows as the clerk types
   * (维修 → 设施维修 repair), in either language or by code, the default first.
   */
  async function searchAnswer(a: Exclude<Ask, { type: 'text' }>): Promise<string> {
    const find = a.type === 'code' ? codeSource(a.list, a.default, cli.lang) : a.source;
    for (;;) {
      // Enter pressed while the results for the last keys are still loading (a paste, typing
      // ahead) selects from the previous list; the answer is then the first of the results for
      // what was typed, as a moment's wait would have given.
      let latest: Promise<Choice[]> = Promise.resolve([]);
      let typed = '';
      const source = (term: string | undefined) => (latest = find((typed = term ?? '')));
      const chosen = await prompts.search({ message: a.message, source, theme, pageSize: 12 }, context);
      const fresh = await latest;
      if (fresh.length === 0 && a.type === 'code') {
        // A code list can come up empty (the other searches offer what was typed): a paste of
        // something that is no code must not take the stale first row. Ask again.
        cli.io.stderr(
          inLang(
            bi(`  没有与“${typed}”相符的选项，请重选\n`, `  nothing matches "${typed}"; choose again\n`),
            cli.lang,
          ),
        );
        continue;
      }
      if (fresh.length === 0 || fresh.some((c) => c.value === chosen)) return chosen;
      // The prompt's last line still shows the stale row: say which one is taken.
      const taken = fresh[0]!.short ?? fresh[0]!.name;
      cli.io.stderr(inLang(bi(`  按输入选中：${taken}\n`, `  taken, as typed: ${taken}\n`), cli.lang));
      return fresh[0]!.value;
    }
  }
}

/** The rows of a code prompt for what was typed: every code whose label (中文 or English) or code holds it; the default
 * first. */
function codeSource(list: { labels: Labels; codes: string[] }, first: string | undefined, lang: 'zh' | 'en') {
  const rows = [...list.codes]
    .sort((x, y) => Number(y === first) - Number(x === first))
    .map((c) => {
      // The default is marked: Enter on the list as it opens takes it.
      const name = `${label(list, c, lang)}  ${c}${c === first ? inLang(bi('（默认）', ' (default)'), lang) : ''}`;
      // The row's own text too: Tab copies it into the search box.
      return {
        name,
        value: c,
        short: label(list, c, lang),
        words: `${name} ${label(list, c, 'zh')} ${label(list, c, 'en')}`.toLowerCase(),
      };
    });
  return async (typed: string) => {
    const term = halfWidth(typed).trim().toLowerCase();
    return rows.filter((r) => r.words.includes(term)).map(({ name, value, short }) => ({ name, value, short }));
  };
}

/** The key hints under a select list (inquirer writes them in English), in the clerk's language. */
const KEY_ACTIONS: Record<string, Bilingual> = { navigate: bi('移动', 'navigate'), select: bi('选择', 'select') };
function keysHelp(cli: Cli, keys: [string, string][]): string {
  const action = (name: string) => inLang(KEY_ACTIONS[name] ?? name, cli.lang);
  return keys.map(([key, name]) => `${cli.color.bold(key)} ${cli.color.dim(action(name))}`).join(cli.color.dim(' • '));
}

/** Which community a command acts on, when the file has several and none was chosen (SPEC §12). */
export async function askCommunity<C extends { name: string; code: string }>(cli: Cli, all: readonly C[]): Promise<C> {
  const prompts = await import('@inquirer/prompts');
  const choices = all.map((c) => ({ name: c.code === c.name ? c.name : `${c.name} (${c.code})`, value: c }));
  const message =
    cli.lang === 'zh'
      ? '哪个社区？（可用 --community 或 HONGWU_COMMUNITY 免去此问）'
      : 'Which community? (--community or HONGWU_COMMUNITY skips this question)';
  return prompts.select(
    { message, choices, theme: { style: { keysHelpTip: (keys: [string, string][]) => keysHelp(cli, keys) } } },
    { output: process.stderr, clearPromptOnDone: false },
  );
}

/**
 * Consent for a destructive step: `--yes` gives it; on a terminal the clerk is asked; otherwise
 * it is refused (the caller says to add --yes).
 */
export async function confirmed(cli: Cli, yes: boolean | undefined, message: string): Promise<boolean> {
  if (yes) return true;
  if (!cli.interactive) return false;
  const prompts = await import('@inquirer/prompts');
  return prompts.confirm({ message, default: false }, { output: process.stderr, clearPromptOnDone: false });
}
