import {
  activitiesOfTeam,
  insertActivity,
  type Activity,
  type ActivityWithParticipants,
} from '../db/activity.repository.js';
import { appendAudit } from '../db/audit.repository.js';
import type { Tx } from '../db/connection.js';
import { changeStock, findItemById, insertItem, listItems, type Item } from '../db/item.repository.js';
import {
  balanceOf,
  balances,
  countEntries,
  entryChunks,
  spendableAt,
  findEntries,
  findEntry,
  insertEntries,
  insertEntry,
  ledgerRefusal,
  listEntries,
  teamMembers,
  type BalanceRow,
  type LedgerEntryView,
  type MemberPoints,
} from '../db/ledger.repository.js';
import { residentNames } from '../db/resident.repository.js';
import { chunksInSnapshot } from '../db/snapshot.js';
import { maxPoints } from '../db/settings.repository.js';
import type { Resident, Team } from '../db/schema.js';
import type { PointsReason } from '../domain/codes.js';
import {
  bi,
  fieldError,
  NotAllowedError,
  refusalAbout,
  usageAbout,
  UsageError,
  zhWord,
  type Bilingual,
} from '../domain/errors.js';
import { step } from '../domain/next-step.js';
import { atBefore, happenedAt } from '../domain/event-time.js';
import { halfWidth } from '../domain/half-width.js';
import { checkAmount, checkRedemption, reversalDelta, type ItemKind } from '../domain/ledger.js';
import { closest } from '../domain/reference.js';
import { formatShort, monthRange } from '../domain/time.js';
import { describeResident, residentMatchesEach, resolveItem, resolveResident, resolveTeam } from './references.js';
import type { Scope } from './session.js';
import { checkName, isBlank } from '../domain/text.js';

/**
 * 志愿积分 · 爱心超市: every change to points is one IMMEDIATE transaction that reads the balance
 * and stock under the write lock, checks the rules, then appends entries. Two terminals redeeming
 * for the same resident are serialised; the database's triggers are the last line of defence.
 */

/** An entry just recorded, with the resident's balance after it. */
export interface Recorded {
  entry: LedgerEntryView;
  balance: number;
}

export async function earn(
  tx: Tx,
  scope: Scope,
  input: { resident: string; points: number; reason: PointsReason; note?: string; at?: Date },
): Promise<Recorded> {
  const at = happenedAt(input.at, scope.now, scope.timeZone);
  return ledgerRules(async () => {
    checkAmount(input.points, 'points', await maxPoints(tx, scope.community.id));
    const resident = await resolveResident(tx, scope.community.id, input.resident);
    const id = await insertEntry(tx, {
      ...stamp(scope, at),
      resident_id: resident.id,
      type: 'earn',
      delta: input.points,
      reason: input.reason,
      note: input.note?.trim() || null,
    });
    return recorded(tx, scope, id, resident.id);
  });
}

export interface ActivityRecorded {
  activity: Activity;
  team: Team;
  entries: LedgerEntryView[];
}

/** 志愿服务活动: one activity of a team; every participant gets the points, all or none. */
export async function recordActivity(
  tx: Tx,
  scope: Scope,
  input: {
    title: string;
    team: string;
    reason: PointsReason;
    points: number;
    participants: readonly string[];
    at?: Date;
  },
): Promise<ActivityRecorded> {
  const title = input.title.trim();
  if (!title)
    throw new UsageError(
      bi('活动名称为空', 'the activity needs a title'),
      bi('例如 "周六夜间巡逻"', 'e.g. "周六夜间巡逻"'),
    );
  if (input.participants.length === 0) {
    throw fieldError(
      'participants',
      bi('没有列出任何人', 'names nobody'),
      bi('用逗号分隔：张三,李四', 'list them separated by commas: 张三,李四'),
    );
  }
  const at = happenedAt(input.at, scope.now, scope.timeZone);
  return ledgerRules(async () => {
    checkAmount(input.points, 'points', await maxPoints(tx, scope.community.id));
    const team = await resolveTeam(tx, scope.community.id, input.team, scope.notify);
    const participants = await resolveParticipants(tx, scope.community.id, input.participants);
    const activity = await insertActivity(tx, {
      community_id: scope.community.id,
      title,
      team_id: team.id,
      reason: input.reason,
      points: input.points,
      at: at.toISOString(),
      recorded_at: scope.now.toISOString(),
      operator: scope.operator,
    });
    const ids = await insertEntries(
      tx,
      participants.map((resident) => ({
        ...stamp(scope, at),
        resident_id: resident.id,
        type: 'earn' as const,
        delta: input.points,
        reason: input.reason,
        activity_id: activity.id,
      })),
    );
    return { activity, team, entries: await findEntries(tx, ids) };
  });
}

