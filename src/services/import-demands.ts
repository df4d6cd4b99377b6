import { loadCalendar } from '../db/calendar.repository.js';
import {
  withRowChecksAfter,
  cacheForBulk,
  countRows,
  demandKeys,
  dropIndexes,
  rebuildIndexes,
  demandNumbers,
  numberSeqs,
  residentKeys,
  teamKeys,
  type ResidentKey,
} from '../db/import.repository.js';
import type { DemandEventType } from '../db/schema.js';
import { readCommunitySettings } from '../db/settings.repository.js';
import * as codes from '../domain/codes.js';
import type { Outcome, Rating, Status } from '../domain/codes.js';
import { deadlinesFor, durationsOf, tiersFrom } from '../domain/deadlines.js';
import { nextStatus, type DemandAction } from '../domain/demand-state.js';
import { bi, UsageError } from '../domain/errors.js';
import { atBefore, happenedAt } from '../domain/event-time.js';
import { halfWidth } from '../domain/half-width.js';
import {
  CellProblem,
  cellCode,
  cellPhone,
  cellText,
  cellTime,
  type Cell,
  type ColumnSpec,
} from '../domain/import-cells.js';
import type { NamesakeHints } from '../domain/namesakes.js';
import { step } from '../domain/next-step.js';
import { isoString } from '../domain/iso.js';
import { FIRST_YEAR, monthOf } from '../domain/time.js';
import { isDemandNumber } from './demand.service.js';
import {
  historyEvents,
  historyVisits,
  replayEvent,
  replayVisit,
  type HistoryEvent,
  type HistoryVisit,
  type Replayed,
} from './import-history.js';
import { loadRows, PeopleIndex, required, RowReader, type ImportContext, type Importer } from './import.service.js';
import { loadNamePinyin } from './name-pinyin.js';

/**
 * 诉求台账: the columns of `list --csv` (codes) and of `list --csv --labels`, the columns of
 * SPEC §11, and what clerks write for them.
 */
export const DEMAND_COLUMNS = [
  { key: 'number', names: ['number', '编号', '诉求编号', '工单号'] },
  { key: 'community', names: ['community', '社区'] },
  {
    key: 'received_at',
    names: ['received_at', '受理时间', '受理日期', '登记时间', '来访时间', '接收时间'],
    required: true,
  },
  { key: 'summary', names: ['summary', '诉求内容', '事项', '内容', '诉求', '诉求事项', '问题描述'], required: true },
  { key: 'channel', names: ['channel', '渠道', '来源', '受理渠道', '诉求渠道'], required: true },
  { key: 'category', names: ['category', '类别', '分类', '诉求类别', '问题类别'], required: true },
  { key: 'kind', names: ['kind', '性质', '诉求性质'] },
  { key: 'tier', names: ['tier', '分级', '办理分级', '级别'] },
  { key: 'status', names: ['status', '状态', '办理状态'] },
  { key: 'resident', names: ['resident', '居民', '姓名', '居民姓名', '诉求人', '反映人'] },
  { key: 'phone', names: ['phone', '电话', '联系电话', '手机'] },
  { key: 'address', names: ['address', '地址', '住址', '房号'] },
  { key: 'resident_created_at', names: ['resident_created_at', '居民登记时间'] },
  { key: 'response_due_at', names: ['response_due_at', '响应期限'] },
  { key: 'resolve_due_at', names: ['resolve_due_at', 'due', '办结期限', '期限'] },
  { key: 'assignee', names: ['assignee', '分派给', '承办', '承办人', '承办单位', '责任单位'] },
  { key: 'assignee_address', names: ['assignee_address', '承办人住址', '承办住址', '分派给住址'] },
  { key: 'assignee_created_at', names: ['assignee_created_at', '承办人登记时间'] },
  { key: 'assigned_at', names: ['assigned_at', '分派时间'] },
  { key: 'responded_at', names: ['responded_at', '首次响应', '响应时间', '首次响应时间'] },
  { key: 'resolved_at', names: ['resolved_at', '办结时间', '办结日期'] },
  { key: 'outcome', names: ['outcome', '办结情况', '结果', '办理结果'] },
  { key: 'note', names: ['resolve_note', '办结说明', '办理情况', '处理情况'] },
  { key: 'rating', names: ['rating', '评价', '满意度', '回访评价'] },
  { key: 'rated_at', names: ['rated_at', '评价时间', '回访时间'] },
  { key: 'comment', names: ['comment', '评价意见', '回访意见'] },
  { key: 'cancel_reason', names: ['cancel_reason', '撤销原因'] },
  { key: 'cancelled_at', names: ['cancelled_at', '撤销时间'] },
  { key: 'events', names: ['events', '办理记录'] },
  { key: 'visits', names: ['visits', '回访记录'] },
] as const satisfies readonly ColumnSpec[];
type DemandColumn = (typeof DEMAND_COLUMNS)[number]['key'];

