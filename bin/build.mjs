// Builds the program: minified CommonJS bundles for start-up speed. dist/hongwu.cjs holds every
// command; dist/desk.cjs the same program with only the commands a desk runs all day (DESK below),
// which bin/hongwu loads for those: every start reads its bundle and V8's cache of it, and the rest
// of the program was a third of both. The prompts (inquirer, with its encodings and editor support),
// pinyin's dictionary, pg and read-excel-file are bundles of their own, loaded on use. See
// BENCHMARKS.md for what each step saved.
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { promisify } from 'node:util';
import * as esbuild from 'esbuild';

fs.mkdirSync('dist', { recursive: true });

const version = process.env.npm_package_version ?? JSON.parse(fs.readFileSync('package.json', 'utf8')).version;
const common = {
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'cjs',
  minify: true,
  mainFields: ['module', 'main'],
  // better-sqlite3's JavaScript is bundled (ten small files resolved and compiled at every start
  // otherwise); its native addon stays in node_modules, found by `directAddon` below.
  external: ['bindings', 'better-sqlite3/package.json'],
  logLevel: 'warning',
  // import() becomes require(): the program runs from a vm.Script (see bin/hongwu), which has no ESM loader.
  supported: { 'dynamic-import': false },
};

/**
 * better-sqlite3 finds its addon through the `bindings` package, which tries a dozen paths and
 * loads a helper of its own; the addon is at one known place in an installed package. A bundled
 * `bindings` would look beside hongwu instead, so any other layout asks the real one, pointed at
 * better-sqlite3's folder.
 */
const directAddon = {
  name: 'direct-addon',
  setup(build) {
    build.onResolve({ filter: /^bindings$/ }, (args) =>
      args.importer.includes(`${path.sep}better-sqlite3${path.sep}`)
        ? { path: 'better-sqlite3-addon', namespace: 'hongwu' }
        : undefined,
    );
    build.onLoad({ filter: /^better-sqlite3-addon$/, namespace: 'hongwu' }, () => ({
      loader: 'js',
      // First where npm puts it beside this package (no resolution walk, no existence check);
      // wherever else it is, found the long way.
      contents: `
        const path = require('node:path');
        module.exports = (name) => {
          try {
            return require(path.join(__dirname, '..', 'node_modules', 'better-sqlite3', 'build', 'Release', name));
          } catch (e) {
            if (e.code !== 'MODULE_NOT_FOUND') throw e;
          }
          const root = path.dirname(require.resolve('better-sqlite3/package.json'));
          const addon = path.join(root, 'build', 'Release', name);
          if (require('node:fs').existsSync(addon)) return require(addon);
          return require('bindings')({ bindings: name, module_root: root });
        };`,
    }));
  },
};

/**
 * commander loads child_process (and with it net and streams) for executable sub-commands, which
 * hongwu has none of: it is required only if one is ever spawned.
 */
const lazyChildProcess = {
  name: 'lazy-child-process',
  setup(build) {
    build.onResolve({ filter: /^node:child_process$/ }, (args) =>
      args.importer.includes(`${path.sep}commander${path.sep}`)
        ? { path: 'lazy-child-process', namespace: 'hongwu' }
        : undefined,
    );
    build.onLoad({ filter: /^lazy-child-process$/, namespace: 'hongwu' }, () => ({
      loader: 'js',
      contents: `module.exports = { spawn: (...args) => require('node:child_process').spawn(...args) };`,
    }));
  },
};

/**
 * `@inquirer/prompts`, `pinyin-pro` (its dictionary: only commands that write residents need it),
 * `pg` (only a database on a PostgreSQL server needs it) and `read-excel-file` (only an import from a
 * spreadsheet) resolve to separate bundles, next to the program.
 */
const separatePrompts = {
  name: 'separate-prompts',
  setup(build) {
    build.onResolve({ filter: /^@inquirer\/prompts$/ }, () => ({ path: './prompts.cjs', external: true }));
    build.onResolve({ filter: /^pinyin-pro$/ }, () => ({ path: './pinyin.cjs', external: true }));
    build.onResolve({ filter: /^pg$/ }, () => ({ path: './pg.cjs', external: true }));
    build.onResolve({ filter: /^read-excel-file\/node$/ }, () => ({ path: './excel.cjs', external: true }));
  },
};

