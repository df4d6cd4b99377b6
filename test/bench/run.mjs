#!/usr/bin/env node
// `npm run bench` (SPEC §8): builds the bench databases through the bulk path, times whole
// processes against baselines measured in the same run, and writes the figures into BENCHMARKS.md.
// Env: BENCH_RUNS (runs per figure, default 15), BENCH_REUSE=1 (keep an existing big database).
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import * as esbuild from 'esbuild';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const DATA = path.join(ROOT, 'bench-data');
const BIN = path.join(ROOT, 'bin', 'hongwu');
const RUNS = Number(process.env.BENCH_RUNS ?? 15);
const NOW = '2026-11-26T10:00:00+08:00';
const require = createRequire(import.meta.url);
const Database = require('better-sqlite3');

const log = (text) => process.stderr.write(`${text}\n`);
fs.mkdirSync(DATA, { recursive: true });

/** Runs a whole process `RUNS` times (after two warm-ups) and returns the median wall time in ms. */
function measure(command, args, env = {}, options = {}) {
  const times = [];
  for (let i = 0; i < RUNS + 2; i++) {
    const start = process.hrtime.bigint();
    const r = spawnSync(command, args, {
      env: { PATH: process.env.PATH, HOME: os.tmpdir(), HONGWU_NOW: NOW, HONGWU_OPERATOR: 'bench', ...env },
      // stdin is piped only when there is input to give (the sqlite3 shell reads its statements there).
      stdio: [options.input === undefined ? 'ignore' : 'pipe', 'ignore', 'pipe'],
      input: options.input,
      encoding: 'utf8',
    });
    const ms = Number(process.hrtime.bigint() - start) / 1e6;
    if (r.status !== 0) throw new Error(`${command} ${args.join(' ')} failed (${r.status}): ${r.stderr}`);
    if (i >= 2) times.push(ms);
  }
  times.sort((a, b) => a - b);
  return times[Math.floor(times.length / 2)];
}

function sqlite3Available() {
  if (!spawnSync('sqlite3', ['-version']).error) return true;
  log('sqlite3 is missing: installing it (apt-get install -y sqlite3)');
  spawnSync('apt-get', ['install', '-y', 'sqlite3'], { stdio: 'ignore' });
  return !spawnSync('sqlite3', ['-version']).error;
}

