import { sql } from 'kysely';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Item } from '../../src/db/item.repository.js';
import type { Resident } from '../../src/db/schema.js';
import { NotAllowedError } from '../../src/domain/errors.js';
import * as points from '../../src/services/points.service.js';
import { addResident } from '../../src/services/resident.service.js';
import { chooseCommunity, openSession, runCommand, type Scope } from '../../src/services/session.js';
import { initDb } from '../helpers/cli.js';
import { assertProperty } from '../helpers/property.js';

/**
 * Random sequences of earn / redeem / reverse / restock, run through the services on a real
 * file and checked against a plain model after every step: each balance is the sum of the
 * resident's entries and never below zero, each stock never below zero, and a refused step
 * changes nothing.
 */
type Step =
  | { kind: 'earn'; resident: number; points: number }
  | { kind: 'redeem'; resident: number; item: number; qty: number }
  | { kind: 'reverse'; entry: number }
  | { kind: 'restock'; item: number; n: number };

const RESIDENTS = 3;
const step: fc.Arbitrary<Step> = fc.oneof(
  {
    weight: 3,
    arbitrary: fc.record({
      kind: fc.constant('earn' as const),
      resident: fc.nat(RESIDENTS - 1),
      points: fc.integer({ min: 1, max: 60 }),
    }),
  },
  {
    weight: 3,
    arbitrary: fc.record({
      kind: fc.constant('redeem' as const),
      resident: fc.nat(RESIDENTS - 1),
      item: fc.nat(1),
      qty: fc.integer({ min: 1, max: 3 }),
    }),
  },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('reverse' as const), entry: fc.nat(40) }) },
  {
    weight: 1,
    arbitrary: fc.record({ kind: fc.constant('restock' as const), item: fc.nat(1), n: fc.integer({ min: 1, max: 3 }) }),
  },
);
const itemSpec = fc.record({
  cost: fc.integer({ min: 5, max: 25 }),
  stock: fc.option(fc.nat(4), { nil: undefined, freq: 4 }),
});

interface ModelEntry {
  id: number;
  resident: number;
  delta: number;
  type: 'earn' | 'redeem' | 'reversal';
  item?: number;
  qty?: number;
  reversed: boolean;
}