/**
 * The modules of the commands a desk runs all day (show, list, intake, points balance, report, today,
 * find, and the other commands declared beside them): dist/desk.cjs holds these alone. bin/hongwu
 * loads it for a command line whose command is one of theirs and for the version, dist/hongwu.cjs for
 * anything else (help, the other commands, a mistyped name, a flag it does not know).
 */
const DESK = ['demand.command', 'points.command', 'report.command', 'today.command', 'find.command'];

/** In dist/desk.cjs, another command's module is an error saying so: bin/hongwu never asks for one. */
const deskOnly = {
  name: 'desk-only',
  setup(build) {
    build.onResolve({ filter: /\.command\.js$/ }, (args) =>
      args.importer.endsWith(path.join('commands', 'index.ts')) && !DESK.includes(path.basename(args.path, '.js'))
        ? { path: path.basename(args.path, '.js'), namespace: 'not-on-desk' }
        : undefined,
    );
    build.onLoad({ filter: /.*/, namespace: 'not-on-desk' }, (args) => ({
      loader: 'js',
      contents: `throw new Error('${args.path} is not in dist/desk.cjs: bin/hongwu should have run dist/hongwu.cjs');`,
    }));
  },
};

/**
 * What `pg` loads that hongwu does not use, left out of an intake's start on a server:
 * - On loading, `pg` asks whether it runs in a Cloudflare Worker by making a `Response`, which in
 *   Node 20 loads undici (fetch and the web's classes: about 40 ms). hongwu runs in Node only: the
 *   question is answered no, and `pg` uses Node's sockets as it would anyway.
 * - `node:crypto` (5–10 ms) serves only a password's exchange (md5, SCRAM): `pg`'s crypto helpers are
 *   loaded when first called, so a server that trusts the connection (a local socket) never loads it.
 */
const pgInNode = {
  name: 'pg-in-node',
  setup(build) {
    build.onLoad({ filter: /[\\/]pg[\\/]lib[\\/]stream\.js$/ }, async (args) => {
      const source = await fs.promises.readFile(args.path, 'utf8');
      const asked = 'function isCloudflareRuntime() {';
      if (!source.includes(asked)) throw new Error(`${args.path} no longer holds "${asked}": see pgInNode`);
      return { loader: 'js', contents: source.replace(asked, `${asked}\n  return false;`) };
    });
    build.onResolve({ filter: /utils$/ }, (args) => {
      const file = path.resolve(args.resolveDir, `${args.path}.js`);
      if (args.namespace !== 'file' || !/[\\/]pg[\\/]lib[\\/]crypto[\\/]utils\.js$/.test(file)) return undefined;
      return { path: 'pg-crypto-on-use', namespace: 'hongwu', pluginData: file };
    });
    build.onLoad({ filter: /^pg-crypto-on-use$/, namespace: 'hongwu' }, (args) => ({
      loader: 'js',
      resolveDir: path.dirname(args.pluginData),
      contents: `
        let helpers;
        module.exports = new Proxy({}, { get: (_, name) => (helpers ??= require('./utils.js'))[name] });`,
    }));
  },
};

// The compiled-code cache of the previous bundle (see bin/hongwu) would be refused anyway, and what
// the previous program printed (see `writePrinted`) is no longer this one's.
for (const f of fs.readdirSync('dist', { withFileTypes: true }).filter((e) => e.name.includes('.v8cache')))
  fs.rmSync(`dist/${f.name}`);
fs.rmSync('dist/printed.json', { force: true });

/**
 * bin/hongwu names the command before the bundle is loaded (to pick the bundle and its compiled-code
 * cache), so it holds its own copy of the global flags, of those that take a value, of the command
 * groups and of the first words of the desk's commands: written here from the global flags
 * (src/cli/declare.ts) and the list of commands (commands/index.ts) whenever they differ.
 */