/** How many participants that cannot be identified an error names; the rest are counted. */
const LISTED_PROBLEMS = 10;

/**
 * Every participant, or one error naming the unknown and ambiguous names (with the closest names
 * on file), so the clerk fixes the list at once: the first ten of them, and how many more.
 */
async function resolveParticipants(tx: Tx, communityId: number, names: readonly string[]): Promise<Resident[]> {
  const found: Resident[] = [];
  const problems: Bilingual[] = [];
  let unlisted = 0;
  let onFile: Awaited<ReturnType<typeof residentNames>> | undefined;
  const matchesOf = await residentMatchesEach(tx, communityId, names);
  for (const [i, name] of names.entries()) {
    const matches = matchesOf[i]!;
    if (matches.length === 1) {
      found.push(matches[0]!);
    } else if (problems.length === LISTED_PROBLEMS) {
      // An error is one line: the first few names and how many more (not 8,000 names in 164 KB).
      unlisted++;
    } else if (matches.length > 1) {
      const list = matches.slice(0, 4).map(describeResident).join(', ');
      problems.push(bi(`${name}（重名：${list}）`, `${name} (ambiguous: ${list})`));
    } else {
      onFile ??= await residentNames(tx, communityId);
      const close = closest(onFile, name, (r) => r.name).map((r) => describeResident(r));
      const list = close.join(', ');
      problems.push(
        bi(
          `${name}（查无此人${list ? `；是不是 ${list}？` : ''}）`,
          `${name} (not found${list ? `; did you mean ${list}?` : ''})`,
        ),
      );
    }
  }
  if (problems.length) {
    const more = unlisted ? bi(`；另有 ${unlisted} 名未列出`, `; and ${unlisted} more`) : bi('', '');
    throw new NotAllowedError(
      bi(
        `${names.length} 名参与者中有 ${problems.length + unlisted} 名无法确认：${problems.map((p) => p.zh).join('；')}${more.zh}`,
        `${problems.length + unlisted} of ${names.length} participants not identified: ` +
          `${problems.map((p) => p.en).join('; ')}${more.en}`,
      ),
      (s) =>
        bi(
          `未作任何记录；请用编号或电话指定居民，新居民先用 ${s.zh(step('resident add'))} 登记`,
          `nothing was recorded; name residents by id or phone, and add new ones with \`` +
            `${s.en(step('resident add'))}\``,
        ),
    );
  }
  const seen = new Map<number, string>();
  names.forEach((name, i) => {
    const id = found[i]!.id;
    const first = seen.get(id);
    if (first !== undefined) {
      const who = describeResident(found[i]!);
      throw usageAbout('participants', (field) => ({
        text: bi(
          `${who} 在${zhWord(field.zh)}中出现了两次（${first}、${name}）`,
          `${who} is listed twice in ${field.en} (${first}, ${name})`,
        ),
        hint: bi('每位参与者只列一次', 'list each participant once'),
      }));
    }
    seen.set(id, name);
  });
  return found;
}

