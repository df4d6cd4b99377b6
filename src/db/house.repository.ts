import { sql, type Insertable } from 'kysely';
import type { Db, Tx } from './connection.js';
import type { House, HousesTable } from './schema.js';

/** Houses (房屋): SQL only. */
export interface HouseView extends House {
  owner_name: string | null;
  owner_phone: string | null;
  /** What the house owes now: its bills less what was paid and waived (fen). */
  owed: number;
  /** Paid in advance and not yet allocated to a bill (fen). */
  credit: number;
}

export function insertHouse(tx: Tx, house: Insertable<HousesTable>): Promise<House> {
  return tx.insertInto('houses').values(house).returningAll().executeTakeFirstOrThrow();
}

function selectHouses(db: Db | Tx) {
  return db
    .selectFrom('houses as h')
    .leftJoin('residents as r', 'r.id', 'h.owner_id')
    .selectAll('h')
    .select([
      'r.name as owner_name',
      'r.phone as owner_phone',
      sql<number>`(SELECT coalesce(sum(b.amount), 0) FROM fee_bills b WHERE b.house_id = h.id)
        - (SELECT coalesce(sum(a.amount), 0) FROM fee_allocations a JOIN fee_bills b ON b.id = a.bill_id WHERE
        b.house_id = h.id)
        - (SELECT coalesce(sum(w.amount), 0) FROM fee_waivers w JOIN fee_bills b ON b.id = w.bill_id WHERE b.house_id
        = h.id)`.as('owed'),
      sql<number>`(SELECT coalesce(sum(p.amount), 0) FROM fee_payments p WHERE p.house_id = h.id)
        - (SELECT coalesce(sum(a.amount), 0) FROM fee_allocations a JOIN fee_payments p ON p.id = a.payment_id WHERE
        p.house_id = h.id)`.as('credit'),
    ]);
}

export function findHouse(
  db: Db | Tx,
  communityId: number,
  by: { address: string } | { id: number },
): Promise<HouseView | undefined> {
  const q = selectHouses(db).where('h.community_id', '=', communityId);
  return ('id' in by ? q.where('h.id', '=', by.id) : q.where('h.address', '=', by.address)).executeTakeFirst();
}

export function listHouses(db: Db | Tx, communityId: number): Promise<HouseView[]> {
  return selectHouses(db).where('h.community_id', '=', communityId).orderBy('h.address').execute();
}

export function houseAddresses(db: Db | Tx, communityId: number): Promise<{ id: number; address: string }[]> {
  return db.selectFrom('houses').select(['id', 'address']).where('community_id', '=', communityId).execute();
}
