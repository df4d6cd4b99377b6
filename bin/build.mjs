// Builds the program: one minified CommonJS bundle (dist/hongwu.cjs) for start-up speed, and the
// prompts (inquirer, with its encodings and editor support: most of the size) in a bundle of their
// own that only a prompt on a terminal loads. See BENCHMARKS.md for what each step saved.
import fs from 'node:fs';
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
  external: ['better-sqlite3'],
  logLevel: 'warning',
  // import() becomes require(): the program runs from a vm.Script (see bin/hongwu), which has no ESM loader.
  supported: { 'dynamic-import': false },
};

/** `@inquirer/prompts` resolves to the separate bundle, next to the program. */
const separatePrompts = {
  name: 'separate-prompts',
  setup(build) {
    build.onResolve({ filter: /^@inquirer\/prompts$/ }, () => ({ path: './prompts.cjs', external: true }));
  },
};

// The compiled-code cache of the previous bundle (see bin/hongwu) would be refused anyway.
for (const f of fs.readdirSync('dist', { withFileTypes: true }).filter((e) => e.name.includes('.v8cache'))) fs.rmSync(`dist/${f.name}`);

await Promise.all([
  esbuild.build({
    ...common,
    entryPoints: ['src/cli/main.ts'],
    outfile: 'dist/hongwu.cjs',
    define: { HONGWU_VERSION: JSON.stringify(version) },
    plugins: [separatePrompts],
    metafile: process.argv.includes('--analyze'),
  }).then(async (r) => {
    if (r.metafile) console.log(await esbuild.analyzeMetafile(r.metafile));
  }),
  esbuild.build({
    ...common,
    stdin: { contents: "export * from '@inquirer/prompts';", resolveDir: process.cwd(), loader: 'js' },
    outfile: 'dist/prompts.cjs',
  }),
]);