interface NewEvent {
  type: DemandEventType;
  at: Date;
  note: string | null;
  status: Status;
  teamId?: number;
  residentId?: number;
  outcome?: Outcome;
  rating?: Rating;
  dueAt?: string;
}

interface NewDemand {
  row: number;
  /** Given by the sheet, or null: numbered from the month of receipt once every row is read. */
  number: string | null;
  month: string;
  values: {
    summary: string;
    channel: codes.Channel;
    category: codes.Category;
    kind: codes.Kind;
    tier: codes.Tier;
    phone: string | null;
    address: string | null;
    received_at: string;
    response_due_at: string;
    resolve_due_at: string;
    resolve_due_unit: 'wd' | null;
  };
  residentId: number | null;
  events: NewEvent[];
  /** Where its history leaves it: its last event's, or a final return visit's (closed unrated). */
  status: Status;
  /** Return visits that reached no rating (a replayed history's). */
  visits: HistoryVisit[];
  /** When a replayed history left it paused. */
  pausedAt: string | null;
}

/** A resident an import registers (intake's rule: a name with a phone that is new). */
interface NewResident {
  name: string;
  phone: string;
  address: string | null;
  at: string;
}

/**
 * 诉求 with their history. Each row is checked as the loop's commands would check it, with the
 * same domain rules (the deadlines of the community's tiers and calendar, the state machine, the
 * order of events), against references read once; then every demand, its events and the residents
 * it registers are written with the bulk path's prepared statements.
 *
 * A row is already present when its number is on file in this community, or, without a number,
 * when a demand with the same received time, summary and phone (or resident) is.
 */
export const importDemands: Importer<DemandColumn> = async (ctx, write) => {
  const { scope } = ctx;
  const communityId = scope.community.id;
  const tiers = tiersFrom(await readCommunitySettings(ctx.tx, communityId), scope.timedResolveDays);
  const needsCalendar = codes.tier.codes.some((t) => durationsOf(t, tiers).some((d) => d.unit === 'wd'));
  const calendar = needsCalendar ? await loadCalendar(ctx.tx, `${FIRST_YEAR}-01-01`) : undefined;
  const teams = await teamKeys(ctx.tx, communityId);
  const refs = {
    people: new PeopleIndex(await residentKeys(ctx.tx, communityId)),
    teams: new Map(teams.map((t) => [t.name, t.id])),
    teamNames: teams,
    numbers: await demandNumbers(scope.store, ctx.tx, numbersGiven(ctx)),
    keys: new Set(
      (await demandKeys(scope.store, ctx.tx, communityId)).map((d) =>
        sameDemand(d.received_at, d.summary, d.phone, d.resident_id),
      ),
    ),
    newResidents: [] as NewResident[],
  };
  const adding: NewDemand[] = [];
  let present = 0;
  const rows = ctx.sheet.rows;
  for (let i = 0; i < rows.length; i++) {
    ctx.progress('check', i + 1);
    const r = new RowReader(ctx, rows[i]!);
    const demand = checkRow(ctx, r, refs, { tiers, calendar });
    if (demand === 'present') present++;
    else if (demand && !r.bad) adding.push(demand);
  }
  if (ctx.problems.length > 0) return { added: adding.length, present };
  await numberFromMonths(ctx, adding);
  if (write && adding.length > 0) await writeDemands(ctx, adding, refs.newResidents);
  return { added: adding.length, present };
};