/** The generator is TypeScript: bundle it once, like the program. */
async function generate(file, size) {
  const out = path.join(DATA, 'generate.mjs');
  await esbuild.build({
    entryPoints: [path.join(ROOT, 'test', 'bench', 'generate.ts')],
    bundle: true, platform: 'node', target: 'node20', format: 'esm', outfile: out,
    external: ['better-sqlite3'], mainFields: ['module', 'main'], logLevel: 'warning',
    banner: { js: "import { createRequire as __cr } from 'node:module'; const require = __cr(import.meta.url);" },
  });
  const r = spawnSync(process.execPath, [out, file, size], { env: { ...process.env, HONGWU_NOW: NOW }, stdio: ['ignore', 'pipe', 'inherit'], encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`generating ${file} failed`);
  return JSON.parse(r.stdout);
}

/** UTC bounds of a month in Asia/Shanghai (the bench databases use the default zone). */
function monthBounds(month) {
  const [y, m] = month.split('-').map(Number);
  const at = (yy, mm) => new Date(Date.UTC(yy, mm - 1, 1) - 8 * 3600_000).toISOString();
  return { start: at(y, m), end: at(y, m + 1) };
}

const ms = (n) => `${Math.round(n)} ms`;
const ratio = (a, b) => `${(a / b).toFixed(2)}×`;
const verdict = (ok) => (ok ? 'met' : '**missed**');

const rows = [];
const notes = [];

// 1. The data, through the bulk path.
const small = path.join(DATA, 'small.db');
const big = path.join(DATA, 'big.db');
log('building the small database (the demo)…');
const smallInfo = await generate(small, 'small');
let bigInfo;
if (process.env.BENCH_REUSE === '1' && fs.existsSync(big)) {
  log('reusing bench-data/big.db');
  const db = new Database(big, { readonly: true });
  bigInfo = { demands: db.prepare('SELECT count(*) FROM demands').pluck().get(), events: db.prepare('SELECT count(*) FROM demand_events').pluck().get(), lastMonth: '2026-10', reused: true };
  db.close();
} else {
  log('building the big database: 1,000,000 demands, 22 communities, 10 years…');
  bigInfo = await generate(big, 'big');
}

// 2. Start-up on the small database.
log(`timing start-up (${RUNS} runs each)…`);
const envSmall = { HONGWU_DB: small, HONGWU_COMMUNITY: 'lsgw' };
const sdb = new Database(small, { readonly: true });
const number = sdb.prepare("SELECT number FROM demands WHERE community_id = 1 ORDER BY id DESC LIMIT 1").pluck().get();
sdb.close();
const node0 = measure(process.execPath, ['-e', '0']);
rows.push(['`node -e 0` (baseline)', ms(node0), '1.00×', '', '']);
for (const [label, args, env] of [
  ['`show`', ['show', number], {}],
  ['`list`', ['list'], {}],
  ['`intake`', ['intake', '路灯不亮', '--channel', 'phone', '--category', 'repair'], {}],
  ['`show` without the compile cache', ['show', number], { HONGWU_NO_COMPILE_CACHE: '1' }],
]) {
  const t = measure(process.execPath, [BIN, ...args], { ...envSmall, ...env });
  const primary = !label.includes('without');
  rows.push([label, ms(t), ratio(t, node0), primary ? '≤ 2×' : '', primary ? verdict(t <= 2 * node0) : '']);
}

// 3. The big database.
log('timing the big database…');
const envBig = { HONGWU_DB: big, HONGWU_COMMUNITY: 'lsgw' };
const overdue = measure(process.execPath, [BIN, 'list', '--status', 'overdue'], envBig);
rows.push(['`list --status overdue` (1M demands)', ms(overdue), ratio(overdue, node0), '< 500 ms', verdict(overdue < 500)]);

const month = bigInfo.lastMonth;
// `report --help` would print the general help for an unknown command: look for it in the list.
const hasReport = /^\s+report\b/m.test(spawnSync(process.execPath, [BIN, '--help'], { encoding: 'utf8' }).stdout);
if (!hasReport) {
  notes.push('`report` does not exist in this build yet: its figures were skipped.');
  log('skipping report: `hongwu report` does not exist in this build yet');
} else if (!sqlite3Available()) {
  notes.push('`sqlite3` is not installed and could not be installed: the report baseline was skipped.');
} else {
  const { start, end } = monthBounds(month);
  const lastYear = monthBounds(`${Number(month.slice(0, 4)) - 1}${month.slice(4)}`);
  const sql =
    `.parameter set @community 1\n.parameter set @start "'${start}'"\n.parameter set @end "'${end}'"\n` +
    `.parameter set @start_ly "'${lastYear.start}'"\n.parameter set @end_ly "'${lastYear.end}'"\n` +
    fs.readFileSync(path.join(ROOT, 'test', 'bench', 'report.sql'), 'utf8');
  const shell = measure('sqlite3', [big], {}, { input: sql });
  const report = measure(process.execPath, [BIN, 'report', '--month', month, '--format', 'json'], envBig);
  rows.push(['`sqlite3` shell, the same aggregation (baseline)', ms(shell), '', '', '']);
  rows.push([`\`report --month ${month}\` (1M demands)`, ms(report), `${ratio(report, shell)} of sqlite3`, '≤ 3× and < 1 s', verdict(report <= 3 * shell && report < 1000)]);
}

// 4. BENCHMARKS.md
const cpus = os.cpus();
const sqliteVersion = spawnSync('sqlite3', ['-version'], { encoding: 'utf8' }).stdout?.split(' ')[0] ?? 'not installed';
const table = [
  '| what | median | ratio | target | |',
  '|---|---|---|---|---|',
  ...rows.map((r) => `| ${r.join(' | ')} |`),
].join('\n');
const section = `<!-- bench:start (written by npm run bench) -->
Measured ${new Date().toISOString().slice(0, 16).replace('T', ' ')} UTC on ${cpus[0]?.model.trim()} × ${cpus.length} cores,
${Math.round(os.totalmem() / 2 ** 30)} GB, ${os.type()} ${os.release()}, Node ${process.version}, SQLite shell ${sqliteVersion};
load average at the start ${os.loadavg()[0].toFixed(1)}. Medians of ${RUNS} runs of whole processes after two warm-ups.

Bulk path: the big database (${bigInfo.demands.toLocaleString('en')} demands, ${bigInfo.events.toLocaleString('en')} events,
22 communities, 120 months) ${bigInfo.reused ? 'was reused from an earlier run' : `was built in ${bigInfo.seconds.toFixed(1)} s: **${bigInfo.demandsPerSecond.toLocaleString('en')} demands/s** with their events (target ≥ 100,000/s)`};
the demo (${smallInfo.demands.toLocaleString('en')} demands) in ${smallInfo.seconds.toFixed(2)} s.

${table}
${notes.map((n) => `\n${n}`).join('')}
<!-- bench:end -->`;
const file = path.join(ROOT, 'BENCHMARKS.md');
const current = fs.existsSync(file) ? fs.readFileSync(file, 'utf8') : '# Benchmarks\n\n<!-- bench:start -->\n<!-- bench:end -->\n';
fs.writeFileSync(file, current.replace(/<!-- bench:start[\s\S]*?<!-- bench:end -->/, section));
process.stdout.write(`${section}\n`);
