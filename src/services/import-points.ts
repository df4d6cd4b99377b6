import { itemKeys, ledgerKeys, residentKeys, type LedgerKey } from '../db/import.repository.js';
import type { LedgerEntryType } from '../db/schema.js';
import { maxPoints } from '../db/settings.repository.js';
import { pointsReason, type PointsReason } from '../domain/codes.js';
import { bi, UsageError } from '../domain/errors.js';
import { happenedAt } from '../domain/event-time.js';
import { step } from '../domain/next-step.js';
import { formatSeconds } from '../domain/time.js';
import {
  CellProblem,
  cellCode,
  cellInteger,
  cellPhone,
  cellText,
  cellTime,
  type Cell,
  type ColumnSpec,
} from '../domain/import-cells.js';
import { checkAmount, checkRedemption, entryType, reversalDelta } from '../domain/ledger.js';
import { loadRows, PeopleIndex, required, RowReader, type Importer } from './import.service.js';

/** 积分台账: the columns of `points ledger --csv`, its labels, and what clerks write. */
export const POINTS_COLUMNS = [
  { key: 'entry', names: ['entry', '流水号'] },
  { key: 'type', names: ['type', '类型', '流水类型'] },
  { key: 'resident', names: ['resident', '居民', '姓名', '居民姓名', 'name'], required: true },
  { key: 'phone', names: ['phone', '电话', '联系电话', '手机'] },
  { key: 'delta', names: ['delta', 'points', '积分', '分值', '积分变动', '变动积分'], required: true },
  { key: 'reason', names: ['reason', '事由', '积分事由', '原因'] },
  { key: 'item', names: ['item', '物品', '兑换物品', '商品'] },
  { key: 'qty', names: ['qty', '数量'] },
  { key: 'at', names: ['at', 'time', '时间', '日期', '发生时间'], required: true },
  { key: 'note', names: ['note', '备注', '说明'] },
  { key: 'reverses', names: ['reverses', '冲正的流水', '冲正流水'] },
  { key: 'address', names: ['address', '住址', '地址', '房号'] },
] as const satisfies readonly ColumnSpec[];
type PointsColumn = (typeof POINTS_COLUMNS)[number]['key'];

/** An entry as the reversal rules see it, whether on file already or written by this sheet. */
interface Entry {
  id: number;
  type: LedgerEntryType;
  delta: number;
  reverses: number | null;
  reversedBy: number | null;
  residentId: number;
}

interface NewEntry {
  residentId: number;
  type: LedgerEntryType;
  delta: number;
  reason: PointsReason | null;
  itemId: number | null;
  qty: number | null;
  /** The sheet's row of the entry this one reverses (written first, so its id is known then). */
  reverses: { row: number } | { id: number } | null;
  note: string | null;
  at: string;
  row: number;
}

/**
 * 积分流水, in the order of the sheet, through the ledger's own rules: amounts within the
 * community's ceiling, a redemption never beyond the balance of that moment, a reversal only of
 * an entry not yet reversed and never below zero. An entry already on file (same resident, time,
 * points and type) is present. A redemption names an item of the love supermarket (added first
 * with `points item add`); its stock is today's and is not touched by the history.
 */