export async function addItem(
  tx: Tx,
  scope: Scope,
  input: { name: string; cost: number; stock?: number; kind: ItemKind },
): Promise<Item> {
  const name = input.name.trim();
  if (isBlank(name)) throw new UsageError(bi('物品名称为空', 'an item needs a name'));
  checkName(name, bi('物品名称', 'the item name'));
  if (/^#?\d+$/.test(name)) {
    throw new UsageError(
      bi(`“${name}”会被当成物品编号`, `"${name}" would read as an item id`),
      bi('请给物品起一个带文字的名称', 'give the item a name with words in it'),
    );
  }
  const max = await maxPoints(tx, scope.community.id);
  checkAmount(input.cost, 'cost', max);
  // A first stock may be 0: the item is listed before the goods arrive.
  if (input.stock !== undefined) checkAmount(input.stock, 'stock', max, 0);
  const existing = (await listItems(tx, scope.community.id)).find((i) => i.name === name);
  if (existing) {
    throw new NotAllowedError(
      bi(`已有名为“${name}”的物品（#${existing.id}）`, `an item named "${name}" already exists (#${existing.id})`),
      (s) => {
        const restock = step('points item restock', [name, bi('<数量>', '<n>')]);
        return bi(`补货请用 ${s.zh(restock)}`, `add stock with \`${s.en(restock)}\``);
      },
    );
  }
  return insertItem(tx, {
    community_id: scope.community.id,
    name,
    cost: input.cost,
    stock: input.stock ?? null,
    kind: input.kind,
    created_at: scope.now.toISOString(),
  });
}

export function itemList(scope: Scope): Promise<Item[]> {
  return listItems(scope.db, scope.community.id);
}

/** Adds to a counted stock; the change is recorded in the audit log (items keep no history). */
export async function restock(tx: Tx, scope: Scope, { item: ref, n }: { item: string; n: number }): Promise<Item> {
  const item = await resolveItem(tx, scope.community.id, ref, scope.notify);
  if (item.stock === null) {
    throw refusalAbout('stock', (name) => ({
      text: bi(`${item.name} 不限库存，无需补货`, `${item.name} has unlimited stock; there is nothing to restock`),
      hint: bi(`只有添加时给了${zhWord(name.zh)}的物品才计库存`, `only items added with ${name.noun} are counted`),
    }));
  }
  checkAmount(n, 'quantity', await maxPoints(tx, scope.community.id));
  const after = await changeStock(tx, item.id, n);
  await appendAudit(tx, {
    at: scope.now.toISOString(),
    operator: scope.operator,
    action: 'points.item.restock',
    subject: `item:${item.id}`,
    note: `+${n}: ${item.stock} → ${after.stock}`,
  });
  return after;
}

/** 爱心超市兑换: cost × quantity from the balance, quantity from the stock, or nothing at all. */
export async function redeem(
  tx: Tx,
  scope: Scope,
  input: { resident: string; item: string; qty: number; at?: Date },
): Promise<Recorded & { item: Item }> {
  const at = happenedAt(input.at, scope.now, scope.timeZone);
  return ledgerRules(async () => {
    const resident = await resolveResident(tx, scope.community.id, input.resident);
    const item = await resolveItem(tx, scope.community.id, input.item, scope.notify);
    checkAmount(input.qty, 'quantity', await maxPoints(tx, scope.community.id));
    const balance = await spendableAt(tx, resident.id, at.toISOString());
    // Backdated: what could be spent then (the message says when, as the balance now may be more).
    const name = at < scope.now ? `${resident.name} @ ${formatShort(at, scope.timeZone)}` : resident.name;
    const delta = checkRedemption({ name, balance }, item, input.qty);
    const id = await insertEntry(tx, {
      ...stamp(scope, at),
      resident_id: resident.id,
      type: 'redeem',
      delta,
      item_id: item.id,
      qty: input.qty,
    });
    const after = item.stock === null ? item : await changeStock(tx, item.id, -input.qty);
    return { ...(await recorded(tx, scope, id, resident.id)), item: after };
  });
}

