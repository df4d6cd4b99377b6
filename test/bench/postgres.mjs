// The PostgreSQL part of `npm run bench` (SPEC §16, issue #22): the 1M-demand database copied onto
// a local server with `hongwu copy`, then the same commands timed on the file and on the server in
// one run, taking turns with `node -e 0`. Alone: `BENCH_ONLY=pg npm run bench` (with BENCH_REUSE=1
// it takes bench-data/big.db as it is). BENCH_PG_URL=postgres://… times a database copied before
// (no server started, no copy made); BENCH_PG_KEEP=1 leaves the server running and says where.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import * as esbuild from 'esbuild';

const require = createRequire(import.meta.url);

/** The tests' server helper (TypeScript), bundled as the data generator is. */
async function serverHelper(root, data) {
  const out = path.join(data, 'pg-server.mjs');
  await esbuild.build({
    entryPoints: [path.join(root, 'test', 'helpers', 'pg-server.ts')],
    bundle: true,
    platform: 'node',
    target: 'node20',
    format: 'esm',
    outfile: out,
    logLevel: 'warning',
  });
  return import(out);
}

/** The median time of `SELECT 1` on a fresh connection's later queries: the server's round trip in ms. */
async function roundTrip(url, runs) {
  const pg = require('pg');
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  const times = [];
  for (let i = 0; i < runs + 5; i++) {
    const start = process.hrtime.bigint();
    await client.query('SELECT 1');
    if (i >= 5) times.push(Number(process.hrtime.bigint() - start) / 1e6);
  }
  await client.end();
  return times.sort((a, b) => a - b)[Math.floor(times.length / 2)];
}

/**
 * The round trips one command makes to the server: the statements HONGWU_SQL_LOG writes (every one
 * the connection sends, with a `-- <ms> ms` line each: the connection's first, BEGIN with the write
 * lock, COMMIT), plus the connection's start (one round trip with trust or a password already known).
 */
function roundTripsOf(bin, args, env, data) {
  const file = path.join(data, 'pg-sql.log');
  fs.rmSync(file, { force: true });
  const r = spawnSync(process.execPath, [bin, ...args], {
    env: { ...env, HONGWU_SQL_LOG: file },
    stdio: ['ignore', 'ignore', 'pipe'],
    encoding: 'utf8',
  });
  if (r.status !== 0) throw new Error(`${args.join(' ')} failed (${r.status}): ${r.stderr}`);
  const logged = fs
    .readFileSync(file, 'utf8')
    .split('\n')
    .filter((line) => /^-- (failed after )?[\d.]+ ms$/.test(line)).length;
  return { logged, total: logged + 1 };
}

/**
 * Runs the comparison and returns BENCHMARKS.md's "PostgreSQL" section. `h` brings run.mjs's
 * helpers: measureTogether, hongwuEnv, the minimal environment, log, and ms/verdict formatting.
 */