type Refs = {
  people: PeopleIndex;
  teams: Map<string, number>;
  teamNames: { id: number; name: string }[];
  numbers: Map<string, number>;
  keys: Set<string>;
  newResidents: NewResident[];
};

const sameDemand = (receivedAt: string, summary: string, phone: string | null, residentId: number | null) =>
  `${receivedAt}\u0000${summary}\u0000${phone ?? residentId ?? ''}`;

function checkRow(
  ctx: ImportContext<DemandColumn>,
  r: RowReader<DemandColumn>,
  refs: Refs,
  rules: { tiers: ReturnType<typeof tiersFrom>; calendar?: Awaited<ReturnType<typeof loadCalendar>> },
): NewDemand | 'present' | undefined {
  const { scope } = ctx;
  const tz = scope.timeZone;
  const when = (key: DemandColumn, dateOnly: 'start' | 'end' = 'start') =>
    r.read(key, (c) => cellTime(c, tz, scope.now, dateOnly));
  const number = r.read('number', readNumber);
  const community = r.read('community', cellText);
  if (community && community !== scope.community.code && community !== scope.community.name) {
    r.fail('community', (s) =>
      bi(
        `属于另一个社区：请用 ${s.flag('community')} ${community} 导入这些行`,
        `belongs to another community: import these rows with ${s.flag('community')} ${community}`,
      ),
    );
  }
  const receivedAt = r.read('received_at', (c) =>
    happenedAt(required(cellTime(c, tz, scope.now), bi('受理时间', 'the received time')), scope.now, tz),
  );
  const summary = r.read('summary', (c) => required(cellText(c), bi('诉求内容', 'the summary')));
  const channel = r.read('channel', (c) => required(cellCode(codes.channel, c), bi('渠道', 'the channel')));
  const category = r.read('category', (c) => required(cellCode(codes.category, c), bi('类别', 'the category')));
  const kind = r.read('kind', (c) => cellCode(codes.kind, c) ?? 'request');
  const tier = r.read('tier', (c) => cellCode(codes.tier, c) ?? 'timed');
  const statusGiven = r.read('status', (c) => cellCode(codes.status, c));
  const phoneCell = r.read('phone', cellPhone);
  const phone = phoneCell && 'phone' in phoneCell ? phoneCell.phone : null;
  const residentName = r.read('resident', cellText) ?? null;
  const address = r.read('address', cellText) ?? null;
  const registered = when('resident_created_at');
  const due = when('resolve_due_at', 'end');
  const responseDue = when('response_due_at');
  if (
    r.bad ||
    receivedAt === undefined ||
    summary === undefined ||
    !channel ||
    !category ||
    !kind ||
    !tier ||
    due === undefined ||
    registered === undefined
  )
    return undefined;

  if (number) {
    const owner = refs.numbers.get(number);
    if (owner === scope.community.id) return 'present';
    if (owner !== undefined)
      return void r.fail(
        'number',
        bi('该编号已属于另一个社区的诉求', 'the number belongs to a demand of another community'),
      );
  }
  const masked = phoneCell && 'masked' in phoneCell ? phoneCell.masked : null;
  const hints = { masked, address, registered: registered?.getTime() ?? null };
  const resident = r.check('resident', () => residentOf(refs, residentName, phone, hints, receivedAt));
  if (resident === undefined) return undefined;
  const receivedIso = isoString(receivedAt.getTime());
  const key = sameDemand(receivedIso, summary, phone ?? resident?.phone ?? null, resident?.id ?? null);
  if (!number && refs.keys.has(key)) return 'present';

  const deadlines = r.check('resolve_due_at', () => {
    if (tier === 'major' && !due)
      throw new UsageError(bi('专项推诉求必须有办结期限', 'a major (专项推) demand needs a due date'));
    if (due && due <= receivedAt)
      throw new UsageError(bi('办结期限不晚于受理时间', 'the due date is not after the received time'));
    return deadlinesFor(tier, receivedAt, scope.timeZone, {
      due: due ?? undefined,
      tiers: rules.tiers,
      calendar: rules.calendar,
    });
  });
  if (!deadlines) return undefined;
  const resolveDueIso = isoString(deadlines.resolveDueAt.getTime());
  const history = r.has('events') ? r.read('events', historyEvents) : null;
  const visits = r.has('visits') ? r.read('visits', historyVisits) : [];
  if (history === undefined || visits === undefined) return undefined;
  const replayed = history
    ? replayHistory(ctx, r, refs, history, visits, { number: number ?? `第 ${r.row.row} 行`, receivedAt })
    : undefined;
  const events =
    replayed?.events ??
    historyOf(ctx, r, refs, {
      number: number ?? null,
      receivedAt,
      statusGiven: statusGiven ?? null,
      resolveDueAt: resolveDueIso,
    });
  if (!events) return undefined;
  // A replayed history keeps the unit of its deadline at intake (for a later resume's move).
  const intakeDue = events[0]!.dueAt;
  const computed =
    history && tier !== 'major'
      ? deadlinesFor(tier, receivedAt, tz, { tiers: rules.tiers, calendar: rules.calendar })
      : null;
  const unit = !history
    ? deadlines.resolveUnit
    : computed?.resolveUnit && isoString(computed.resolveDueAt.getTime()) === intakeDue
      ? computed.resolveUnit
      : null;
  // Taken: a later row with the same number or the same key is the same demand.
  if (number) refs.numbers.set(number, scope.community.id);
  refs.keys.add(key);
  return {
    row: r.row.row,
    number: number ?? null,
    month: monthOf(receivedAt, tz).replace('-', ''),
    values: {
      summary,
      channel,
      category,
      kind,
      tier,
      phone: phone ?? resident?.phone ?? null,
      address: address ?? resident?.address ?? null,
      received_at: receivedIso,
      response_due_at: isoString((responseDue ?? deadlines.responseDueAt).getTime()),
      resolve_due_at: resolveDueIso,
      resolve_due_unit: unit,
    },
    residentId: resident?.id ?? null,
    status: replayed?.status ?? events[events.length - 1]!.status,
    visits: replayed?.visits ?? [],
    pausedAt: replayed?.pausedAt ?? null,
    events,
  };
}