/**
 * The only correction: the opposite entry, linked to the original, with its reason, item and
 * activity. Reversing a redemption also puts the stock back.
 */
const LEDGER = step('points ledger');

export async function reverse(
  tx: Tx,
  scope: Scope,
  input: { entry: string; reason: string; at?: Date },
): Promise<Recorded> {
  const text = halfWidth(input.entry).trim();
  if (!/^#?\d{1,12}$/.test(text)) {
    throw new UsageError(bi(`“${input.entry}”不是积分记录编号`, `"${input.entry}" is not an entry number`), (s) =>
      bi(`记录编号见 ${s.zh(LEDGER)}`, `entry numbers are shown by \`${s.en(LEDGER)}\``),
    );
  }
  const note = input.reason.trim();
  if (!note) throw fieldError('reason', bi('为空', 'is empty'), bi('请写明冲正原因', 'say why the entry is reversed'));
  return ledgerRules(async () => {
    const original = await findEntry(tx, scope.community.id, Number(text.replace('#', '')));
    if (!original) {
      throw new NotAllowedError(
        bi(`${scope.community.name}没有积分流水 ${text}`, `no ledger entry ${text} in ${scope.community.name}`),
        (s) => bi(`可用 ${s.zh(LEDGER)} 查看`, `see \`${s.en(LEDGER)}\``),
      );
    }
    const at = happenedAt(input.at, scope.now, scope.timeZone);
    if (at < new Date(original.at))
      throw atBefore(at, bi('被冲正的流水', 'the entry it reverses'), new Date(original.at), scope.timeZone);
    // Reversing an earning takes points back: what could be spent then must cover it.
    const balance = await spendableAt(tx, original.resident_id, at.toISOString());
    const delta = reversalDelta(
      {
        id: original.id,
        type: original.type,
        delta: original.delta,
        reverses: original.reverses,
        reversedBy: original.reversed_by,
      },
      { name: original.resident_name, balance },
    );
    const id = await insertEntry(tx, {
      ...stamp(scope, at),
      resident_id: original.resident_id,
      type: 'reversal',
      delta,
      reason: original.reason,
      item_id: original.item_id,
      qty: original.qty,
      activity_id: original.activity_id,
      reverses: original.id,
      note,
    });
    if (original.type === 'redeem' && original.item_id !== null) {
      const item = await findItemById(tx, scope.community.id, original.item_id);
      if (item && item.stock !== null) await changeStock(tx, item.id, original.qty ?? 0);
    }
    return recorded(tx, scope, id, original.resident_id);
  });
}

export interface ResidentBalance {
  resident: Resident;
  balance: number;
}

export async function residentBalance(scope: Scope, ref: string): Promise<ResidentBalance> {
  const resident = await resolveResident(scope.db, scope.community.id, ref);
  return { resident, balance: await balanceOf(scope.db, resident.id) };
}

export function allBalances(scope: Scope): Promise<BalanceRow[]> {
  return balances(scope.db, scope.community.id);
}

export interface LedgerPage {
  entries: LedgerEntryView[];
  /** How many entries match, when `limit` kept some out. */
  total: number;
  resident?: ResidentBalance;
}

/** The ledger, oldest first: of the community or one resident, of one month or all time. */
export async function ledger(
  scope: Scope,
  input: { resident?: string; month?: string; limit?: number },
): Promise<LedgerPage> {
  const { filter, resident } = await ledgerFilter(scope, input);
  const entries = await listEntries(scope.db, { ...filter, limit: input.limit });
  const total =
    input.limit !== undefined && entries.length >= input.limit ? await countEntries(scope.db, filter) : entries.length;
  return { entries, total, resident };
}