async function writeCommandWords() {
  const built = await esbuild.build({
    ...common,
    minify: false,
    stdin: {
      contents:
        "export { GLOBAL_FLAGS, VALUED_GLOBALS } from './src/cli/declare.ts'; export { COMMANDS } from " +
        "'./src/cli/commands/index.ts';",
      resolveDir: process.cwd(),
      loader: 'ts',
    },
    // The commands' modules are never loaded here: a loader only names its module.
    external: ['./*.command.js'],
    write: false,
  });
  const module = { exports: {} };
  const named = (file) => ({ module: path.basename(file, '.js') });
  new Function('module', 'exports', 'require', built.outputFiles[0].text)(module, module.exports, named);
  const { GLOBAL_FLAGS, VALUED_GLOBALS, COMMANDS } = module.exports;
  const commands = await Promise.all(COMMANDS.map(async ([path, load]) => [path.split(' '), (await load()).module]));
  const groups = [...new Set(commands.filter(([w]) => w.length > 1).map(([w]) => w[0]))];
  // A first word is the desk's when every command it starts is.
  const firsts = [...new Set(commands.map(([w]) => w[0]))];
  const desk = firsts.filter((first) => commands.every(([w, m]) => w[0] !== first || DESK.includes(m)));
  const flags = ['-V', '--version', ...GLOBAL_FLAGS.map((f) => `--${f.name}`)];
  // One line each, or wrapped to 120 columns (test/docs/line-length.test.ts).
  const set = (name, values) => {
    const words = values.map((v) => JSON.stringify(v));
    const one = `const ${name} = new Set([${words.join(', ')}]);`;
    if (one.length <= 120) return one;
    const lines = [];
    for (const word of words)
      if (lines.length && `${lines.at(-1)}, ${word},`.length <= 120) lines[lines.length - 1] += `, ${word}`;
      else lines.push(`  ${word}`);
    return `const ${name} = new Set([\n${lines.join(',\n')}\n]);`;
  };
  const bin = fs.readFileSync('bin/hongwu', 'utf8');
  const line = (name) => new RegExp(`^const ${name} = new Set\\(\\[[^\\]]*\\]\\);$`, 'm');
  const written = bin
    .replace(line('FLAGS'), set('FLAGS', flags))
    .replace(line('VALUED'), set('VALUED', [...VALUED_GLOBALS]))
    .replace(line('GROUPS'), set('GROUPS', groups))
    .replace(line('DESK'), set('DESK', desk));
  if (written !== bin) fs.writeFileSync('bin/hongwu', written);
}

/**
 * src/db/schema-version.ts counts the migrations, which means evaluating all of them; in the bundles
 * it is the number alone (`count`, counted here from src/db/migrations.ts), so that a command on an
 * up-to-date file loads no migration (src/db/migrator.ts loads them when one runs).
 */
const schemaVersionOnly = (count) => ({
  name: 'schema-version-only',
  setup(build) {
    build.onLoad({ filter: /[\\/]src[\\/]db[\\/]schema-version\.ts$/ }, () => ({
      loader: 'js',
      contents: `export const SCHEMA_VERSION = ${count};`,
    }));
  },
});

/** How many migrations src/db/migrations.ts lists. */
async function migrationCount() {
  const built = await esbuild.build({
    ...common,
    minify: false,
    stdin: {
      contents: "export { MIGRATIONS } from './src/db/migrations.ts';",
      resolveDir: process.cwd(),
      loader: 'ts',
    },
    write: false,
  });
  const module = { exports: {} };
  new Function('module', 'exports', 'require', built.outputFiles[0].text)(
    module,
    module.exports,
    createRequire(import.meta.url),
  );
  return module.exports.MIGRATIONS.length;
}
const migrations = await migrationCount();

