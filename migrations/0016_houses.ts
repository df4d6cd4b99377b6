import { type Kysely, sql } from 'kysely';

/**
 * Houses (房屋) of a community, the unit property fees are billed to: the address in its normal
 * form (`3-2-501`, SPEC §12), the floor area in hundredths of a square metre (an integer, as money
 * is in fen) and the owner, a resident, if known. Frozen in time: never import application code here.
 */
const statements = [
  `CREATE TABLE houses (
     id INTEGER PRIMARY KEY,
     community_id INTEGER NOT NULL REFERENCES communities(id),
     address TEXT NOT NULL,
     area INTEGER NOT NULL CHECK (area > 0),
     owner_id INTEGER REFERENCES residents(id),
     created_at TEXT NOT NULL,
     UNIQUE (community_id, address)
   )`,
  `CREATE INDEX houses_by_owner ON houses (owner_id) WHERE owner_id IS NOT NULL`,
];

export async function up(db: Kysely<any>): Promise<void> {
  for (const statement of statements) await sql.raw(statement).execute(db);
}