export const importPoints: Importer<PointsColumn> = async (ctx, write) => {
  const { scope, sheet } = ctx;
  const communityId = scope.community.id;
  const max = await maxPoints(ctx.tx, communityId);
  const residents = new PeopleIndex(await residentKeys(ctx.tx, communityId));
  const items = new Map((await itemKeys(ctx.tx, communityId)).map((i) => [i.name, i.id]));
  const balances = new Map<number, number>();
  const onFile = new Map<string, Entry[]>();
  const byId = new Map<number, Entry>();
  const ledger = await ledgerKeys(scope.store, ctx.tx, communityId);
  for (const e of ledger) {
    balances.set(e.resident_id, (balances.get(e.resident_id) ?? 0) + e.delta);
    const entry: Entry = {
      id: e.id,
      type: e.type,
      delta: e.delta,
      reverses: null,
      reversedBy: null,
      residentId: e.resident_id,
    };
    byId.set(e.id, entry);
    const key = entryKey(e.resident_id, e.at, e.delta, e.type);
    onFile.set(key, [...(onFile.get(key) ?? []), entry]);
  }
  // Which of the sheet's entry numbers is which entry (an `entry` column, as the ledger export has).
  const bySheetNumber = new Map<number, { entry: Entry; row: number | null }>();
  const adding: NewEntry[] = [];
  let present = 0;
  sheet.rows.forEach((row, i) => {
    ctx.progress('check', i + 1);
    const r = new RowReader(ctx, row);
    const resident = r.check('resident', () =>
      residents.find(
        r.read('resident', cellText) ?? null,
        r.read('phone', cellPhone) ?? null,
        r.read('address', cellText) ?? null,
      ),
    );
    const delta = r.read('delta', (c) => required(cellInteger(c), bi('积分', 'the points')));
    const at = r.read('at', (c) =>
      happenedAt(required(cellTime(c, scope.timeZone, scope.now), bi('时间', 'the time')), scope.now, scope.timeZone),
    );
    const sheetNumber = r.read('entry', cellInteger) ?? null;
    const typed = r.read('type', (c) => cellCode(entryType, c));
    if (r.bad || resident === undefined || delta === undefined || at === undefined || typed === undefined) return;
    // Without a type: an entry named in `reverses` makes a reversal; else the sign tells earning from spending.
    const type: LedgerEntryType = typed ?? (r.cell('reverses') !== null ? 'reversal' : delta >= 0 ? 'earn' : 'redeem');
    const iso = at.toISOString();
    const balance = balances.get(resident.id) ?? 0;
    const matches = onFile.get(entryKey(resident.id, iso, delta, type));
    if (matches?.length) {
      const entry = matches.shift()!;
      if (sheetNumber !== null) bySheetNumber.set(sheetNumber, { entry, row: null });
      present++;
      return;
    }
    let entry: NewEntry | undefined;
    let reversed: Entry | undefined;
    const base = {
      residentId: resident.id,
      type,
      delta,
      at: iso,
      row: row.row,
      reason: null,
      itemId: null,
      qty: null,
      reverses: null,
    };
    if (type === 'earn') {
      const earned = r.check('delta', () => {
        if (delta <= 0) refuse('获得的积分应为正数', 'points earned are positive');
        checkAmount(delta, 'points', max);
        return delta;
      });
      if (earned === undefined) return;
      const reason = r.read('reason', readReason);
      if (reason !== undefined)
        entry = { ...base, reason: reason.code, note: joinNotes(reason.text, r.read('note', cellText)) };
    } else if (type === 'redeem') {
      const qty = r.read('qty', cellInteger) ?? 1;
      const itemName = r.read('item', cellText);
      const itemId = itemName ? items.get(itemName) : undefined;
      if (itemName === undefined) return;
      if (itemId === undefined) {
        const add = step('points item add');
        return r.fail(
          'item',
          itemName === null
            ? bi('兑换须写明物品', 'a redemption names its item')
            : (s) =>
                bi(
                  `爱心超市没有物品“${itemName}”：请先用 ${s.zh(add)} 登记`,
                  `no item "${itemName}" in the love supermarket: add it first with \`${s.en(add)}\``,
                ),
        );
      }
      const ok = r.check('delta', () => {
        if (delta >= 0) refuse('兑换的积分应为负数', 'a redemption takes points: a negative number');
        checkAmount(-delta, 'points', max);
        return checkRedemption({ name: resident.name, balance }, { name: itemName!, cost: -delta, stock: null }, 1);
      });
      if (ok !== undefined) entry = { ...base, itemId, qty, note: r.read('note', cellText) ?? null };
    } else {
      const target = r.check('reverses', () => {
        const number = required(cellInteger(r.cell('reverses')), bi('冲正的流水号', 'the entry reversed'));
        const found = bySheetNumber.get(number);
        if (!found)
          throw new CellProblem(
            bi(`流水 ${number} 不在本表之前的行中`, `entry ${number} is not on an earlier row of this sheet`),
          );
        if (found.entry.residentId !== resident.id)
          throw new CellProblem(
            bi(`流水 ${number} 不是 ${resident.name} 的`, `entry ${number} is not ${resident.name}'s`),
          );
        if (reversalDelta(found.entry, { name: resident.name, balance }) !== delta) {
          throw new CellProblem(
            bi(`冲正应为 ${-found.entry.delta} 积分`, `the reversal is ${-found.entry.delta} points`),
          );
        }
        return found;
      });
      if (target === undefined) return;
      reversed = target.entry;
      entry = {
        ...base,
        reason: r.read('reason', (c) => cellCode(pointsReason, c)) ?? null,
        reverses: target.row === null ? { id: target.entry.id } : { row: target.row },
        note: r.read('note', cellText) ?? null,
      };
    }
    if (r.bad || entry === undefined) return;
    balances.set(resident.id, balance + delta);
    // Its id is known once written; the rules need only to know it exists (named by the sheet's number).
    const made: Entry = {
      id: sheetNumber ?? row.row,
      type,
      delta,
      reverses: reversed?.id ?? null,
      reversedBy: null,
      residentId: resident.id,
    };
    if (reversed) reversed.reversedBy = made.id;
    if (sheetNumber !== null) bySheetNumber.set(sheetNumber, { entry: made, row: row.row });
    adding.push(entry);
  });
  if (ctx.problems.length === 0) dipsInTime(ctx, ledger, adding);
  if (write && ctx.problems.length === 0 && adding.length > 0) {
    const idOfRow = new Map<number, number>();
    const recordedAt = scope.now.toISOString();
    // Every entry's resident and item are on file and checked above, and the entry it reverses is on
    // file or an earlier row, written first: each foreign key holds as its row goes in, checked then
    // by its parent's rowid. Deferred to the commit, one pending violation would make SQLite look for
    // children in every table referring to each parent inserted after it (import residents' trap).
    await loadRows(ctx, ['ledger'], (bulk) =>
      adding.forEach((e, i) => {
        const reverses = e.reverses === null ? null : 'id' in e.reverses ? e.reverses.id : idOfRow.get(e.reverses.row)!;
        const id = bulk.insert('ledger', {
          community_id: communityId,
          resident_id: e.residentId,
          type: e.type,
          delta: e.delta,
          reason: e.reason,
          item_id: e.itemId,
          qty: e.qty,
          activity_id: null,
          reverses,
          note: e.note,
          at: e.at,
          recorded_at: recordedAt,
          operator: ctx.operator,
        });
        idOfRow.set(e.row, id);
        ctx.progress('write', i + 1, adding.length);
      }),
    );
  }
  return { added: adding.length, present };
};

