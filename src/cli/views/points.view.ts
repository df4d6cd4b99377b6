import { bi, inLang } from '../../domain/errors.js';
import * as codes from '../../domain/codes.js';
import type { ActivityWithParticipants } from '../../db/activity.repository.js';
import type { Item } from '../../db/item.repository.js';
import type { BalanceRow, LedgerEntryView, MemberPoints } from '../../db/ledger.repository.js';
import { itemKind } from '../../domain/ledger.js';
import { formatInstant, formatShort } from '../../domain/time.js';
import type { Cli } from '../context.js';
import { WORDS } from '../i18n.js';
import type { Listing } from '../render/listing.js';
import { renderTable } from '../../platform/table.js';

/**
 * The entry JSON of SPEC §5, exactly: `resident` and `item` by name, `activity` by id (titles
 * repeat every week), `reason` the points reason code — `redeem` for a redemption and for the
 * reversal of one.
 */
export function entryRecord(e: LedgerEntryView, tz: string) {
  return {
    entry: e.id,
    resident: e.resident_name,
    delta: e.delta,
    // A points-reason code (SPEC §3), so null for a redemption and its reversal: `item` names it.
    reason: e.reason,
    item: e.item_name,
    activity: e.activity_id,
    at: formatInstant(new Date(e.at), tz),
    operator: e.operator,
    reverses: e.reverses,
  };
}

/**
 * `points ledger --csv`: the entry fields, with the entry type, quantity and note beside them, and
 * last the resident's address: with phones masked (SPEC §3) it tells two residents of one name
 * apart when the ledger is imported again (`import points`).
 */
function entryCsvRecord(e: LedgerEntryView, tz: string) {
  return { ...entryRecord(e, tz), type: e.type, qty: e.qty, note: e.note, address: e.resident_address };
}

const ENTRY_CSV_FIELDS = [
  'entry',
  'type',
  'resident',
  'delta',
  'reason',
  'item',
  'qty',
  'activity',
  'at',
  'operator',
  'reverses',
  'note',
  'address',
] as const;

/** `+10` / `-30`: the sign is the point of a ledger. */
export const signed = (n: number) => (n > 0 ? `+${n}` : String(n));

/** What an entry was for, in words: the reason, the item redeemed, or what it reverses. */
export function entryWhat(cli: Cli, e: LedgerEntryView): string {
  const L = cli.lang;
  const purpose =
    e.item_name !== null
      ? inLang(bi(`兑换 ${e.item_name}×${e.qty}`, `redeemed ${e.item_name} × ${e.qty}`), L)
      : codes.label(codes.pointsReason, e.reason, L);
  return e.type === 'reversal'
    ? inLang(bi(`冲正 #${e.reverses}（${purpose}）`, `reversal of #${e.reverses} (${purpose})`), L)
    : purpose;
}

function entryNote(cli: Cli, e: LedgerEntryView): string {
  const reversed =
    e.reversed_by !== null ? inLang(bi(`已冲正 → #${e.reversed_by}`, `reversed → #${e.reversed_by}`), cli.lang) : null;
  return [e.note, reversed].filter(Boolean).join(' · ');
}

export function entryListing(
  cli: Cli,
  rows: readonly LedgerEntryView[],
  tz: string,
): Listing<LedgerEntryView, ReturnType<typeof entryCsvRecord>> {
  const L = cli.lang;
  return {
    rows,
    record: (e) => entryCsvRecord(e, tz),
    fields: ENTRY_CSV_FIELDS,
    header: [
      inLang(bi('流水号', 'Entry'), L),
      inLang(WORDS.time, L),
      inLang(WORDS.resident, L),
      inLang(bi('积分', 'Points'), L),
      inLang(bi('事由', 'For'), L),
      inLang(bi('活动', 'Activity'), L),
      inLang(WORDS.operator, L),
      inLang(WORDS.note, L),
    ],
    cells: (e) => [
      `#${e.id}`,
      formatShort(new Date(e.at), tz),
      e.resident_name,
      signed(e.delta),
      entryWhat(cli, e),
      e.activity_id !== null ? `${e.activity_title} #${e.activity_id}` : '',
      e.operator,
      entryNote(cli, e),
    ],
    flexible: [2, 5, 6, 7],
    // What an entry was for (a redemption, a reversal) is read whole: wrapped, never cut.
    wrapping: [4],
    // On a narrow terminal the operator gives way; the note (a reversal's link) is cut, not hidden.
    optional: [6],
    empty: inLang(bi('没有符合条件的积分流水。', 'No ledger entries match.'), L),
  };
}

/** `{resident, balance}` (SPEC §5). */
export const balanceRecord = (b: { resident_name: string; balance: number }) => ({
  resident: b.resident_name,
  balance: b.balance,
});