export async function benchPostgres({ root, data, bin, big, month, h }) {
  const load = () => os.loadavg()[0].toFixed(1);
  const loadBefore = load();
  let url = process.env.BENCH_PG_URL;
  let server;
  let copyLine = `The database was copied before this run (BENCH_PG_URL); no copy timed.`;
  if (!url) {
    const { startPgServer } = await serverHelper(root, data);
    server = await startPgServer();
    url = `${server.base}/hongwu_bench`;
    const pg = require('pg');
    const admin = new pg.Client({ connectionString: `${server.base}/postgres` });
    await admin.connect();
    await admin.query('CREATE DATABASE hongwu_bench');
    await admin.end();
    h.log(`copying ${big} onto ${url} with hongwu copy…`);
    const start = process.hrtime.bigint();
    const r = spawnSync(process.execPath, [bin, 'copy', big, url, '--json'], {
      env: h.hongwuEnv(h.minimal, {}),
      stdio: ['ignore', 'pipe', 'pipe'],
      encoding: 'utf8',
      maxBuffer: 2 ** 24,
    });
    const seconds = Number(process.hrtime.bigint() - start) / 1e9;
    if (r.status !== 0) throw new Error(`hongwu copy failed (${r.status}): ${r.stderr}`);
    const { rows, tables } = JSON.parse(r.stdout);
    copyLine =
      `\`hongwu copy\` of the file onto the server: ${rows.toLocaleString('en')} rows ` +
      `(${tables.demands.toLocaleString('en')} demands, ${tables.demand_events.toLocaleString('en')} events) in ` +
      `${seconds.toFixed(0)} s: ${Math.round(rows / seconds).toLocaleString('en')} rows/s, one transaction.`;
  }
  try {
    const onFile = { HONGWU_DB: big, HONGWU_COMMUNITY: 'lsgw' };
    const onServer = { HONGWU_DB: url, HONGWU_COMMUNITY: 'lsgw' };
    const intake = ['intake', '路灯不亮', '--channel', 'phone', '--category', 'repair'];
    const commands = [
      [`\`report --month ${month}\``, ['report', '--month', month]],
      [`\`report --month ${month} --community all\``, ['report', '--month', month, '--community', 'all']],
      ['`list --status overdue`', ['list', '--status', 'overdue']],
      ['`intake`', intake],
    ];
    // Both databases brought to the program's schema first (the copy keeps the file's version).
    for (const env of [onFile, onServer]) roundTripsOf(bin, ['community', 'list'], h.hongwuEnv(h.minimal, env), data);
    h.log('timing the file and the server side by side…');
    const run = (env) => (args) => ({
      command: process.execPath,
      args: [bin, ...args],
      env: h.hongwuEnv(h.minimal, env),
    });
    const [node0, ...times] = h.measureTogether([
      { command: process.execPath, args: ['-e', '0'], env: h.hongwuEnv(h.minimal, {}) },
      ...commands.flatMap(([, args]) => [run(onFile)(args), run(onServer)(args)]),
    ]);
    const rtt = await roundTrip(url, 50);
    const trips = roundTripsOf(bin, intake, h.hongwuEnv(h.minimal, onServer), data);
    const lines = commands.map(([label, args], k) => {
      const [file, server] = [times[2 * k], times[2 * k + 1]];
      let target = '';
      if (args[0] === 'report') target = `≤ 3× the file's: ${h.verdict(server <= 3 * file)}`;
      if (args[0] === 'intake') {
        const limit = 1.5 * node0 + trips.total * rtt;
        target =
          `≤ 1.5 × node -e 0 + ${trips.total} round trips × ${rtt.toFixed(2)} ms = ${h.ms(limit)}: ` +
          h.verdict(server <= limit);
      }
      return `| ${label} | ${h.ms(file)} | ${h.ms(server)} | ${(server / file).toFixed(2)}× | ${target} |`;
    });
    return [
      '<!-- bench-pg:start (written by npm run bench, or BENCH_ONLY=pg) -->',
      `Measured ${new Date().toISOString().slice(0, 16)}Z on ${os.cpus().length} cores, load average ` +
        `${loadBefore} before and ${load()} after (other work shared the machine: the ratios, taken in ` +
        'turns, say more than the absolute times). One community (`lsgw`) of the 1M-demand database, ' +
        'whole processes in the minimal environment, median of the runs; the server is local ' +
        '(127.0.0.1), started by the bench as the tests start theirs (fsync off: its data are thrown away).',
      '',
      copyLine,
      '',
      `| command | file (SQLite) | server (PostgreSQL) | server/file | target (SPEC §16) |`,
      '|---|---|---|---|---|',
      `| \`node -e 0\` (baseline) | ${h.ms(node0)} | | | |`,
      ...lines,
      '',
      `The server's round trip: ${rtt.toFixed(2)} ms (\`SELECT 1\`, median of 50). An intake makes ${trips.total} ` +
        `(${trips.logged} statements as HONGWU_SQL_LOG writes them, BEGIN with the write lock and COMMIT among ` +
        'them, and the connection).',
      '<!-- bench-pg:end -->',
    ].join('\n');
  } finally {
    if (server && process.env.BENCH_PG_KEEP === '1') h.log(`the server keeps running: ${url}`);
    else server?.stop();
  }
}

/** Puts the section into BENCHMARKS.md, in place of the last one or under a heading of its own. */
export function writePostgresSection(file, section) {
  const current = fs.existsSync(file) ? fs.readFileSync(file, 'utf8') : '';
  const marked = /<!-- bench-pg:start[\s\S]*?<!-- bench-pg:end -->/;
  const next = marked.test(current)
    ? current.replace(marked, section)
    : `${current.trimEnd()}\n\n## PostgreSQL (SPEC §16, issue #22)\n\n${section}\n`;
  fs.writeFileSync(file, next);
}