/**
 * The resident of a row, by intake's rule: the one of that name (the phone tells namesakes apart;
 * without a full one, the address, a masked phone and an export's 居民登记时间 do), else a new one
 * from a name with a phone not on file; without a name, the one the phone belongs to.
 */
function residentOf(
  refs: Refs,
  name: string | null,
  phone: string | null,
  hints: NamesakeHints,
  at: Date,
): ResidentKey | null {
  const byPhone = phone ? refs.people.withPhone(phone) : undefined;
  if (name === null) return byPhone ?? null;
  let named = refs.people.named(name);
  if (phone && named.length > 1) named = named.filter((p) => p === byPhone);
  if (!phone && named.length > 1) {
    const fitting = refs.people.namesakes(name, hints);
    if (fitting.length > 0) named = fitting;
  }
  if (named.length === 1) return named[0]!;
  if (named.length > 1)
    throw new CellProblem(
      bi(
        `有 ${named.length} 位居民叫“${name}”：请在电话列写明是哪一位`,
        `${named.length} residents are called "${name}": give the phone to say which`,
      ),
    );
  if (!phone)
    throw new CellProblem(
      bi(
        `没有居民“${name}”：新居民须同时写明电话，或先导入居民`,
        `no resident "${name}": a new resident needs a phone, or import the residents first`,
      ),
    );
  if (byPhone)
    throw new CellProblem(bi(`电话已登记给 ${byPhone.name}`, `the phone already belongs to ${byPhone.name}`));
  const created = at.toISOString();
  refs.newResidents.push({ name, phone, address: hints.address, at: created });
  const made = { id: -refs.newResidents.length, name, phone, address: hints.address, created_at: created };
  refs.people.add(made);
  return made;
}

