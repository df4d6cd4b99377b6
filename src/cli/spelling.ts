import { writeStep, type Spelling, type Step } from '../domain/next-step.js';
import { shellWord } from '../domain/shell.js';
import { loadedCommands } from './commands/index.js';
import { EXPORT_OPTIONS, flagOf, GLOBAL_FLAGS, keyOf, type Flag } from './declare.js';

/**
 * The options a command takes: its own, the export flags of a listing, then the global ones. A
 * command whose module is not loaded has none here: its flags are spelled from their keys, as
 * every declared flag is (test/cli/next-steps.test.ts).
 */
function optionsOf(command: string | undefined): readonly Flag[] {
  const declaration = loadedCommands().find((d) => d.path === command);
  return [...(declaration?.options ?? []), ...(declaration?.rows ? EXPORT_OPTIONS : []), ...GLOBAL_FLAGS];
}

/** The flag an option is typed with, or undefined if the command has no such option. */
export function flagFor(key: string, command?: string): string | undefined {
  const spec = optionsOf(command).find((o) => keyOf(flagOf(o)) === key);
  return spec && flagOf(spec);
}

const flag = (key: string, command?: string) =>
  flagFor(key, command) ?? `--${key.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)}`;

/**
 * Steps as the clerk types them: `hongwu fee rule set --per-m2 <元> --from 2026-01-01`, each option
 * by the flag its command declares (test/cli/next-steps.test.ts holds every step to a declared
 * command and option).
 */
export const CLI_SPELLING: Spelling = {
  zh: (s: Step) => `hongwu ${writeStep(s, 'zh', (key) => flag(key, s.command), shellWord)}`,
  en: (s: Step) => `hongwu ${writeStep(s, 'en', (key) => flag(key, s.command), shellWord)}`,
  flag,
};
