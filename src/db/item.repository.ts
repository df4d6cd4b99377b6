import type { Insertable, Selectable } from 'kysely';
import type { Db, Tx } from './connection.js';
import type { ItemsTable } from './schema.js';

/** An item of the love supermarket (爱心超市): goods or a service, its cost and stock. */
export type Item = Selectable<ItemsTable>;

export function listItems(db: Db | Tx, communityId: number): Promise<Item[]> {
  return db.selectFrom('items').selectAll().where('community_id', '=', communityId).orderBy('id').execute();
}

export function findItemById(db: Db | Tx, communityId: number, id: number): Promise<Item | undefined> {
  return db
    .selectFrom('items')
    .selectAll()
    .where('community_id', '=', communityId)
    .where('id', '=', id)
    .executeTakeFirst();
}

export function insertItem(tx: Tx, item: Insertable<ItemsTable>): Promise<Item> {
  return tx.insertInto('items').values(item).returningAll().executeTakeFirstOrThrow();
}

/**
 * Adds to (or, negative, takes from) a counted stock and returns the item as it now is. The
 * table's CHECK refuses a stock below zero; an unlimited (null) stock is left alone.
 */
export function changeStock(tx: Tx, id: number, change: number): Promise<Item> {
  return tx
    .updateTable('items')
    .set((eb) => ({ stock: eb('stock', '+', change) }))
    .where('id', '=', id)
    .returningAll()
    .executeTakeFirstOrThrow();
}