/**
 * A history exported by `list --csv --history`, replayed event by event and visit by visit through
 * the rules (import-history.ts); the assignees found as `assign --to` finds them. What a rule refuses
 * is a problem of the 办理记录 column.
 */
function replayHistory(
  ctx: ImportContext<DemandColumn>,
  r: RowReader<DemandColumn>,
  refs: Refs,
  history: readonly HistoryEvent[],
  visits: readonly HistoryVisit[],
  facts: { number: string; receivedAt: Date },
): { events: NewEvent[]; visits: HistoryVisit[]; pausedAt: string | null; status: Status } | undefined {
  const rules = { number: facts.number, now: ctx.scope.now, timeZone: ctx.scope.timeZone };
  return r.check('events', () => {
    if (history[0]!.at.getTime() !== facts.receivedAt.getTime())
      throw new CellProblem(bi('受理记录的时间与受理时间不符', 'its intake is not at the received time'));
    let state: Replayed = { status: 'open', paused: false, hasAssignee: false, last: facts.receivedAt };
    let pausedAt: string | null = null;
    let v = 0;
    const events = history.map((e) => {
      for (; v < visits.length && visits[v]!.at < e.at; v++) state = replayVisit(state, visits[v]!, rules);
      state = replayEvent(state, e, rules);
      if (e.type === 'pause') pausedAt = isoString(e.at.getTime());
      if (e.type === 'resume') pausedAt = null;
      const to =
        e.type === 'assign' && e.assignee !== null
          ? assigneeOf(refs, e.assignee, {
              address: e.assigneeAddress,
              masked: null,
              registered: e.assigneeRegistered?.getTime() ?? null,
            })
          : {};
      return {
        type: e.type,
        at: e.at,
        note: e.note,
        status: e.status,
        ...to,
        ...(e.outcome ? { outcome: e.outcome } : {}),
        ...(e.rating ? { rating: e.rating } : {}),
        ...(e.dueAt ? { dueAt: e.dueAt } : {}),
      };
    });
    for (; v < visits.length; v++) state = replayVisit(state, visits[v]!, rules);
    return { events, visits: [...visits], pausedAt, status: state.status };
  });
}

/**
 * The events the row's columns give, in the loop's order: intake, assign, resolve, rate, cancel.
 * Each step goes through the state machine; each time may not come before the one before it.
 * A time a column does not give is that of the step it follows (a rating without its time is
 * dated at the resolve); an export's reopened demand (unsatisfied, no resolve time any more) is
 * resolved and rated at its rating's time.
 */
