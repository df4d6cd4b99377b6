import { type Kysely, sql } from 'kysely';

/**
 * Residents' names in pinyin, for `find` and the resident prompts (SPEC §12: `zs`, `zhangsan` → 张三),
 * stored when a resident is written so that searching loads no dictionary. `name_pinyin` is the full
 * pinyin and `name_initials` the first letters, each a space-separated list of readings: the name with
 * its surname read as a surname (单 shàn, 曾 zēng) and, where that differs, as a plain word (dan), for a
 * clerk who reads it so. The residents already on file get theirs here, from the pinyin-pro library
 * itself (a migration never imports application code; the library's version is pinned by the lock
 * file), loaded only when there are residents to spell. A part of a name or phone can't be looked up
 * in an index, so `find` reads a community's residents whole: from `residents_search`, which holds
 * every column it matches (a tenth of the rows' pages, read in order), not row by row from the table.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await sql.raw('ALTER TABLE residents ADD COLUMN name_pinyin TEXT').execute(db);
  await sql.raw('ALTER TABLE residents ADD COLUMN name_initials TEXT').execute(db);
  await sql
    .raw('CREATE INDEX residents_search ON residents (community_id, name, name_pinyin, name_initials, phone, address)')
    .execute(db);
  const residents = await db.selectFrom('residents').select(['id', 'name']).execute();
  if (residents.length === 0) return;
  const { pinyin } = await import('pinyin-pro');
  const readings = (name: string, pattern: 'pinyin' | 'first') =>
    [
      ...new Set(
        (['head', 'off'] as const).map((surname) =>
          pinyin(name, { pattern, surname, toneType: 'none', type: 'array', v: true }).join('').toLowerCase(),
        ),
      ),
    ].join(' ');
  for (const r of residents as { id: number; name: string }[]) {
    await db
      .updateTable('residents')
      .set({ name_pinyin: readings(r.name, 'pinyin'), name_initials: readings(r.name, 'first') })
      .where('id', '=', r.id)
      .execute();
  }
}
