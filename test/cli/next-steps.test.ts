import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { allCommands } from '../../src/cli/commands/index.js';
import { flagName } from '../../src/cli/options.js';
import { CLI_SPELLING, flagFor } from '../../src/cli/spelling.js';
import { bi, NotAllowedError } from '../../src/domain/errors.js';
import { step } from '../../src/domain/next-step.js';
import { ROOT } from '../helpers/cli.js';

const COMMANDS = await allCommands();

/**
 * Services and the domain speak in their own terms: a next step is a `step(command, args, options
 * by key)` the CLI writes as the clerk types it. No message there names a flag or spells a command,
 * and every step names a command and options the program declares.
 */
const SOURCES = ['src/services', 'src/domain'].flatMap((dir) =>
  fs
    .readdirSync(path.join(ROOT, dir))
    .filter((f) => f.endsWith('.ts'))
    .map((f) => ({ file: `${dir}/${f}`, text: fs.readFileSync(path.join(ROOT, dir, f), 'utf8') })),
);

/** The code without its comments (a comment may say `list --status overdue`). */
const code = (text: string) =>
  text
    .replace(/\/\*[\s\S]*?\*\//g, '')
    .split('\n')
    .map((line) => line.replace(/(^|\s)\/\/.*$/, ''))
    .join('\n');

const TOP_LEVEL = [...new Set(COMMANDS.map((d) => d.path.split(' ')[0]!))];

/** The text of each call of `name(` in `text`, up to its closing parenthesis. */
function calls(text: string, name: string): string[] {
  const found: string[] = [];
  for (const m of text.matchAll(new RegExp(`(?<![\\w.])${name}\\(`, 'g'))) {
    let depth = 0;
    for (let i = m.index + name.length; i < text.length; i++) {
      if (text[i] === '(') depth++;
      else if (text[i] === ')' && --depth === 0) {
        found.push(text.slice(m.index + name.length + 1, i));
        break;
      }
    }
  }
  return found;
}

describe('messages of services and the domain', () => {
  it('name no flag and spell no command', () => {
    const spelled = new RegExp(`--[a-z]|hongwu (${TOP_LEVEL.join('|')})\\b`);
    const offending = SOURCES.flatMap(({ file, text }) =>
      code(text)
        .split('\n')
        .map((line, i) => ({ where: `${file}:${i + 1}`, line: line.trim() }))
        .filter(({ line }) => spelled.test(line)),
    );
    expect(offending).toEqual([]);
  });

  it('point at commands and options the program declares', () => {
    const paths = new Set(COMMANDS.map((d) => d.path));
    const steps = SOURCES.flatMap(({ file, text }) => {
      // The name `step` is imported under (`command` where a topic has a step of its own).
      const imported = /import \{[^}]*\bstep(?: as (\w+))?\b[^}]*\} from '[./a-z]*next-step\.js'/.exec(text);
      if (!imported) return [];
      return calls(code(text), imported[1] ?? 'step')
        .map((call) => /^'([^']+)'/.exec(call))
        .filter((m): m is RegExpExecArray => m !== null)
        .map((m) => {
          const options = /\{([^{}]*)\}\s*$/.exec(m.input)?.[1] ?? '';
          return { file, command: m[1]!, keys: [...options.matchAll(/(?:^|,)\s*(\w+):/g)].map((k) => k[1]!) };
        });
    });
    expect(steps.length).toBeGreaterThan(40);
    for (const s of steps) {
      expect(paths.has(s.command), `${s.file}: ${s.command}`).toBe(true);
      for (const key of s.keys) {
        expect(flagFor(key, s.command) ?? 'no such option', `${s.file}: ${s.command} ${key}`).toMatch(/^--/);
        // Spelled from its key alone where the command's module is not loaded: the same flag.
        expect(flagFor(key, s.command), `${s.file}: ${s.command} ${key}`).toBe(flagName(key));
      }
    }
    const flags = SOURCES.flatMap(({ file, text }) =>
      [...code(text).matchAll(/\.flag\('(\w+)'(?:, '([^']+)')?\)/g)].map((m) => ({ file, key: m[1]!, command: m[2] })),
    );
    expect(flags.length).toBeGreaterThan(5);
    for (const f of flags) {
      if (f.command !== undefined) expect(paths.has(f.command), `${f.file}: ${f.command}`).toBe(true);
      expect(
        flagFor(f.key, f.command) ?? 'no such option',
        `${f.file}: ${f.key} of ${f.command ?? 'every command'}`,
      ).toMatch(/^--/);
      if (f.command !== undefined)
        expect(flagFor(f.key, f.command), `${f.file}: ${f.key} of ${f.command}`).toBe(flagName(f.key));
    }
  });
});

describe('the CLI writes a step as the clerk types it', () => {
  it('with the command, its arguments and the flags its declaration has', () => {
    const set = step('fee rule set', [], { perM2: bi('<元>', '<yuan>'), from: '2026-01-01' });
    expect(CLI_SPELLING.zh(set)).toBe('hongwu fee rule set --per-m2 <元> --from 2026-01-01');
    expect(CLI_SPELLING.en(set)).toBe('hongwu fee rule set --per-m2 <yuan> --from 2026-01-01');
    expect(CLI_SPELLING.zh(step('list', [], { status: 'all' }))).toBe('hongwu list --status all');
    expect(CLI_SPELLING.en(step('rate', ['202611-0001', bi('满意', 'satisfied')]))).toBe(
      'hongwu rate 202611-0001 satisfied',
    );
    expect(CLI_SPELLING.flag('community')).toBe('--community');
    expect(CLI_SPELLING.flag('advance', 'fee pay')).toBe('--advance');
  });

  it('in an error the CLI shows, while the domain keeps its own terms', () => {
    const e = new NotAllowedError(bi('没有', 'none'), (s) =>
      bi(`可用 ${s.zh(step('fee ledger'))} 查看`, `see \`${s.en(step('fee ledger'))}\``),
    );
    expect(e.spelledBy(CLI_SPELLING).hint).toEqual({
      zh: '可用 hongwu fee ledger 查看',
      en: 'see `hongwu fee ledger`',
    });
    expect(e.hint).toBe('see `fee ledger`');
  });
});