function historyOf(
  ctx: ImportContext<DemandColumn>,
  r: RowReader<DemandColumn>,
  refs: Refs,
  facts: { number: string | null; receivedAt: Date; statusGiven: Status | null; resolveDueAt: string },
): NewEvent[] | undefined {
  const { scope } = ctx;
  const tz = scope.timeZone;
  const when = (key: DemandColumn) => r.read(key, (c) => cellTime(c, tz, scope.now));
  const assignee = r.read('assignee', cellText);
  const assigneeAddress = r.read('assignee_address', cellText) ?? null;
  const assigneeRegistered = when('assignee_created_at');
  const assignedAt = when('assigned_at');
  const respondedAt = when('responded_at');
  const resolvedAt = when('resolved_at');
  const outcome = r.read('outcome', (c) => cellCode(codes.outcome, c));
  const note = r.read('note', cellText);
  const rating = r.read('rating', (c) => cellCode(codes.rating, c));
  const ratedAt = when('rated_at');
  const comment = r.read('comment', cellText);
  const cancelReason = r.read('cancel_reason', cellText);
  const cancelledAt = when('cancelled_at');
  if (r.bad) return undefined;

  const events: NewEvent[] = [
    { type: 'intake', at: facts.receivedAt, note: null, status: 'open', dueAt: facts.resolveDueAt },
  ];
  let status: Status = 'open';
  let hasAssignee = false;
  const advance = (
    key: DemandColumn,
    action: DemandAction,
    at: Date,
    event: Omit<NewEvent, 'type' | 'at' | 'status'>,
  ): boolean => {
    const ok = r.check(key, () => {
      const last = events[events.length - 1]!.at;
      if (at < last) throw atBefore(at, bi('前一步办理', 'the step before'), last, tz);
      happenedAt(at, scope.now, tz);
      return nextStatus(status, action, facts.number ?? `第 ${r.row.row} 行`);
    });
    if (ok === undefined) return false;
    status = ok;
    events.push({ type: action.type as DemandEventType, at, status, ...event });
    return true;
  };
  const lastAt = () => events[events.length - 1]!.at;

  if (assignee) {
    const hints = { address: assigneeAddress, masked: null, registered: assigneeRegistered?.getTime() ?? null };
    const to = r.check('assignee', () => assigneeOf(refs, assignee, hints));
    if (!to) return undefined;
    const at =
      assignedAt ?? (respondedAt && (!resolvedAt || respondedAt <= resolvedAt) ? respondedAt : facts.receivedAt);
    if (!advance('assigned_at', { type: 'assign' }, at, { note: null, ...to })) return undefined;
    hasAssignee = true;
  }
  const reopened =
    !resolvedAt && rating === 'unsatisfied' && (facts.statusGiven === 'open' || facts.statusGiven === 'assigned');
  // Unsatisfied, yet resolved: reopened by the rating and resolved again (the export keeps the last resolve).
  const resolvedAgain = resolvedAt && rating === 'unsatisfied' && facts.statusGiven === 'resolved';
  const resolveAt = resolvedAt ?? (reopened ? (ratedAt ?? lastAt()) : null);
  const resolve = (at: Date) =>
    advance('resolved_at', { type: 'resolve' }, at, { note: note ?? null, outcome: outcome ?? 'resolved' });
  if (resolveAt && !resolve(resolveAt)) return undefined;
  if (rating) {
    const final = rating === 'unsatisfied' && facts.statusGiven === 'closed';
    if (
      !advance('rating', { type: 'rate', rating, final, hasAssignee }, ratedAt ?? lastAt(), {
        note: comment ?? null,
        rating,
      })
    )
      return undefined;
    if (resolvedAgain && !resolve(lastAt())) return undefined;
  }
  if (cancelReason || cancelledAt || facts.statusGiven === 'cancelled') {
    if (!advance('cancel_reason', { type: 'cancel' }, cancelledAt ?? lastAt(), { note: cancelReason ?? null }))
      return undefined;
  }
  if (facts.statusGiven && facts.statusGiven !== status) {
    const given = codes.label(codes.status, facts.statusGiven, 'zh');
    const derived = codes.label(codes.status, status, 'zh');
    r.fail(
      'status',
      bi(
        `与各列不符：按分派、办结、评价、撤销各列应为“${derived}”`,
        `does not agree with the other columns: they make it ${status} (${given} given)`,
      ),
    );
    return undefined;
  }
  return events;
}

/**
 * An assignee as `assign --to` finds one: a team by its exact name, else one resident of that name, else a unique part
 * of a team's name. An export's 承办人住址 and 承办人登记时间 (given only for a resident) pick the resident of that
 * name from among namesakes (domain/namesakes.ts), before any team.
 */
