import { residentKeys, teamKeys } from '../db/import.repository.js';
import { residentTag, teamKind, type ResidentTag, type TeamKind } from '../domain/codes.js';
import { bi, UsageError } from '../domain/errors.js';
import { happenedAt } from '../domain/event-time.js';
import { cellCode, cellCodes, cellPhone, cellText, cellTime, type ColumnSpec } from '../domain/import-cells.js';
import { maskPhone, storedForms } from '../domain/phone.js';
import { mayBe, type NamesakeHints } from '../domain/namesakes.js';
import { checkName, isBlank } from '../domain/text.js';
import { loadRows, RowReader, type Importer } from './import.service.js';
import { loadNamePinyin } from './name-pinyin.js';

/** 居民台账: the columns `resident list --csv` writes, their labels (`--labels`) and what clerks write. */
export const RESIDENT_COLUMNS = [
  { key: 'name', names: ['name', '姓名', '居民', '居民姓名', '名称', 'resident'], required: true },
  { key: 'phone', names: ['phone', '电话', '联系电话', '手机', '手机号', '手机号码', '联系方式'] },
  { key: 'address', names: ['address', '地址', '住址', '房号', '门牌号', '家庭住址'] },
  { key: 'tags', names: ['tags', '标签', '人员类别', '特殊群体', '身份'] },
  { key: 'created_at', names: ['created_at', '登记时间', '登记日期'] },
] as const satisfies readonly ColumnSpec[];
type ResidentColumn = (typeof RESIDENT_COLUMNS)[number]['key'];

/** 队伍: the columns of `team list --csv` and its labels. */
export const TEAM_COLUMNS = [
  { key: 'name', names: ['name', '队伍', '队伍名称', '名称', 'team'], required: true },
  { key: 'kind', names: ['kind', '类型', '队伍类型', 'team_kind'], required: true },
] as const satisfies readonly ColumnSpec[];
type TeamColumn = (typeof TEAM_COLUMNS)[number]['key'];

/** A name as `resident add` and `team add` take it: not blank, no control characters. */
function checkedName(name: string | null, what: { zh: string; en: string }): string {
  if (name === null || isBlank(name)) throw new UsageError(bi(`${what.zh}为空`, `${what.en} is empty`));
  checkName(name, what);
  return name;
}

/**
 * 居民: a row with a phone is the resident with that phone; one without (or with the masked
 * phone of hongwu's own export) is a resident of that name whose address and masked phone do not
 * differ from the row's (domain/namesakes.ts): two 张伟 of an export, at two addresses, stay two.
 * Such a resident already on file, or met earlier in the sheet, is counted as present and left as
 * it is.
 */