/**
 * A balance is never below zero at any moment (SPEC §5), summed in time order as `doctor` sums it
 * (when each entry happened, then the order it was written: the file's entries before the sheet's,
 * the sheet's in its order). The sheet's order alone is checked row by row above; a row dated
 * before entries already on file is checked here, the dip filed under the last negative row of
 * the sheet at or before it.
 */
function dipsInTime(
  ctx: Parameters<Importer<PointsColumn>>[0],
  onFile: readonly LedgerKey[],
  adding: readonly NewEntry[],
): void {
  const touched = new Set(adding.map((e) => e.residentId));
  type Step = { at: string; delta: number; entry?: NewEntry };
  const steps = new Map<number, Step[]>();
  const push = (residentId: number, step: Step) => steps.set(residentId, [...(steps.get(residentId) ?? []), step]);
  for (const e of onFile) if (touched.has(e.resident_id)) push(e.resident_id, { at: e.at, delta: e.delta });
  for (const e of adding) push(e.residentId, { at: e.at, delta: e.delta, entry: e });
  for (const list of steps.values()) {
    // A stable sort keeps the file's entries, then the sheet's, in their order within one instant.
    list.sort((a, b) => (a.at < b.at ? -1 : a.at > b.at ? 1 : 0));
    let balance = 0;
    let blamed: NewEntry | undefined;
    for (const step of list) {
      balance += step.delta;
      if (step.entry && step.delta < 0) blamed = step.entry;
      if (balance >= 0 || !blamed) continue;
      const row = ctx.sheet.rows.find((r) => r.row === blamed!.row)!;
      new RowReader(ctx, row).fail(
        'at',
        bi(
          `按时间先后，该居民的积分余额在 ${formatSeconds(new Date(step.at), ctx.scope.timeZone)} 会低于零（${balance}）`,
          `in time order the resident's balance goes below zero (${balance}) at ` +
            `${formatSeconds(new Date(step.at), ctx.scope.timeZone)}`,
        ),
      );
      break;
    }
  }
}

const entryKey = (residentId: number, at: string, delta: number, type: string) =>
  `${residentId}|${at}|${delta}|${type}`;

function refuse(zh: string, en: string): never {
  throw new UsageError(bi(zh, en));
}

/**
 * 事由: a reason code or label (a unique part of one too); a clerk's own words that hold one label
 * (`小区夜间巡逻`) are that reason, other words are `other` with the words kept in the note.
 */
function readReason(cell: Cell): { code: PointsReason; text: string | null } {
  const text = cellText(cell);
  if (text === null) return { code: 'other', text: null };
  try {
    return { code: cellCode(pointsReason, text)!, text: null };
  } catch (e) {
    if (!(e instanceof CellProblem)) throw e;
    const within = pointsReason.codes.filter((c) => text.includes(pointsReason.labels[c].zh));
    return within.length === 1 ? { code: within[0]!, text } : { code: 'other', text };
  }
}

const joinNotes = (...notes: (string | null | undefined)[]) => notes.filter(Boolean).join(' · ') || null;
