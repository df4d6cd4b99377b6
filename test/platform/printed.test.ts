import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { displayWidth } from '../../src/platform/table.js';
import { BIN, ROOT } from '../helpers/cli.js';
import { installCopy } from '../helpers/install.js';
import { inTerminal } from '../helpers/terminal.js';

// `--version` and help printed by bin/hongwu from dist/printed.json, which the build writes from the
// program's own output, without loading the program.

const WORDS = ['--version', '-V', '--help', '-h', 'help'];
const run = (bin: string, args: string[], env: Record<string, string | undefined> = {}) =>
  spawnSync(process.execPath, [bin, ...args], {
    env: { PATH: process.env.PATH, ...env } as NodeJS.ProcessEnv,
    encoding: 'utf8',
  });
const printed = () => JSON.parse(fs.readFileSync(path.join(ROOT, 'dist', 'printed.json'), 'utf8'));

describe('help and the version printed without loading the program', () => {
  it('are byte for byte what the program prints, in both languages', () => {
    const program = installCopy();
    for (const HONGWU_LANG of [undefined, 'en', 'zh', 'EN'])
      for (const word of WORDS) {
        const fast = run(BIN, [word], { HONGWU_LANG });
        const slow = run(program.bin, [word], { HONGWU_LANG });
        expect([fast.status, fast.stdout, fast.stderr]).toEqual([0, slow.stdout, '']);
        expect(slow.status).toBe(0);
      }
    expect(run(BIN, ['--version']).stdout).toBe(`${JSON.parse(fs.readFileSync('package.json', 'utf8')).version}\n`);
    expect(run(BIN, ['--help']).stdout).toMatch(/^Usage: hongwu \[options\] \[command\]\n[\s\S]*\n {2}report /);
  });

  it('come from dist/printed.json alone: the program is not loaded', () => {
    const { bin, dist } = installCopy(['printed.json']);
    for (const bundle of ['hongwu.cjs', 'desk.cjs']) fs.rmSync(path.join(dist, bundle));
    for (const word of WORDS) expect(run(bin, [word], { HONGWU_LANG: 'en' })).toMatchObject({ status: 0, stderr: '' });
    expect(run(bin, ['--help']).stdout).toBe(printed().texts[printed().zh['--help']]);
    // Nothing compiled, so no compiled-code cache either.
    expect(fs.readdirSync(dist)).toEqual(['printed.json']);
  });

  it('leave every other command line to the program', () => {
    const { bin, dist } = installCopy(['printed.json']);
    const doctored = { ...printed(), texts: printed().texts.map(() => 'from printed.json\n') };
    fs.writeFileSync(path.join(dist, 'printed.json'), JSON.stringify(doctored));
    expect(run(bin, ['-V']).stdout).toBe('from printed.json\n');
    for (const args of [
      ['--lang', 'en', '--help'],
      ['help', 'list'],
      ['--version', '--json'],
      ['list', '--help'],
    ]) {
      const r = run(bin, args);
      expect([r.status, r.stdout]).toEqual([0, expect.not.stringContaining('from printed.json')]);
    }
    // Without the file (an older build, a damaged one), the program prints them.
    fs.writeFileSync(path.join(dist, 'printed.json'), '{"texts":');
    expect(run(bin, ['--version'])).toMatchObject({ status: 0, stdout: run(BIN, ['--version']).stdout, stderr: '' });
  });

  it('at a terminal: the version printed, help wrapped by the program to the terminal', () => {
    const version = inTerminal(['--version'], {}, [], { columns: 60 });
    expect([version.code, version.output]).toEqual([0, `${run(BIN, ['-V']).stdout.trim()}\r\n`]);
    const help = inTerminal(['--help'], {}, [], { columns: 60 });
    const lines = help.output.split('\r\n');
    expect(help.code).toBe(0);
    expect(lines.length).toBeGreaterThan(printed().texts[printed().zh['--help']].split('\n').length);
    expect(Math.max(...lines.map(displayWidth))).toBeLessThanOrEqual(60);
  });
});
