/**
 * Builds the bench databases through the demo's bulk path (bundled and run by run.mjs):
 * `node generate.cjs <file> big|small`. Prints one JSON line: what was written and how fast.
 *
 * `node generate.cjs <file> floor <from>`: the same demand and event rows copied by SQLite alone
 * (`INSERT … SELECT` from the file `from`) into a new file prepared exactly as the bulk path
 * prepares its own (same schema, pragmas, dropped indexes and deferred checks): the rate the bulk
 * path's is compared with (issue #21), measured in the same run.
 */
import fs from 'node:fs';
import { startLoading } from '../../src/db/bulk.repository.js';
import { buildDemo, DEMO_SCALE, type DemoScale } from '../../src/services/demo.service.js';
import { openSession } from '../../src/services/session.js';

// 4,600 residents a community: about 100,000 in all, as SPEC §16's `find` figure asks.
const BIG: DemoScale = { communities: 22, months: 120, demands: 1_000_000, residentsPerCommunity: 4_600, civic: false };

const [file, size, from] = process.argv.slice(2);
if (size === 'floor') await floor(file!, from!);
else await generate(file!, size === 'big' ? BIG : DEMO_SCALE);

async function generate(file: string, scale: DemoScale): Promise<void> {
  const result = await buildDemo({
    path: file,
    replace: true,
    operator: 'bench',
    nowOverride: process.env.HONGWU_NOW,
    scale,
    onProgress: process.stderr.isTTY
      ? (p) => process.stderr.write(`\r  ${p.month}: ${p.demands.toLocaleString('en')} demands`)
      : undefined,
  });
  if (process.stderr.isTTY) process.stderr.write('\n');
  const inserted = (table: 'demands' | 'demand_events') => {
    const t = result.insertTimes[table]!;
    return {
      rows: t.rows,
      seconds: t.ms / 1000,
      perSecond: Math.round((t.rows / t.ms) * 1000),
      perCpuSecond: Math.round((t.rows / t.cpuMs) * 1000),
    };
  };
  console.log(
    JSON.stringify({
      demands: result.counts.demands,
      events: result.counts.demand_events,
      residents: result.counts.residents,
      seconds: result.seconds,
      demandsPerSecond: Math.round(result.counts.demands! / result.seconds),
      // The time in the batch INSERTs: better-sqlite3 binding the values and SQLite inserting the rows
      // (prepared statements in one transaction, SPEC §8).
      demandRows: inserted('demands'),
      eventRows: inserted('demand_events'),
      finishSeconds: result.finishSeconds,
      communities: result.communities.length,
      firstMonth: result.firstMonth,
      lastMonth: result.lastMonth,
    }),
  );
}

async function floor(file: string, from: string): Promise<void> {
  fs.rmSync(file, { force: true });
  const session = await openSession({ path: file, create: true, operator: 'bench' });
  const raw = session.store.raw;
  try {
    startLoading(session.store, ['demands', 'demand_events']);
    raw.prepare('ATTACH DATABASE ? AS source').run(from);
    const copied = (table: 'demands' | 'demand_events') => {
      // Read once before, so that the copy is timed from memory as the bulk path's rows come.
      raw.prepare(`SELECT sum(length(x.id)) FROM source.${table} AS x`).get();
      const started = performance.now();
      const cpu = process.cpuUsage();
      // `WHERE +id > 0` keeps SQLite from copying the table's pages whole (its transfer
      // optimisation), which no program inserting rows could do.
      const { changes } = raw.prepare(`INSERT INTO main.${table} SELECT * FROM source.${table} WHERE +id > 0`).run();
      const used = process.cpuUsage(cpu);
      const seconds = (performance.now() - started) / 1000;
      const cpuSeconds = (used.user + used.system) / 1e6;
      return {
        rows: changes,
        seconds,
        perSecond: Math.round(changes / seconds),
        perCpuSecond: Math.round(changes / cpuSeconds),
      };
    };
    const result = raw.transaction(() => ({ demandRows: copied('demands'), eventRows: copied('demand_events') }))();
    console.log(JSON.stringify(result));
  } finally {
    await session.store.close();
    for (const suffix of ['', '-wal', '-shm', '-journal']) fs.rmSync(`${file}${suffix}`, { force: true });
  }
}
