import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { parse } from 'csv-parse/sync';
import { beforeAll, describe, expect, it } from 'vitest';
import { BIN, ROOT, tempDir } from '../helpers/cli.js';

/**
 * The README is what a new clerk reads first (issue #13), so its examples must work as written.
 *
 * Every line of its `sh` and `crontab` blocks is run, in README order, by bash in one scratch
 * folder, through the real binary, and must exit 0: `hongwu` and `npx hongwu` run `bin/hongwu`;
 * a crontab line runs its command (the schedule dropped, `\%` read as `%`, as cron does); the
 * office's paths `/srv/…` and `/mnt/usb/…` are folders inside the scratch folder, and the default
 * database (`$XDG_DATA_HOME/hongwu/hongwu.db`) is the same file as the crontab's
 * `/srv/hongwu/hongwu.db`. `npm install` and `npm test` are not run here (CI runs `npm ci` and
 * `npm test` itself): a stand-in `npm` records them, and the test checks those are the only npm
 * commands the README gives. It also checks the README's size, its links and those of docs/.
 */
const README = path.join(ROOT, 'README.md');
const DOCS = path.join(ROOT, 'docs');
const NOW = '2026-12-07T10:00:00+08:00';

interface Block {
  lang: string;
  body: string;
}

function codeBlocks(markdown: string): Block[] {
  return [...markdown.matchAll(/^```(\S*)\n([\s\S]*?)^```$/gm)].map((m) => ({ lang: m[1]!, body: m[2]! }));
}

