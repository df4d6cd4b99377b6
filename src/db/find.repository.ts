import { sql, type RawBuilder, type SqlBool } from 'kysely';
import type { Db, Tx } from './connection.js';
import { selectDemandViews, type DemandView } from './demand.repository.js';
import type { Resident } from './schema.js';

/** `%text%` for LIKE, its wildcards escaped (the statements say `ESCAPE '\'`). */
function containing(text: string): string {
  return `%${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}

const like = (column: string, text: string) => sql<SqlBool>`${sql.ref(column)} LIKE ${containing(text)} ESCAPE '\\'`;

/**
 * What a term may mean for a resident: part of a name, of its pinyin (`letters`), of a phone
 * (`digits`); `syllables`, the ways the letters cut into syllables typed in full or by initial
 * (`shanxm` → shan, x, m: domain/pinyin-typing.ts).
 */
export interface ResidentTerm {
  text: string;
  letters?: string;
  syllables?: readonly (readonly string[])[];
  digits?: string;
}

/**
 * Syllables typed in full or by initial, in a run: the stored initials hold theirs side by side
 * (`%sxm%`) and the stored pinyin holds them in that order (`%shan%x%m%`). The initials, short and
 * rarely matching, are read first: the pinyin's pattern is read for few rows.
 */
function spelled(pieces: readonly string[]): RawBuilder<SqlBool> {
  const initials = `%${pieces.map((p) => p[0]).join('')}%`;
  return sql<SqlBool>`(name_initials LIKE ${initials} AND name_pinyin LIKE ${`%${pieces.join('%')}%`})`;
}

/**
 * A community's residents meeting the condition, by name, at most `limit`. A part of a name or a
 * phone can't be looked up in an index, so every resident is read: from `residents_search`, which
 * holds each column matched (migration 0019), in order of name, so that only those found are read
 * from the table.
 */
function residentsWhere(
  db: Db | Tx,
  communityId: number,
  condition: RawBuilder<SqlBool>,
  limit: number,
): Promise<Resident[]> {
  const ids = sql`SELECT id FROM residents INDEXED BY residents_search WHERE community_id = ${communityId} AND
    (${condition}) ORDER BY name, id LIMIT ${limit}`;
  return db
    .selectFrom('residents')
    .selectAll()
    .where(sql<SqlBool>`id IN (${ids})`)
    .orderBy('name')
    .orderBy('id')
    .execute();
}

/** Residents matching the term in any of its meanings. */
export function residentsMatching(
  db: Db | Tx,
  communityId: number,
  term: ResidentTerm,
  limit: number,
): Promise<Resident[]> {
  const ways = [like('name', term.text), like('address', term.text)];
  if (term.letters) ways.push(like('name_pinyin', term.letters), like('name_initials', term.letters));
  for (const pieces of term.syllables ?? []) ways.push(spelled(pieces));
  if (term.digits) ways.push(like('phone', term.digits));
  return residentsWhere(db, communityId, sql<SqlBool>`${sql.join(ways, sql` OR `)}`, limit);
}

/**
 * Residents whose address holds every part of a normal-form address (`3`, `2`, `501`): the
 * candidates an address written in any form may be, for the caller to read in normal form.
 */
export function residentsWithAddressParts(
  db: Db | Tx,
  communityId: number,
  parts: readonly string[],
  limit: number,
): Promise<Resident[]> {
  return residentsWhere(
    db,
    communityId,
    sql<SqlBool>`${sql.join(
      parts.map((p) => like('address', p)),
      sql` AND `,
    )}`,
    limit,
  );
}

/** Demands whose number begins with `prefix` (`202610`, `202610-00`), newest first, through the number's index. */
export function demandsByNumberPrefix(
  db: Db | Tx,
  communityId: number,
  prefix: string,
  limit: number,
): Promise<DemandView[]> {
  return (
    selectDemandViews(db)
      .where('d.number', '>=', prefix)
      .where('d.number', '<', `${prefix}\uffff`)
      // `+`: not by the community's indexes, which would read every demand of the community.
      .where(sql<SqlBool>`+d.community_id = ${communityId}`)
      .orderBy('d.number', 'desc')
      .limit(limit)
      .execute()
  );
}

/**
 * Demands whose summary or number holds every word, newest first, among the community's latest
 * `window` demands (all of them without one): a bounded scan (summary words can't use an index), so
 * that a word found nowhere costs the same in a file of a million demands as in one of a hundred
 * thousand. `since` is where the window began when it left older demands out.
 */
export async function demandsWithWords(
  db: Db | Tx,
  communityId: number,
  words: readonly string[],
  limit: number,
  window: number | undefined,
): Promise<{ demands: DemandView[]; since?: string }> {
  const edge =
    window === undefined
      ? undefined
      : await db
          .selectFrom('demands')
          .select('received_at')
          .where('community_id', '=', communityId)
          .orderBy('received_at', 'desc')
          .limit(1)
          .offset(window)
          .executeTakeFirst();
  const all = words.map((w) => sql<SqlBool>`(${like('d.summary', w)} OR ${like('d.number', w)})`);
  const demands = await selectDemandViews(db)
    .where('d.community_id', '=', communityId)
    // After the first demand past the window (one received at that same instant goes with it).
    .$if(edge !== undefined, (q) => q.where('d.received_at', '>', edge!.received_at))
    .where(sql<SqlBool>`${sql.join(all, sql` AND `)}`)
    .orderBy('d.received_at', 'desc')
    .orderBy('d.id', 'desc')
    .limit(limit)
    .execute();
  return { demands, since: edge?.received_at };
}
