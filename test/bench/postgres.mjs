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
 * What one run of a command waited on the server, from HONGWU_SQL_LOG (src/db/sql-log.ts): the
 * connection's start (`-- connected in <ms> ms`: socket, start-up message, authentication, the
 * server's new backend) and every statement the connection sent (`-- <ms> ms` after each: the
 * connection's first, BEGIN with the write lock, COMMIT among them), each as the client timed it
 * from sending to the last byte of the answer read (`pg` writing the message and parsing the reply
 * is inside it). `statements` + 1 (the connection) is the count of round trips.
 */
function waitOf(bin, args, env, data) {
  const file = path.join(data, 'pg-sql.log');
  fs.rmSync(file, { force: true });
  const r = spawnSync(process.execPath, [bin, ...args], {
    env: { ...env, HONGWU_SQL_LOG: file },
    stdio: ['ignore', 'ignore', 'pipe'],
    encoding: 'utf8',
  });
  if (r.status !== 0) throw new Error(`${args.join(' ')} failed (${r.status}): ${r.stderr}`);
  let connection = 0;
  let statements = 0;
  let ms = 0;
  for (const line of fs.readFileSync(file, 'utf8').split('\n')) {
    const connected = /^-- connected in ([\d.]+) ms$/.exec(line);
    const statement = /^-- (?:failed after )?([\d.]+) ms$/.exec(line);
    if (connected) connection += Number(connected[1]);
    if (statement) {
      statements++;
      ms += Number(statement[1]);
    }
  }
  return { connection, statements, wait: connection + ms };
}

/** `waitOf` over `runs` runs (after two to warm the server's caches): the medians. */
function waitsOf(bin, args, env, data, runs) {
  const all = Array.from({ length: runs + 2 }, () => waitOf(bin, args, env, data)).slice(2);
  const median = (key) => all.map((w) => w[key]).sort((a, b) => a - b)[Math.floor(all.length / 2)];
  return { connection: median('connection'), statements: median('statements'), wait: median('wait') };
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
    for (const env of [onFile, onServer]) waitOf(bin, ['community', 'list'], h.hongwuEnv(h.minimal, env), data);
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
    // Separate runs, so that writing the log is not in the timed ones.
    const waits = waitsOf(bin, intake, h.hongwuEnv(h.minimal, onServer), data, 11);
    const trips = waits.statements + 1;
    let intakeLines = [];
    const lines = commands.map(([label, args], k) => {
      const [file, server] = [times[2 * k], times[2 * k + 1]];
      let target = '';
      if (args[0] === 'report') target = `≤ 3× the file's: ${h.verdict(server <= 3 * file)}`;
      if (args[0] === 'intake') {
        const measured = 1.5 * node0 + waits.wait;
        const counted = 1.5 * node0 + trips * rtt;
        target =
          `≤ 1.5 × node -e 0 + the ${h.ms(waits.wait)} it waited on the server = ${h.ms(measured)}: ` +
          h.verdict(server <= measured);
        intakeLines = [
          `\`intake\` on the server, ${h.ms(server)} in all: it waited ${h.ms(waits.wait)} on the server ` +
            `(median of 11 runs with HONGWU_SQL_LOG: the connection's start ${h.ms(waits.connection)}, and ` +
            `${waits.statements} statements, each from sending it to the last byte of its answer as the ` +
            `client timed it), so its own work took ${h.ms(server - waits.wait)}, against 1.5 × node -e 0 = ` +
            `${h.ms(1.5 * node0)}: ${h.verdict(server - waits.wait <= 1.5 * node0)}. Counted as round trips ` +
            `instead (the previous measure: ${trips} × \`SELECT 1\` on a warm connection, ${rtt.toFixed(2)} ms), ` +
            `the limit would be ${h.ms(counted)}: ${h.verdict(server <= counted)}. A new connection's first ` +
            'statements cost the server more than a warm `SELECT 1`: its backend is new, and reads the ' +
            "catalog for every table a statement names for the first time; that is the server's time too.",
        ];
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
      ...intakeLines,
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