/** The shell command lines of a block: continuations joined, comments and crontab schedules dropped. */
function commandLines(block: Block): string[] {
  return block.body
    .replace(/\\\n\s*/g, ' ')
    .split('\n')
    .map((line) => line.replace(/\s+#\s.*$/, '').trim())
    .filter((line) => line !== '' && !line.startsWith('#'))
    .map((line) => (block.lang === 'crontab' ? line.replace(/^(\S+\s+){5}/, '').replace(/\\%/g, '%') : line));
}

/** GitHub's heading anchor: lower case, punctuation dropped, each space a hyphen. */
function slug(heading: string): string {
  return heading
    .trim()
    .toLowerCase()
    .replace(/[^\p{L}\p{M}\p{N}\s_-]/gu, '')
    .replace(/\s/g, '-');
}

function anchors(markdown: string): Set<string> {
  const prose = markdown.replace(/^```[\s\S]*?^```$/gm, '');
  return new Set([...prose.matchAll(/^#{1,6}\s+(.+)$/gm)].map((m) => slug(m[1]!)));
}

const readme = fs.readFileSync(README, 'utf8');
const blocks = codeBlocks(readme);
const lines = blocks.filter((b) => b.lang === 'sh' || b.lang === 'crontab').flatMap(commandLines);

describe('README.md', () => {
  it('stays short enough to read in five minutes (under 12 KB) and keeps its Quick start', () => {
    expect(Buffer.byteLength(readme)).toBeLessThan(12_000);
    expect(readme).toMatch(/^## Quick start$/m);
    expect(readme).toMatch(/^```sh\nnpm install && npx hongwu demo\nnpm test\n```$/m);
  });

  it('has only examples this test runs: every code block is sh or crontab', () => {
    expect(blocks.map((b) => b.lang).filter((lang) => lang !== 'sh' && lang !== 'crontab')).toEqual([]);
    expect(lines.filter((line) => /\bhongwu\b/.test(line)).length).toBeGreaterThanOrEqual(15);
  });

  it('links BENCHMARKS.md (kept at the top level) and every page of docs/', () => {
    expect(fs.existsSync(path.join(ROOT, 'BENCHMARKS.md'))).toBe(true);
    expect(readme).toContain('](BENCHMARKS.md)');
    for (const page of ['commands', 'report', 'schema', 'design', 'install', 'data-safety']) {
      expect(readme).toContain(`](docs/${page}.md)`);
    }
  });
});

describe('links of README.md and docs/', () => {
  const files = [
    README,
    ...fs
      .readdirSync(DOCS)
      .filter((f) => f.endsWith('.md'))
      .map((f) => path.join(DOCS, f)),
  ];
  it.each(files.map((f) => [path.relative(ROOT, f), f]))(
    '%s: every relative link reaches a file and a heading',
    (_name, file) => {
      const text = fs.readFileSync(file, 'utf8').replace(/^```[\s\S]*?^```$/gm, '');
      const broken: string[] = [];
      for (const [, target] of text.matchAll(/\]\(([^)\s]+)\)/g)) {
        if (/^[a-z]+:/.test(target!)) continue;
        const [file_, anchor] = target!.split('#') as [string, string | undefined];
        const to = file_ === '' ? file : path.resolve(path.dirname(file), file_);
        if (!fs.existsSync(to)) broken.push(target!);
        else if (anchor !== undefined && !anchors(fs.readFileSync(to, 'utf8')).has(decodeURIComponent(anchor)))
          broken.push(target!);
      }
      expect(broken).toEqual([]);
    },
  );
});

describe('the README examples, run as written', () => {
  let dir: string;
  let env: NodeJS.ProcessEnv;
  const npmCalls = () => fs.readFileSync(path.join(dir, 'npm-calls'), 'utf8').trim().split('\n');

  beforeAll(() => {
    dir = tempDir('hongwu-readme-');
    const bin = path.join(dir, 'bin');
    for (const folder of [bin, 'srv/backup', 'mnt/usb']) fs.mkdirSync(path.resolve(dir, folder), { recursive: true });
    const shim = (name: string, body: string) =>
      fs.writeFileSync(path.join(bin, name), `#!/bin/sh\n${body}\n`, { mode: 0o755 });
    shim('hongwu', `exec "${process.execPath}" "${BIN}" "$@"`);
    shim('npx', `[ "$1" = hongwu ] && shift\nexec "${process.execPath}" "${BIN}" "$@"`);
    shim('npm', `echo "$*" >> "${path.join(dir, 'npm-calls')}"`);
    env = {
      PATH: `${bin}${path.delimiter}${process.env.PATH}`,
      HOME: dir,
      XDG_DATA_HOME: path.join(dir, 'srv'),
      HONGWU_NOW: NOW,
      HONGWU_OPERATOR: '前台王芳',
    };
  });

  it.each(lines.map((line) => [line]))('%s', (line) => {
    const local = line.replace(/(^|[\s=])\/(srv|mnt\/usb)\//g, `$1${dir}/$2/`);
    const r = spawnSync('bash', ['-c', local], { cwd: dir, env, encoding: 'utf8', timeout: 60_000 });
    expect({ exit: r.status, stderr: r.status === 0 ? '' : r.stderr }).toEqual({ exit: 0, stderr: '' });
  });

  it('leaves what the README promises: the report files, a CSV for Excel, a checked backup', () => {
    expect(npmCalls()).toEqual(['install', 'test']);
    expect(fs.readFileSync(path.join(dir, '11月.md'), 'utf8')).toContain('蓝色港湾');
    expect(fs.readdirSync(path.join(dir, 'srv/hongwu/reports')).sort()).toEqual([
      'hongwu-lsgw-2026-11.csv',
      'hongwu-lsgw-2026-11.md',
    ]);
    const csv = fs.readFileSync(path.join(dir, '月报.csv'), 'utf8');
    expect(csv.startsWith('\uFEFF')).toBe(true);
    // `--labels --bom`: the CSV for people, Chinese headers and labels, opening in Excel as UTF-8.
    const demands = parse(fs.readFileSync(path.join(dir, '诉求.csv'), 'utf8'), { columns: true, bom: true }) as Record<
      string,
      string
    >[];
    // The morning at the desk's demand (rated after a return visit found no one), then the daily loop's: newest first.
    expect(demands.map((d) => [d['编号'], d['状态']])).toEqual([
      ['202612-0002', '已评价'],
      ['202612-0001', '已评价'],
    ]);
    expect(fs.readFileSync(path.join(dir, '积分流水.csv'), 'utf8').startsWith('\uFEFF')).toBe(true);
    expect(fs.readFileSync(path.join(dir, '今日待办.md'), 'utf8')).toContain('## 关爱走访到期');
    expect(fs.readdirSync(path.join(dir, 'srv/backup'))).toHaveLength(1);
    expect(fs.existsSync(path.join(dir, 'mnt/usb/hongwu-2026-12-07.db'))).toBe(true);
  });
});