/**
 * The same ledger, every entry, a chunk at a time in one snapshot of the file (`--json`, `--csv`): a whole
 * community's entries never sit in memory at once (issue #21). The resident is found first, so that a name that
 * matches nobody fails before any output.
 */
export async function ledgerChunks(
  scope: Scope,
  input: { resident?: string; month?: string },
): Promise<AsyncGenerator<LedgerEntryView[]>> {
  const { filter } = await ledgerFilter(scope, input);
  return chunksInSnapshot(scope.store, () => entryChunks(scope.db, filter, LEDGER_CHUNK));
}

/** Entries a chunk holds: a few hundred KiB of rows. */
const LEDGER_CHUNK = 500;

async function ledgerFilter(scope: Scope, input: { resident?: string; month?: string }) {
  const resident = input.resident === undefined ? undefined : await residentBalance(scope, input.resident);
  const range = input.month ? monthRange(input.month, scope.timeZone) : undefined;
  const filter = {
    communityId: scope.community.id,
    residentId: resident?.resident.id,
    from: range?.start.toISOString(),
    before: range?.end.toISOString(),
  };
  return { filter, resident };
}

/** What a resident's page shows of points: the balance and the latest entries, newest first. */
export async function residentPoints(
  scope: Scope,
  residentId: number,
  recent = 5,
): Promise<{ balance: number; recent: LedgerEntryView[] }> {
  const [balance, entries] = await Promise.all([
    balanceOf(scope.db, residentId),
    listEntries(scope.db, { communityId: scope.community.id, residentId, limit: recent }),
  ]);
  return { balance, recent: entries.reverse() };
}

/** What a team's page shows of points: its activities (newest first) and its members' points. */
export async function teamPoints(
  scope: Scope,
  teamId: number,
): Promise<{ activities: ActivityWithParticipants[]; members: MemberPoints[] }> {
  const [activities, members] = await Promise.all([activitiesOfTeam(scope.db, teamId), teamMembers(scope.db, teamId)]);
  return { activities, members };
}

/**
 * Points work in the caller's transaction; should a trigger ever refuse, the clerk sees why
 * (exit 1), and the caller's transaction rolls back.
 */
async function ledgerRules<T>(work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (e) {
    throw refusalError(e) ?? e;
  }
}

/** The database's own refusal (migration 0002's triggers and checks) as a NotAllowedError. */
export function refusalError(e: unknown): NotAllowedError | undefined {
  switch (ledgerRefusal(e)) {
    case 'negative_balance':
      return new NotAllowedError(bi('积分余额不能小于零', 'a points balance cannot go below zero'), (s) =>
        bi(
          `未作任何记录；可用 ${s.zh(step('points balance'))} 查看`,
          `nothing was recorded; see \`${s.en(step('points balance'))}\``,
        ),
      );
    case 'negative_stock':
      return new NotAllowedError(bi('库存不能小于零', 'an item stock cannot go below zero'), (s) =>
        bi(
          `未作任何记录；可用 ${s.zh(step('points item list'))} 查看`,
          `nothing was recorded; see \`${s.en(step('points item list'))}\``,
        ),
      );
    case 'append_only':
      return new NotAllowedError(bi('积分台账只能追加，不能修改或删除', 'the points ledger is append-only'), (s) => {
        const correct = step('points reverse', [bi('<记录编号>', '<entry>')], { reason: bi('<原因>', '<text>') });
        return bi(`更正请用 ${s.zh(correct)}`, `correct an entry with \`${s.en(correct)}\``);
      });
    default:
      return undefined;
  }
}

async function recorded(tx: Tx, scope: Scope, id: number, residentId: number): Promise<Recorded> {
  const entry = (await findEntry(tx, scope.community.id, id))!;
  return { entry, balance: await balanceOf(tx, residentId) };
}

function stamp(scope: Scope, at: Date) {
  return {
    community_id: scope.community.id,
    at: at.toISOString(),
    recorded_at: scope.now.toISOString(),
    operator: scope.operator,
  };
}