export const importResidents: Importer<ResidentColumn> = async (ctx, write) => {
  const { scope, sheet } = ctx;
  const byPhone = new Map<string, { name: string; row?: number }>();
  const byName = new Map<string, NamesakeHints[]>();
  const named = (name: string, hints: NamesakeHints) => byName.set(name, [...(byName.get(name) ?? []), hints]);
  for (const r of await residentKeys(ctx.tx, scope.community.id)) {
    if (r.phone) byPhone.set(r.phone, { name: r.name });
    named(r.name, { address: r.address, masked: maskPhone(r.phone) });
  }
  const adding: { name: string; phone: string | null; address: string | null; tags: ResidentTag[]; at: string }[] = [];
  let present = 0;
  sheet.rows.forEach((row, i) => {
    const r = new RowReader(ctx, row);
    const name = r.read('name', (c) => checkedName(cellText(c), bi('姓名', 'the name')));
    const typed = r.read('phone', cellPhone);
    const phone = typed && 'phone' in typed ? typed.phone : null;
    const masked = typed ? ('phone' in typed ? maskPhone(typed.phone) : typed.masked) : null;
    const address = r.read('address', cellText) ?? null;
    const tags = r.read('tags', (c) => cellCodes(residentTag, c)) ?? [];
    const at = r.read('created_at', (c) =>
      happenedAt(cellTime(c, scope.timeZone, scope.now) ?? undefined, scope.now, scope.timeZone),
    );
    ctx.progress('check', i + 1);
    if (r.bad || name === undefined || at === undefined) return;
    const owner =
      phone === null
        ? undefined
        : storedForms(phone)
            .map((p) => byPhone.get(p))
            .find(Boolean);
    if (owner && owner.name !== name) {
      const where =
        owner.row === undefined
          ? bi('已登记给', 'already belongs to')
          : bi(`在第 ${owner.row} 行已属于`, `already belongs, on row ${owner.row}, to`);
      return r.fail('phone', bi(`${where.zh} ${owner.name}`, `${where.en} ${owner.name}`));
    }
    if (owner || (phone === null && (byName.get(name) ?? []).some((h) => mayBe(h, { address, masked })))) {
      present++;
      return;
    }
    if (phone) byPhone.set(phone, { name, row: row.row });
    named(name, { address, masked });
    adding.push({ name, phone, address, tags, at: at.toISOString() });
  });
  if (write && ctx.problems.length === 0 && adding.length > 0) {
    const spell = await loadNamePinyin();
    await loadRows(ctx, ['residents', 'resident_tags'], (bulk) => {
      // Every resident goes in before any tag, so that on a file each tag's foreign key is checked as it goes in,
      // by its resident's rowid. Deferred to the commit instead, a batch of tags written before its residents made
      // each later resident's insert look for its children in every table that refers to residents, one without
      // an index (demand_events.resident_id): in a million-demand file, 3.8 million events scanned per resident.
      const ids = adding.map((a, i) => {
        ctx.progress('write', i + 1, adding.length);
        return bulk.insert('residents', {
          community_id: scope.community.id,
          name: a.name,
          phone: a.phone,
          address: a.address,
          created_at: a.at,
          ...spell(a.name),
        });
      });
      bulk.flush();
      adding.forEach((a, i) => {
        for (const tag of a.tags)
          bulk.insert('resident_tags', { resident_id: ids[i]!, tag, tagged_at: a.at, operator: ctx.operator });
      });
    });
  }
  return { added: adding.length, present };
};

/** 队伍: a team of the same name is present when of the same kind; of another kind it is a problem. */
export const importTeams: Importer<TeamColumn> = async (ctx, write) => {
  const { scope, sheet } = ctx;
  const kinds = new Map<string, { kind: TeamKind; row?: number }>(
    (await teamKeys(ctx.tx, scope.community.id)).map((t) => [t.name, { kind: t.kind }]),
  );
  const adding: { name: string; kind: TeamKind }[] = [];
  let present = 0;
  for (const row of sheet.rows) {
    const r = new RowReader(ctx, row);
    const name = r.read('name', (c) => checkedName(cellText(c), bi('队伍名称', 'the team name')));
    const kind = r.read('kind', (c) => {
      const code = cellCode(teamKind, c);
      if (code === null) throw new UsageError(bi('队伍类型为空', 'the team kind is empty'));
      return code;
    });
    if (r.bad || name === undefined || kind === undefined) continue;
    const known = kinds.get(name);
    if (known && known.kind !== kind) {
      const where =
        known.row === undefined ? bi('已有', 'is on file') : bi(`第 ${known.row} 行已是`, `is on row ${known.row}`);
      r.fail(
        'kind',
        bi(
          `同名队伍${where.zh}，类型为${teamKind.labels[known.kind].zh}`,
          `a team of this name ${where.en} as ${known.kind}`,
        ),
      );
    } else if (known) {
      present++;
    } else {
      kinds.set(name, { kind, row: row.row });
      adding.push({ name, kind });
    }
  }
  if (write && ctx.problems.length === 0 && adding.length > 0) {
    const at = scope.now.toISOString();
    await loadRows(ctx, ['teams'], (bulk) =>
      adding.forEach((t) =>
        bulk.insert('teams', { community_id: scope.community.id, name: t.name, kind: t.kind, created_at: at }),
      ),
    );
  }
  return { added: adding.length, present };
};
