import { spawn } from 'node:child_process';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { NotAllowedError } from '../../src/domain/errors.js';
import * as demands from '../../src/services/demand.service.js';
import { chooseCommunity, openSession, runCommand, type Scope } from '../../src/services/session.js';
import { isServerUrl } from '../../src/db/engine.js';
import { WRITE_LOCK } from '../../src/db/pg/store.js';
import { initDb } from '../helpers/cli.js';
import { rows } from '../helpers/rows.js';

/**
 * Use cases run inside the caller's transaction (an import, a copy): a whole demand history in one,
 * and nothing of it left when a step in the middle fails.
 */
const at = (local: string) => new Date(`${local}+08:00`);

async function scopeOf(db: string, nowOverride?: string): Promise<Scope> {
  const session = await openSession({ path: db, create: false, operator: 'importer', nowOverride });
  return { ...session, community: await chooseCommunity(session, undefined) };
}

/** intake → assign → resolve → rate unsatisfied (reopens) → resolve → rate satisfied, in `tx`. */
async function wholeHistory(tx: Parameters<Parameters<typeof runCommand>[1]>[0], scope: Scope, team: string) {
  const taken = await demands.intake(tx, scope, {
    summary: '3号楼电梯异响',
    channel: 'walk_in',
    category: 'repair',
    kind: 'request',
    tier: 'timed',
    phone: '13812345678',
    at: at('2026-11-02T09:00:00'),
  });
  const number = taken.number;
  await demands.assign(tx, scope, { number, to: team, at: at('2026-11-02T10:00:00') });
  await demands.resolve(tx, scope, {
    number,
    note: '更换导轨滑块',
    outcome: 'resolved',
    at: at('2026-11-03T16:00:00'),
  });
  const reopened = await demands.rate(tx, scope, {
    number,
    rating: 'unsatisfied',
    comment: '还有响声',
    final: false,
    at: at('2026-11-04T09:00:00'),
  });
  await demands.resolve(tx, scope, {
    number,
    note: '重新调整对重',
    outcome: 'resolved',
    at: at('2026-11-05T15:00:00'),
  });
  const closed = await demands.rate(tx, scope, {
    number,
    rating: 'satisfied',
    final: false,
    at: at('2026-11-06T09:00:00'),
  });
  return { reopened, closed };
}

describe('a whole demand history in one transaction', () => {
  let scope: Scope;
  let team: string;
  let db: string;

  beforeEach(async () => {
    const made = await initDb();
    db = made.db;
    scope = await scopeOf(db, made.env.HONGWU_NOW);
    team = (await rows<{ name: string }>(db, 'SELECT name FROM teams ORDER BY id LIMIT 1'))[0]!.name;
  });
  afterEach(async () => {
    await scope.store.close();
  });

  it('runs intake, assign, resolve, an unsatisfied rating, resolve and rate as one command', async () => {
    const { reopened, closed } = await runCommand(scope, (tx) => wholeHistory(tx, scope, team));
    expect(reopened.status).toBe('assigned');
    expect(closed).toMatchObject({ number: '202611-0001', status: 'closed', rating: 'satisfied', assignee_name: team });
    expect(closed.first_resolved_at).toBe(at('2026-11-03T16:00:00').toISOString());
    expect(closed.resolved_at).toBe(at('2026-11-05T15:00:00').toISOString());
    const events = await rows(db, 'SELECT type, status_after FROM demand_events ORDER BY id');
    expect(events).toEqual([
      { type: 'intake', status_after: 'open' },
      { type: 'assign', status_after: 'assigned' },
      { type: 'resolve', status_after: 'resolved' },
      { type: 'rate', status_after: 'assigned' },
      { type: 'resolve', status_after: 'resolved' },
      { type: 'rate', status_after: 'closed' },
    ]);
  });

  it('leaves the file as it was when a step in the middle fails', async () => {
    const count = async () =>
      (
        await rows(
          db,
          'SELECT (SELECT count(*) FROM demands) AS d, (SELECT count(*) FROM demand_events) AS e, (SELECT ' +
            'count(*) FROM residents) AS r',
        )
      )[0];
    const before = await count();
    const failing = runCommand(scope, async (tx) => {
      const { closed } = await wholeHistory(tx, scope, team);
      // A closed demand takes no further rating: the whole history goes with the refusal.
      return demands.rate(tx, scope, {
        number: closed.number,
        rating: 'basic',
        final: false,
        at: at('2026-11-07T09:00:00'),
      });
    });
    await expect(failing).rejects.toBeInstanceOf(NotAllowedError);
    expect(await count()).toEqual(before);
    // The number was not used up either: the next intake is still the month's first.
    const next = await runCommand(scope, (tx) =>
      demands.intake(tx, scope, {
        summary: '路灯不亮',
        channel: 'phone',
        category: 'repair',
        kind: 'request',
        tier: 'timed',
        at: at('2026-11-08T09:00:00'),
      }),
    );
    expect(next.number).toBe('202611-0001');
  });
});

describe('"now" inside the transaction', () => {
  it('is read after the write lock is taken, not when the command started', async () => {
    const { db } = await initDb();
    const scope = await scopeOf(db);
    // Another program holds the write lock for 600 ms: the file's, or the server's advisory lock.
    const hold = isServerUrl(db)
      ? `const { Client } = require('pg'); const c = new Client(process.argv[1]);
         c.connect().then(() => c.query('BEGIN')).then(() => c.query('SELECT pg_advisory_xact_lock(${WRITE_LOCK})'))
           .then(() => { process.stdout.write('locked\\n'); return new Promise((r) => setTimeout(r, 600)); })
           .then(() => c.query('COMMIT')).then(() => c.end());`
      : `const D = require('better-sqlite3'); const d = new D(process.argv[1]); d.exec('BEGIN IMMEDIATE');
         process.stdout.write('locked\\n');
         Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 600); d.exec('COMMIT');`;
    const holder = spawn(process.execPath, ['-e', hold, db], { stdio: ['ignore', 'pipe', 'inherit'] });
    await new Promise<void>((ready) => holder.stdout!.once('data', () => ready()));
    const started = Date.now();
    try {
      const now = await runCommand(scope, async () => scope.now);
      expect(now.getTime() - started).toBeGreaterThanOrEqual(300);
    } finally {
      await scope.store.close();
      await new Promise((done) => holder.once('exit', done));
    }
  });
});