/** The program's bundle from src/cli/main.ts: every command, or (`desk`) the desk's alone. */
const program = (outfile, desk) =>
  esbuild
    .build({
      ...common,
      entryPoints: ['src/cli/main.ts'],
      outfile,
      ...moduleFunction,
      define: { HONGWU_VERSION: JSON.stringify(version) },
      plugins: [
        separatePrompts,
        directAddon,
        lazyChildProcess,
        schemaVersionOnly(migrations),
        ...(desk ? [deskOnly] : []),
      ],
      metafile: process.argv.includes('--analyze'),
    })
    .then(async (r) => {
      if (r.metafile) console.log(await esbuild.analyzeMetafile(r.metafile));
      asciiOnly(outfile);
    });

/**
 * The file is the CommonJS module function itself, as Node's loader would wrap it: bin/hongwu
 * compiles it as read, without a second copy of the text to trigger a garbage collection.
 */
const moduleFunction = {
  banner: { js: '(function (exports, require, module, __filename, __dirname) {' },
  footer: { js: '})' },
};

/**
 * esbuild escapes non-ASCII text except in regular expressions; one such character would make V8
 * hold the whole bundle as two bytes a character, and bin/hongwu reads the file as Latin-1 (no UTF-8
 * decoding): it must be pure ASCII.
 */
function asciiOnly(outfile) {
  const nonAscii = /[^\x00-\x7f]/.exec(fs.readFileSync(outfile, 'utf8'));
  if (nonAscii)
    throw new Error(`${outfile} holds "${nonAscii[0]}": write it as a \\u escape in its regular expression`);
}

/**
 * What the program prints for `--version` and help, in each language: written to dist/printed.json,
 * which bin/hongwu prints for a command line of that one word without loading the program (a tenth
 * of the time). The program's own output, run here to a pipe, so help is wrapped as for a pipe or a
 * file (`wrapped`: bin/hongwu lets the program print help at a terminal, to the terminal's width).
 */
async function writePrinted() {
  const run = promisify(execFile);
  const words = ['--version', '-V', '--help', '-h', 'help'];
  const printed = { texts: [], wrapped: ['--help', '-h', 'help'] };
  for (const lang of ['zh', 'en']) {
    const env = { PATH: process.env.PATH, HONGWU_LANG: lang, HONGWU_NO_COMPILE_CACHE: '1' };
    const outputs = await Promise.all(words.map((word) => run(process.execPath, ['bin/hongwu', word], { env })));
    printed[lang] = {};
    outputs.forEach(({ stdout, stderr }, i) => {
      if (stderr !== '') throw new Error(`hongwu ${words[i]} wrote to stderr: ${stderr}`);
      if (!printed.texts.includes(stdout)) printed.texts.push(stdout);
      printed[lang][words[i]] = printed.texts.indexOf(stdout);
    });
  }
  fs.writeFileSync('dist/printed.json', JSON.stringify(printed));
}

await Promise.all([
  writeCommandWords(),
  program('dist/hongwu.cjs', false),
  program('dist/desk.cjs', true),
  esbuild.build({
    ...common,
    stdin: { contents: "export * from '@inquirer/prompts';", resolveDir: process.cwd(), loader: 'js' },
    outfile: 'dist/prompts.cjs',
  }),
  esbuild.build({
    ...common,
    stdin: { contents: "export * from 'pinyin-pro';", resolveDir: process.cwd(), loader: 'js' },
    outfile: 'dist/pinyin.cjs',
  }),
  esbuild
    .build({
      ...common,
      // pg's optional native binding and its Cloudflare socket are never used by hongwu.
      external: ['pg-native', 'pg-cloudflare'],
      plugins: [pgInNode],
      stdin: { contents: "module.exports = require('pg');", resolveDir: process.cwd(), loader: 'js' },
      outfile: 'dist/pg.cjs',
      // Compiled by bin/hongwu as the program is, with a compiled-code cache of its own (about 6% of
      // an intake on a server: BENCHMARKS.md).
      ...moduleFunction,
    })
    .then(() => asciiOnly('dist/pg.cjs')),
  esbuild.build({
    ...common,
    stdin: { contents: "export * from 'read-excel-file/node';", resolveDir: process.cwd(), loader: 'js' },
    outfile: 'dist/excel.cjs',
  }),
]);
await writePrinted();
