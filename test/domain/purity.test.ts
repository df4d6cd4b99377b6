import fs from 'node:fs';
import { builtinModules } from 'node:module';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT } from '../helpers/cli.js';

/**
 * src/domain is pure: no Node module, no process, no file system (issue #13). The clock and the
 * zone are passed in; what needs the machine lives in src/platform, src/db or src/cli.
 */
const DOMAIN = path.join(ROOT, 'src', 'domain');
const NODE = new Set(builtinModules.flatMap((m) => [m, `node:${m}`]));
/** Machine-bound globals a rule must not reach for. */
const GLOBALS = /\b(process|Buffer|require|__dirname|__filename|setTimeout|setInterval|setImmediate)\b\s*[.([]/;

function sources(): { file: string; text: string }[] {
  return fs
    .readdirSync(DOMAIN, { recursive: true, encoding: 'utf8' })
    .filter((f) => f.endsWith('.ts'))
    .map((f) => ({ file: f, text: fs.readFileSync(path.join(DOMAIN, f), 'utf8') }));
}

/** The code without its comments and string contents (a comment may well say "process"). */
const code = (text: string) =>
  text
    .replace(/\/\*[\s\S]*?\*\//g, '')
    .replace(/\/\/.*$/gm, '')
    .replace(/(['"`])(?:\\.|(?!\1)[^\\])*\1/g, '""');

describe('src/domain', () => {
  it('imports only other domain files', () => {
    const outside = sources().flatMap(({ file, text }) =>
      [...text.matchAll(/(?:from|import)\s*\(?\s*['"]([^'"]+)['"]/g)]
        .map((m) => m[1]!)
        .filter((spec) => !spec.startsWith('./') || NODE.has(spec))
        .map((spec) => `${file}: ${spec}`),
    );
    expect(outside).toEqual([]);
  });

  it('touches no process, Buffer, require or timers', () => {
    const found = sources()
      .filter(({ text }) => GLOBALS.test(code(text)))
      .map(({ file, text }) => `${file}: ${GLOBALS.exec(code(text))![0]}`);
    expect(found).toEqual([]);
  });

  it('is checked by these tests (they would catch an import of node:fs or a read of process.env)', () => {
    expect(GLOBALS.test(code('const tz = process.env.TZ; // process'))).toBe(true);
    expect(GLOBALS.test(code("const s = 'process.env'; /* process.exit() */"))).toBe(false);
    expect(sources().length).toBeGreaterThan(10);
  });
});
