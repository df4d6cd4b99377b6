import { residentTag, type ResidentTag } from '../domain/codes.js';
import type { Db, Tx } from './connection.js';
import type { Resident } from './schema.js';

export interface ResidentWithTags extends Resident {
  tags: ResidentTag[];
}

export function insertResident(
  tx: Tx,
  r: {
    community_id: number;
    name: string;
    phone: string | null;
    address: string | null;
    created_at: string;
    name_pinyin: string;
    name_initials: string;
  },
): Promise<Resident> {
  return tx.insertInto('residents').values(r).returningAll().executeTakeFirstOrThrow();
}

export function findResidentById(db: Db | Tx, communityId: number, id: number): Promise<Resident | undefined> {
  return db
    .selectFrom('residents')
    .selectAll()
    .where('community_id', '=', communityId)
    .where('id', '=', id)
    .executeTakeFirst();
}

/** Residents whose name is `text` or whose phone is `text` or one of `phones` (the number as normalised, in its stored
 * forms). */
export function findResidentsExact(
  db: Db | Tx,
  communityId: number,
  text: string,
  phones: readonly string[] = [],
): Promise<Resident[]> {
  return db
    .selectFrom('residents')
    .selectAll()
    .where('community_id', '=', communityId)
    .where((eb) => eb.or([eb('phone', 'in', [...new Set([text, ...phones])]), eb('name', '=', text)]))
    .orderBy('id')
    .execute();
}

/**
 * The residents of a community answering exactly to any of several references, in one query: a
 * phone in `phones`, a name in `names` or an id in `ids` (participants by the thousand, issue #22).
 */
export function findResidentsByAny(
  db: Db | Tx,
  communityId: number,
  refs: { phones: readonly string[]; names: readonly string[]; ids: readonly number[] },
): Promise<Resident[]> {
  return db
    .selectFrom('residents')
    .selectAll()
    .where('community_id', '=', communityId)
    .where((eb) =>
      eb.or([
        ...(refs.phones.length ? [eb('phone', 'in', refs.phones)] : []),
        ...(refs.names.length ? [eb('name', 'in', refs.names)] : []),
        ...(refs.ids.length ? [eb('id', 'in', refs.ids)] : []),
      ]),
    )
    .orderBy('id')
    .execute();
}

export function residentNames(
  db: Db | Tx,
  communityId: number,
): Promise<{ id: number; name: string; phone: string | null }[]> {
  return db.selectFrom('residents').select(['id', 'name', 'phone']).where('community_id', '=', communityId).execute();
}

export async function listResidents(db: Db, communityId: number, tag?: ResidentTag): Promise<ResidentWithTags[]> {
  let q = db.selectFrom('residents as r').selectAll('r').where('r.community_id', '=', communityId);
  if (tag) {
    q = q.where((eb) =>
      eb.exists(
        eb
          .selectFrom('resident_tags as t')
          .select('t.tag')
          .whereRef('t.resident_id', '=', 'r.id')
          .where('t.tag', '=', tag),
      ),
    );
  }
  const residents = await q.orderBy('r.id').execute();
  const tags = await tagsOf(
    db,
    residents.map((r) => r.id),
  );
  return residents.map((r) => ({ ...r, tags: tags.get(r.id) ?? [] }));
}

export async function tagsOf(db: Db | Tx, residentIds: number[]): Promise<Map<number, ResidentTag[]>> {
  const map = new Map<number, ResidentTag[]>();
  if (residentIds.length === 0) return map;
  const rows = await db
    .selectFrom('resident_tags')
    .select(['resident_id', 'tag'])
    .where('resident_id', 'in', residentIds)
    .execute();
  rows.sort((a, b) => residentTag.codes.indexOf(a.tag) - residentTag.codes.indexOf(b.tag));
  for (const row of rows) {
    const list = map.get(row.resident_id) ?? [];
    list.push(row.tag);
    map.set(row.resident_id, list);
  }
  return map;
}

/** Adds a tag; false when the resident already had it. */
export async function insertTag(
  tx: Tx,
  t: { resident_id: number; tag: ResidentTag; tagged_at: string; operator: string },
): Promise<boolean> {
  const result = await tx
    .insertInto('resident_tags')
    .values(t)
    .onConflict((oc) => oc.doNothing())
    .executeTakeFirst();
  return Number(result.numInsertedOrUpdatedRows ?? 0) > 0;
}

/** Dates a tag the resident holds earlier (a slip typed in late); false when it was not later. */
export async function backdateTag(tx: Tx, residentId: number, tag: ResidentTag, taggedAt: string): Promise<boolean> {
  const result = await tx
    .updateTable('resident_tags')
    .set({ tagged_at: taggedAt })
    .where('resident_id', '=', residentId)
    .where('tag', '=', tag)
    .where('tagged_at', '>', taggedAt)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) > 0;
}

/** Moves a resident's registration back to `since`, when it was later. */
export async function backdateRegistration(tx: Tx, residentId: number, since: string): Promise<void> {
  await tx
    .updateTable('residents')
    .set({ created_at: since })
    .where('id', '=', residentId)
    .where('created_at', '>', since)
    .execute();
}
