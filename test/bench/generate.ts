/**
 * Builds the bench databases through the demo's bulk path (bundled and run by run.mjs):
 * `node generate.cjs <file> big|small`. Prints one JSON line: what was written and how fast.
 */
import { buildDemo, DEMO_SCALE, type DemoScale } from '../../src/services/demo.service.js';

const BIG: DemoScale = { communities: 22, months: 120, demands: 1_000_000, residentsPerCommunity: 2000, civic: false };

const [file, size] = process.argv.slice(2);
const scale = size === 'big' ? BIG : DEMO_SCALE;
const result = await buildDemo({
  path: file!,
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
  return { rows: t.rows, seconds: t.ms / 1000, perSecond: Math.round((t.rows / t.ms) * 1000) };
};
console.log(
  JSON.stringify({
    demands: result.counts.demands,
    events: result.counts.demand_events,
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