export function balanceListing(
  cli: Cli,
  rows: readonly BalanceRow[],
): Listing<BalanceRow, { resident_id: number; resident: string; balance: number }> {
  const L = cli.lang;
  return {
    rows,
    record: (b) => ({ resident_id: b.resident_id, ...balanceRecord(b) }),
    fields: ['resident_id', 'resident', 'balance'],
    header: [inLang(WORDS.id, L), inLang(WORDS.resident, L), inLang(bi('积分余额', 'Balance'), L)],
    cells: (b) => [b.resident_id, b.resident_name, b.balance],
    empty: inLang(
      bi(
        '还没有积分流水：hongwu points earn <居民> <积分> --reason patrol',
        'No points yet: hongwu points earn <resident> <points> --reason patrol',
      ),
      L,
    ),
  };
}

export const itemRecord = (i: Item) => ({ id: i.id, name: i.name, kind: i.kind, cost: i.cost, stock: i.stock });

export function stockText(cli: Cli, stock: number | null): string {
  return stock === null ? inLang(bi('不限', 'unlimited'), cli.lang) : String(stock);
}

export function itemListing(cli: Cli, rows: readonly Item[]): Listing<Item, ReturnType<typeof itemRecord>> {
  const L = cli.lang;
  return {
    rows,
    record: itemRecord,
    fields: ['id', 'name', 'kind', 'cost', 'stock'],
    columns: {
      name: { header: { zh: '物品', en: 'Item' } },
      kind: { header: { zh: '类型', en: 'Kind' }, codes: itemKind },
    },
    header: [
      inLang(WORDS.id, L),
      inLang(bi('物品', 'Item'), L),
      inLang(bi('类型', 'Kind'), L),
      inLang(bi('所需积分', 'Cost'), L),
      inLang(bi('库存', 'Stock'), L),
    ],
    cells: (i) => [i.id, i.name, codes.label(itemKind, i.kind, L), i.cost, stockText(cli, i.stock)],
    empty: inLang(
      bi(
        '爱心超市还没有物品：hongwu points item add <名称> --cost <积分>',
        'No items yet: hongwu points item add <name> --cost <points>',
      ),
      L,
    ),
  };
}

export const activityRecord = (a: ActivityWithParticipants, tz: string) => ({
  id: a.id,
  title: a.title,
  reason: a.reason,
  points: a.points,
  at: formatInstant(new Date(a.at), tz),
  participants: a.participants,
});

export const memberRecord = (m: MemberPoints) => ({
  id: m.resident_id,
  resident: m.resident_name,
  points: m.team_points,
  balance: m.balance,
});

/** A team page's points sections: its latest activities and its members' points. */
export function renderTeamPoints(
  cli: Cli,
  data: { activities: readonly ActivityWithParticipants[]; members: readonly MemberPoints[] },
  tz: string,
  shown = 10,
): string {
  const L = cli.lang;
  if (data.activities.length === 0) return `\n${inLang(bi('志愿活动：（无）', 'Volunteer activities: (none)'), L)}\n`;
  const more =
    data.activities.length > shown
      ? inLang(
          bi(
            `（最近 ${shown} 次，共 ${data.activities.length} 次）`,
            ` (latest ${shown} of ${data.activities.length})`,
          ),
          L,
        )
      : '';
  const activities = renderTable(
    cli,
    [
      inLang(WORDS.id, L),
      inLang(WORDS.time, L),
      inLang(bi('活动', 'Activity'), L),
      inLang(bi('事由', 'For'), L),
      inLang(bi('每人积分', 'Points each'), L),
      inLang(bi('参与人数', 'Participants'), L),
    ],
    data.activities
      .slice(0, shown)
      .map((a) => [
        a.id,
        formatShort(new Date(a.at), tz),
        a.title,
        codes.label(codes.pointsReason, a.reason, L),
        a.points,
        a.participants,
      ]),
  );
  const members = renderTable(
    cli,
    [
      inLang(WORDS.id, L),
      inLang(WORDS.resident, L),
      inLang(bi('本队活动积分', 'Points from this team'), L),
      inLang(bi('积分余额', 'Balance'), L),
    ],
    data.members.map((m) => [m.resident_id, m.resident_name, m.team_points, m.balance]),
  );
  return (
    `\n${inLang(bi('志愿活动', 'Volunteer activities'), L)}${more}\n${activities}\n` +
    `${inLang(bi('成员积分', "Members' points"), L)}\n${members}`
  );
}

/** A resident page's points section: the balance and the latest entries. */
export function renderResidentPoints(
  cli: Cli,
  data: { balance: number; recent: readonly LedgerEntryView[] },
  tz: string,
): string {
  const L = cli.lang;
  const head = inLang(bi(`积分余额  ${data.balance}`, `Points balance  ${data.balance}`), L);
  if (data.recent.length === 0) return `\n${head}\n`;
  const table = renderTable(
    cli,
    [
      inLang(bi('流水号', 'Entry'), L),
      inLang(WORDS.time, L),
      inLang(bi('积分', 'Points'), L),
      inLang(bi('事由', 'For'), L),
      inLang(WORDS.note, L),
    ],
    data.recent.map((e) => [
      `#${e.id}`,
      formatShort(new Date(e.at), tz),
      signed(e.delta),
      entryWhat(cli, e),
      entryNote(cli, e),
    ]),
  );
  return `\n${head}\n${inLang(bi('最近积分流水', 'Latest points entries'), L)}\n${table}`;
}