describe('the points ledger under random use', () => {
  let scope: Scope;
  let run = 0;

  beforeAll(async () => {
    const { db, env } = await initDb();
    const session = await openSession({ path: db, create: false, operator: 'property', nowOverride: env.HONGWU_NOW });
    // Durability is not what is tested here: skip the fsync of every commit to keep runs fast (the
    // PostgreSQL run's server never syncs).
    if (session.store.engine === 'sqlite') session.store.raw.pragma('synchronous = OFF');
    scope = { ...session, community: await chooseCommunity(session, undefined) };
  });
  afterAll(() => scope.store.close());

  async function sums(residentIds: number[]): Promise<Map<number, { sum: number; n: number }>> {
    const { rows } = await sql<{ id: number; sum: number; n: number }>`SELECT resident_id AS id, sum(delta) AS sum,
      count(*) AS n FROM ledger WHERE resident_id IN (${sql.join(residentIds)}) GROUP BY resident_id`.execute(scope.db);
    return new Map(rows.map((r) => [r.id, r]));
  }

  it('keeps balance = sum of entries >= 0 and stock >= 0 after every step', async () => {
    await assertProperty(
      fc.asyncProperty(
        fc.tuple(itemSpec, itemSpec),
        fc.array(step, { minLength: 1, maxLength: 30, size: 'medium' }),
        async (itemSpecs, steps) => {
          run += 1;
          const residents: Resident[] = [];
          for (let i = 0; i < RESIDENTS; i++)
            residents.push(await runCommand(scope, (tx) => addResident(tx, scope, { name: `志愿者${run}-${i}` })));
          const items: Item[] = [];
          for (const [i, spec] of itemSpecs.entries())
            items.push(
              await runCommand(scope, (tx) =>
                points.addItem(tx, scope, {
                  name: `物品${run}-${i}`,
                  cost: spec.cost,
                  stock: spec.stock,
                  kind: 'goods',
                }),
              ),
            );
          const balance = residents.map(() => 0);
          const stock = items.map((i) => i.stock);
          const entries: ModelEntry[] = [];

          for (const s of steps) {
            let expectOk: boolean;
            let act: () => Promise<number | undefined>;
            let apply: (id: number | undefined) => void;
            if (s.kind === 'earn') {
              expectOk = true;
              act = async () =>
                (
                  await runCommand(scope, (tx) =>
                    points.earn(tx, scope, {
                      resident: `#${residents[s.resident]!.id}`,
                      points: s.points,
                      reason: 'patrol',
                    }),
                  )
                ).entry.id;
              apply = (id) => {
                balance[s.resident]! += s.points;
                entries.push({ id: id!, resident: s.resident, delta: s.points, type: 'earn', reversed: false });
              };
            } else if (s.kind === 'redeem') {
              const cost = items[s.item]!.cost * s.qty;
              const left = stock[s.item]!;
              expectOk = balance[s.resident]! >= cost && (left === null || left >= s.qty);
              act = async () =>
                (
                  await runCommand(scope, (tx) =>
                    points.redeem(tx, scope, {
                      resident: `#${residents[s.resident]!.id}`,
                      item: `#${items[s.item]!.id}`,
                      qty: s.qty,
                    }),
                  )
                ).entry.id;
              apply = (id) => {
                balance[s.resident]! -= cost;
                if (left !== null) stock[s.item] = left - s.qty;
                entries.push({
                  id: id!,
                  resident: s.resident,
                  delta: -cost,
                  type: 'redeem',
                  item: s.item,
                  qty: s.qty,
                  reversed: false,
                });
              };
            } else if (s.kind === 'reverse') {
              const target = entries.length ? entries[s.entry % entries.length]! : undefined;
              if (!target) continue;
              expectOk =
                target.type !== 'reversal' && !target.reversed && balance[target.resident]! - target.delta >= 0;
              act = async () =>
                (
                  await runCommand(scope, (tx) =>
                    points.reverse(tx, scope, { entry: String(target.id), reason: 'property test' }),
                  )
                ).entry.id;
              apply = (id) => {
                target.reversed = true;
                balance[target.resident]! -= target.delta;
                if (target.type === 'redeem' && stock[target.item!] !== null) stock[target.item!]! += target.qty!;
                entries.push({
                  id: id!,
                  resident: target.resident,
                  delta: -target.delta,
                  type: 'reversal',
                  reversed: false,
                });
              };
            } else {
              const left = stock[s.item]!;
              expectOk = left !== null;
              act = async () => {
                await runCommand(scope, (tx) => points.restock(tx, scope, { item: `#${items[s.item]!.id}`, n: s.n }));
                return undefined;
              };
              apply = () => {
                stock[s.item] = left! + s.n;
              };
            }

            const outcome = await act().then(
              (id) => ({ ok: true as const, id }),
              (e: unknown) => ({ ok: false as const, error: e }),
            );
            if (outcome.ok) apply(outcome.id);
            else expect(outcome.error).toBeInstanceOf(NotAllowedError);
            expect({ step: s, ok: outcome.ok }).toEqual({ step: s, ok: expectOk });

            const inDb = await sums(residents.map((r) => r.id));
            residents.forEach((r, i) => {
              const row = inDb.get(r.id) ?? { sum: 0, n: 0 };
              expect(row.sum).toBe(balance[i]);
              expect(row.sum).toBeGreaterThanOrEqual(0);
            });
            expect([...inDb.values()].reduce((n, r) => n + r.n, 0)).toBe(entries.length);
            const itemsNow = await points.itemList(scope);
            items.forEach((item, i) => {
              const now = itemsNow.find((x) => x.id === item.id)!.stock;
              expect(now).toBe(stock[i]);
              if (now !== null) expect(now).toBeGreaterThanOrEqual(0);
            });
          }
          const all = await points.allBalances(scope);
          residents.forEach((r, i) => expect(all.find((b) => b.resident_id === r.id)?.balance ?? 0).toBe(balance[i]));
        },
      ),
      30,
    );
  });
});