function assigneeOf(refs: Refs, text: string, hints: NamesakeHints): { teamId: number } | { residentId: number } {
  const given = hints.address !== null || hints.registered != null;
  const living = given ? refs.people.namesakes(text, hints) : [];
  if (living.length === 1) return { residentId: living[0]!.id };
  const team = refs.teams.get(text);
  if (team !== undefined) return { teamId: team };
  const residents = living.length > 1 ? living : refs.people.named(text);
  if (residents.length === 1) return { residentId: residents[0]!.id };
  const parts = refs.teamNames.filter((t) => t.name.includes(text));
  if (parts.length === 1) return { teamId: parts[0]!.id };
  if (residents.length > 1)
    throw new CellProblem(
      bi(`有 ${residents.length} 位居民叫“${text}”`, `${residents.length} residents are called "${text}"`),
    );
  throw new CellProblem(
    parts.length > 1
      ? bi(
          `可指多支队伍：${parts.map((t) => t.name).join('、')}`,
          `could be several teams: ${parts.map((t) => t.name).join(', ')}`,
        )
      : (s) =>
          bi(
            `没有这支队伍或这位居民：队伍请先导入（${s.zh(step('import teams'))}）`,
            `no such team or resident: import the teams first (${s.en(step('import teams'))})`,
          ),
  );
}

/**
 * The numbers the sheet's number column gives, as `readNumber` reads them (a cell that is no
 * number is its row's problem, reported by the row's check): only these are looked up on file.
 */
function numbersGiven(ctx: ImportContext<DemandColumn>): string[] {
  const at = ctx.sheet.at.get('number');
  if (at === undefined) return [];
  const numbers: string[] = [];
  for (const row of ctx.sheet.rows) {
    try {
      const number = readNumber(row.cells[at] ?? null);
      if (number) numbers.push(number);
    } catch {
      // Not a number: the row's own check files the problem.
    }
  }
  return numbers;
}

/** Numbers for the rows without one: the next of their month of receipt, after every number in the file and the sheet.
 * */
async function numberFromMonths(ctx: ImportContext<DemandColumn>, adding: NewDemand[]): Promise<void> {
  if (adding.every((d) => d.number)) return;
  // Only the months that number a row are looked up, each by the numbers' index.
  const seqs = await numberSeqs(
    ctx.scope.store,
    ctx.tx,
    adding.filter((d) => !d.number).map((d) => d.month),
  );
  for (const d of adding) {
    if (!d.number) continue;
    const [month, seq] = d.number.split('-') as [string, string];
    if (seqs.has(month)) seqs.set(month, Math.max(seqs.get(month)!, Number(seq)));
  }
  for (const d of adding) {
    if (d.number) continue;
    const seq = (seqs.get(d.month) ?? 0) + 1;
    seqs.set(d.month, seq);
    d.number = `${d.month}-${String(seq).padStart(4, '0')}`;
  }
}

async function writeDemands(
  ctx: ImportContext<DemandColumn>,
  adding: readonly NewDemand[],
  newResidents: readonly NewResident[],
): Promise<void> {
  const { scope } = ctx;
  const communityId = scope.community.id;
  const spell = newResidents.length ? await loadNamePinyin() : undefined;
  const recordedAt = scope.now.toISOString();
  const operator = ctx.operator;
  await loadRows(
    ctx,
    ['residents', 'demands', 'demand_events', 'demand_visits'],
    (bulk) => {
      // Each table is written whole before the rows that refer to it: the foreign keys are checked
      // as each row goes in, by the rowid of its parent, with no child index to look up.
      const made = newResidents.map((p) =>
        bulk.insert('residents', {
          community_id: communityId,
          name: p.name,
          phone: p.phone,
          address: p.address,
          created_at: p.at,
          ...spell!(p.name),
        }),
      );
      bulk.flush();
      const idOf = (id: number | null | undefined) =>
        id === null || id === undefined ? null : id < 0 ? made[-id - 1]! : id;
      const ids = adding.map((d, i) => {
        ctx.progress('write', i + 1, adding.length);
        return bulk.insert('demands', demandRow(d, communityId, idOf));
      });
      bulk.flush();
      adding.forEach((d, i) => {
        for (const e of d.events) {
          bulk.insert('demand_events', {
            demand_id: ids[i]!,
            type: e.type,
            at: isoString(e.at.getTime()),
            recorded_at: recordedAt,
            operator,
            note: e.note,
            status_after: e.status,
            team_id: e.teamId ?? null,
            resident_id: idOf(e.residentId),
            outcome: e.outcome ?? null,
            rating: e.rating ?? null,
            due_at: e.dueAt ?? null,
          });
        }
        for (const v of d.visits) {
          bulk.insert('demand_visits', {
            demand_id: ids[i]!,
            outcome: v.outcome,
            final: v.final ? 1 : 0,
            at: isoString(v.at.getTime()),
            recorded_at: recordedAt,
            operator,
            note: v.note,
          });
        }
      });
    },
    (load) => {
      cacheForBulk(scope.store);
      // Many rows beside few on file: the indexes of demands and their events are made again from
      // sorted keys after the inserts, faster than updating them row by row.
      const aside =
        adding.length >= REBUILD_AT && adding.length >= countRows(scope.store, 'demands')
          ? dropIndexes(scope.store, ['demands', 'demand_events'])
          : [];
      withRowChecksAfter(scope.store, ['residents', 'demands', 'demand_events', 'demand_visits'], load);
      rebuildIndexes(scope.store, aside);
    },
  );
}

/** A demand's row as its events leave it: the last assignee, resolve and rating, the first response. */
function demandRow(d: NewDemand, communityId: number, idOf: (id: number | null | undefined) => number | null) {
  const [month, seq] = d.number!.split('-') as [string, string];
  let firstResponse: NewEvent | undefined;
  let firstResolve: NewEvent | undefined;
  let resolve: NewEvent | undefined;
  let assign: NewEvent | undefined;
  let rate: NewEvent | undefined;
  let cancel: NewEvent | undefined;
  for (const e of d.events) {
    if (e.type === 'assign') assign = e;
    else if (e.type === 'resolve') {
      resolve = e;
      firstResolve ??= e;
    } else if (e.type === 'rate') {
      rate = e;
      // Reopened by an unsatisfied rating: not resolved until resolved again (as `rate` leaves it).
      if (e.status === 'open' || e.status === 'assigned') resolve = undefined;
    } else if (e.type === 'cancel') cancel ??= e;
    if (e.type === 'assign' || e.type === 'resolve') firstResponse ??= e;
  }
  const iso = (e: NewEvent | undefined) => (e ? isoString(e.at.getTime()) : null);
  return {
    community_id: communityId,
    number: d.number!,
    number_month: month,
    number_seq: Number(seq),
    ...d.values,
    status: d.status,
    resident_id: idOf(d.residentId),
    assignee_team_id: assign?.teamId ?? null,
    assignee_resident_id: idOf(assign?.residentId),
    responded_at: iso(firstResponse),
    first_resolved_at: iso(firstResolve),
    resolved_at: iso(resolve),
    outcome: resolve?.outcome ?? null,
    rating: rate?.rating ?? null,
    rated_at: iso(rate),
    cancelled_at: iso(cancel),
    paused_at: d.pausedAt,
  };
}

/** A sheet this large, into a file with no more demands than it brings, rebuilds the demands' indexes after the
 * inserts. */
const REBUILD_AT = 10_000;

function readNumber(cell: Cell): string | null {
  const text = cellText(cell);
  if (text === null) return null;
  if (!isDemandNumber(text))
    throw new CellProblem(bi('不是诉求编号（形如 202611-0007）', 'is not a demand number like 202611-0007'));
  return halfWidth(text).trim();
}
