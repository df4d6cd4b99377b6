import type { Tx } from '../db/connection.js';
import { chunksInSnapshot } from '../db/snapshot.js';
import {
  communityOfNumber,
  demandChunks,
  eventsOf,
  eventsOfDemands,
  findDemand,
  insertDemand,
  insertEvent,
  lastEventAt,
  listDemandLines,
  nextNumberSeq,
  updateDemand,
  type DemandEventView,
  type DemandFilter,
  type DemandLine,
  type DemandView,
} from '../db/demand.repository.js';
import { topicsOfDemand, type LinkedTopic } from '../db/meeting.repository.js';
import type { DemandsTable, Resident } from '../db/schema.js';
import { visitsOf, visitsOfDemands, type VisitRow } from '../db/visit.repository.js';
import type { Category, Channel, Kind, Outcome, Rating, Status, Tier } from '../domain/codes.js';
import { loadCalendar } from '../db/calendar.repository.js';
import { readCommunitySettings } from '../db/settings.repository.js';
import { deadlinesFor, durationsOf, tiersFrom, WEEKDAYS_ONLY, type TierDurations } from '../domain/deadlines.js';
import { resumedDeadline } from '../domain/pause.js';
import { localDate } from '../domain/durations.js';
import { unknownYears, type WorkCalendar } from '../domain/working-days.js';
import { mayTake, nextStatus, type DemandAction, type ListStatus } from '../domain/demand-state.js';
import { bi, fieldError, NotAllowedError, refusalAbout, usageAbout, UsageError, zhWord } from '../domain/errors.js';
import { step } from '../domain/next-step.js';
import { atBefore, happenedAt } from '../domain/event-time.js';
import { ambiguous } from '../domain/reference.js';
import { halfWidth } from '../domain/half-width.js';
import { formatShort, monthOf, monthRange } from '../domain/time.js';
import {
  describeResident,
  resolveAssignee,
  residentByPhone,
  residentMatches,
  resolveResident,
  samePhone,
  type Assignee,
} from './references.js';
import { checkedPhone, createResident } from './resident.service.js';
import type { Scope } from './session.js';

export interface IntakeInput {
  summary: string;
  channel: Channel;
  category: Category;
  kind: Kind;
  tier: Tier;
  /** A reference typed by the clerk, or a resident already known to the caller. */
  resident?: string | Resident;
  phone?: string;
  address?: string;
  due?: Date;
  at?: Date;
}

/** A demand as every demand JSON carries it (SPEC §10): with its return visits. */
export interface VisitedDemand extends DemandView {
  /** 回访: its ratings (outcome `reached`) and the visits that reached none, oldest first. */
  visits: VisitRow[];
}

/** A demand with its whole history: events and return visits. */
export interface DemandHistory extends VisitedDemand {
  events: DemandEventView[];
}

export interface DemandDetail extends DemandHistory {
  /** 红色议事厅 topics raised from this demand or carrying it out as a task. */
  topics: LinkedTopic[];
}

/** A demand just taken in, and the years its working days were counted in without their calendar. */
export interface Intake extends VisitedDemand {
  calendarMissing: number[];
}

const DEMAND_NUMBER = /^\d{6}-\d{4,}$/;

/** Whether a typed text is a demand number (`YYYYMM-NNNN`, full-width forms too). */
export const isDemandNumber = (typed: string) => DEMAND_NUMBER.test(halfWidth(typed).trim());

/** 需求收集: records a demand with its deadlines and a number unique in the file. */
export async function intake(tx: Tx, scope: Scope, input: IntakeInput): Promise<Intake> {
  const summary = input.summary.trim();
  if (!summary)
    throw fieldError(
      'summary',
      bi('为空', 'is empty'),
      bi('请用几个字说明居民需要什么', 'say in a few words what the resident needs'),
    );
  const receivedAt = happenedAt(input.at, scope.now, scope.timeZone);
  if (input.tier === 'major' && !input.due) {
    throw usageAbout('due', (name) => ({
      text: bi(`专项推诉求必须给出${zhWord(name.zh).trimEnd()}`, `a major (专项推) demand needs ${name.en}`),
      hint: bi('例如 2026-12-31', 'e.g. 2026-12-31'),
    }));
  }
  if (input.due && input.due <= receivedAt) {
    throw notAfter(input.due, bi('受理时间', 'the intake'), scope);
  }
  const phone = checkedPhone(input.phone);
  const rules = await deadlineRules(tx, scope, input.tier, receivedAt);
  const deadlines = deadlinesFor(input.tier, receivedAt, scope.timeZone, {
    due: input.due,
    tiers: rules.tiers,
    calendar: rules.calendar,
  });
  const numberMonth = monthOf(receivedAt, scope.timeZone).replace('-', '');
  const resident = await residentFor(tx, scope, input.resident, phone, input.address, receivedAt);
  const seq = await nextNumberSeq(tx, numberMonth);
  const number = `${numberMonth}-${String(seq).padStart(4, '0')}`;
  const id = await insertDemand(tx, {
    community_id: scope.community.id,
    number,
    number_month: numberMonth,
    number_seq: seq,
    summary,
    channel: input.channel,
    category: input.category,
    kind: input.kind,
    tier: input.tier,
    status: 'open',
    resident_id: resident?.id ?? null,
    phone: phone ?? resident?.phone ?? null,
    address: input.address?.trim() || resident?.address || null,
    received_at: receivedAt.toISOString(),
    response_due_at: deadlines.responseDueAt.toISOString(),
    resolve_due_at: deadlines.resolveDueAt.toISOString(),
    resolve_due_unit: deadlines.resolveUnit,
    paused_at: null,
  });
  await insertEvent(tx, {
    demand_id: id,
    type: 'intake',
    at: receivedAt.toISOString(),
    recorded_at: scope.now.toISOString(),
    operator: scope.operator,
    note: null,
    status_after: 'open',
    // The original resolve deadline: the report reads a demand's deadline as of a month's end
    // from its events, and `assign --due` may move it later.
    due_at: deadlines.resolveDueAt.toISOString(),
  });
  const demand = (await findDemand(tx, scope.community.id, number))!;
  const counted = [deadlines.responseDueAt, ...(input.due ? [] : [deadlines.resolveDueAt])];
  const last = localDate(new Date(Math.max(...counted.map(Number))), scope.timeZone);
  // A demand just taken in has had no return visit yet.
  return {
    ...demand,
    visits: [],
    calendarMissing: rules.calendar ? unknownYears(rules.calendar, localDate(receivedAt, scope.timeZone), last) : [],
  };
}

/**
 * The community's tier durations, and the calendar from the day of intake on when the tier counts
 * working days (read only then: most intakes need no calendar).
 */
async function deadlineRules(
  tx: Tx,
  scope: Scope,
  tier: Tier,
  receivedAt: Date,
): Promise<{ tiers: TierDurations; calendar?: WorkCalendar }> {
  const tiers = tiersFrom(await readCommunitySettings(tx, scope.community.id), scope.timedResolveDays);
  if (!durationsOf(tier, tiers).some((d) => d.unit === 'wd')) return { tiers };
  return { tiers, calendar: await loadCalendar(tx, localDate(receivedAt, scope.timeZone)) };
}

/**
 * The resident of an intake: found by id, phone or name; created only from a name together with
 * a phone that is new (SPEC §3). Without --resident, a known phone links its resident.
 */
async function residentFor(
  tx: Tx,
  scope: Scope,
  ref: string | Resident | undefined,
  phone: string | null,
  address: string | undefined,
  /** When the intake happened: a resident it registers is known from then (a paper slip's date). */
  at: Date,
): Promise<Resident | undefined> {
  if (typeof ref === 'object') return ref;
  const communityId = scope.community.id;
  if (ref === undefined || ref.trim() === '') {
    if (!phone) return undefined;
    return residentByPhone(tx, communityId, phone);
  }
  const text = ref.trim();
  let matches = await residentMatches(tx, communityId, text);
  if (phone && matches.length > 1) matches = matches.filter((r) => samePhone(r.phone, phone));
  if (matches.length === 1) return matches[0];
  if (matches.length > 1) {
    throw ambiguous(text, bi('居民', 'resident'), matches.map(describeResident));
  }
  // A name alone never creates a resident: this throws, suggesting the closest names.
  if (!phone) await resolveResident(tx, communityId, text);
  return createResident(tx, scope, { name: text, phone: phone ?? undefined, address, at });
}

/** Before a prompt asks anything: the demand exists and may take `step` now, else what `step` would say. */
export async function checkStep(scope: Scope, number: string, step: DemandAction['type']): Promise<void> {
  const demand = await demandByNumber(scope, scope.db, number);
  mayTake(demand.status, step, demand.number);
}

/** Where a demand of any status is found. */
const EVERY_DEMAND = step('list', [], { status: 'all' });

export async function demandByNumber(scope: Scope, db: Scope['db'] | Tx, number: string): Promise<DemandView> {
  const text = halfWidth(number).trim();
  if (!DEMAND_NUMBER.test(text)) {
    throw new UsageError(
      bi(`“${number}”不是诉求编号`, `"${number}" is not a demand number`),
      bi('诉求编号形如 202611-0007', 'demand numbers look like 202611-0007'),
    );
  }
  const demand = await findDemand(db, scope.community.id, text);
  if (!demand) {
    const elsewhere = await communityOfNumber(db, text);
    if (elsewhere) {
      throw refusalAbout('community', (name) => ({
        text: bi(
          `${scope.community.name}没有诉求 ${text}：它属于${elsewhere.name}`,
          `no demand ${text} in ${scope.community.name}: it belongs to ${elsewhere.name}`,
        ),
        hint: bi(`请加${zhWord(name.zh).trimEnd()} ${elsewhere.code}`, `add ${name.noun} ${elsewhere.code}`),
      }));
    }
    throw new NotAllowedError(
      bi(`${scope.community.name}没有诉求 ${text}`, `no demand ${text} in ${scope.community.name}`),
      (s) => bi(`可用 ${s.zh(EVERY_DEMAND)} 查找`, `find it with \`${s.en(EVERY_DEMAND)}\``),
    );
  }
  return demand;
}

/**
 * When an event on a demand happened: `--at` or now; never in the future, before the intake, or
 * before the demand's latest event (the history stays in order, so "first" stays first).
 */
export async function eventTime(tx: Tx, scope: Scope, demand: DemandView, at: Date | undefined): Promise<Date> {
  const when = happenedAt(at, scope.now, scope.timeZone);
  const last = new Date(await lastEventAt(tx, demand.id));
  if (when < last) {
    const received = new Date(demand.received_at);
    throw when < received
      ? atBefore(when, bi('该诉求的受理时间', "the demand's intake"), received, scope.timeZone)
      : atBefore(when, bi('该诉求的最近一次办理', "the demand's latest event"), last, scope.timeZone);
  }
  return when;
}

function notAfter(due: Date, what: { zh: string; en: string }, scope: Scope): UsageError {
  const dueText = formatShort(due, scope.timeZone);
  return fieldError(
    'due',
    bi(`${dueText} 不晚于${what.zh}`, `${dueText} is not after ${what.en}`),
    bi('请给一个更晚的日期', 'give a later date'),
  );
}

/** Applies one change to a demand: the new columns, and the event that records it. */
export async function recordEvent(
  tx: Tx,
  scope: Scope,
  demand: DemandView,
  event: Omit<Parameters<typeof insertEvent>[1], 'demand_id' | 'recorded_at' | 'operator'>,
  changes: Partial<Omit<DemandsTable, 'id'>>,
): Promise<VisitedDemand> {
  await updateDemand(tx, demand.id, { ...changes, status: event.status_after });
  await insertEvent(tx, {
    ...event,
    demand_id: demand.id,
    recorded_at: scope.now.toISOString(),
    operator: scope.operator,
  });
  const changed = (await findDemand(tx, scope.community.id, demand.number))!;
  return { ...changed, visits: await visitsOf(tx, demand.id) };
}

export interface AssignInput {
  number: string;
  /** A reference typed by the clerk, or an assignee already resolved by the caller. */
  to: string | Assignee;
  due?: Date;
  note?: string;
  at?: Date;
}

/** 任务分派: to a team or a resident volunteer; `due` moves the resolve deadline. */
export async function assign(tx: Tx, scope: Scope, input: AssignInput): Promise<VisitedDemand> {
  const demand = await demandByNumber(scope, tx, input.number);
  const status = nextStatus(demand.status, { type: 'assign' }, demand.number);
  const at = await eventTime(tx, scope, demand, input.at);
  if (input.due && input.due <= at) {
    throw notAfter(input.due, bi('分派时间', 'the assignment'), scope);
  }
  const assignee =
    typeof input.to === 'string' ? await resolveAssignee(tx, scope.community.id, input.to, scope.notify) : input.to;
  const iso = at.toISOString();
  const due = input.due?.toISOString();
  // The clerk's note as typed; the move itself is the event's `due_at` (SPEC §4: the event records
  // it), which `show` tells in the clerk's language beside the deadline it replaced.
  const note = input.note?.trim();
  return recordEvent(
    tx,
    scope,
    demand,
    {
      type: 'assign',
      at: iso,
      note: note || null,
      status_after: status,
      team_id: assignee.type === 'team' ? assignee.team.id : null,
      resident_id: assignee.type === 'resident' ? assignee.resident.id : null,
      due_at: due ?? null,
    },
    {
      assignee_team_id: assignee.type === 'team' ? assignee.team.id : null,
      assignee_resident_id: assignee.type === 'resident' ? assignee.resident.id : null,
      responded_at: demand.responded_at ?? iso,
      // A date the clerk typed: a later pause moves it by wall time.
      ...(due ? { resolve_due_at: due, resolve_due_unit: null } : {}),
    },
  );
}

/** 问题处置: what was done, and how it ended. */
export async function resolve(
  tx: Tx,
  scope: Scope,
  input: { number: string; note: string; outcome: Outcome; at?: Date },
): Promise<VisitedDemand> {
  const note = input.note.trim();
  if (!note) throw fieldError('note', bi('为空', 'is empty'), bi('请写明办理情况', 'say what was done'));
  const found = await demandByNumber(scope, tx, input.number);
  const status = nextStatus(found.status, { type: 'resolve' }, found.number);
  const at = await eventTime(tx, scope, found, input.at);
  const demand = await resumedFirst(tx, scope, found, at);
  const iso = at.toISOString();
  return recordEvent(
    tx,
    scope,
    demand,
    { type: 'resolve', at: iso, note, status_after: status, outcome: input.outcome },
    {
      responded_at: demand.responded_at ?? iso,
      first_resolved_at: demand.first_resolved_at ?? iso,
      resolved_at: iso,
      outcome: input.outcome,
    },
  );
}

/** 效果反馈: satisfied or basic closes it; unsatisfied reopens it unless final. */
export async function rate(
  tx: Tx,
  scope: Scope,
  input: { number: string; rating: Rating; comment?: string; final: boolean; at?: Date },
): Promise<VisitedDemand> {
  const demand = await demandByNumber(scope, tx, input.number);
  const hasAssignee = demand.assignee_team_id !== null || demand.assignee_resident_id !== null;
  const status = nextStatus(
    demand.status,
    { type: 'rate', rating: input.rating, final: input.final, hasAssignee },
    demand.number,
  );
  const iso = (await eventTime(tx, scope, demand, input.at)).toISOString();
  const reopened = status === 'open' || status === 'assigned';
  return recordEvent(
    tx,
    scope,
    demand,
    { type: 'rate', at: iso, note: input.comment?.trim() || null, status_after: status, rating: input.rating },
    { rating: input.rating, rated_at: iso, ...(reopened ? { resolved_at: null, outcome: null } : {}) },
  );
}

/** Withdraws a demand entered by mistake; its history stays. */
export async function cancel(
  tx: Tx,
  scope: Scope,
  input: { number: string; reason: string; at?: Date },
): Promise<VisitedDemand> {
  const reason = input.reason.trim();
  if (!reason)
    throw fieldError('reason', bi('为空', 'is empty'), bi('请写明撤销原因', 'say why the demand is withdrawn'));
  const found = await demandByNumber(scope, tx, input.number);
  const status = nextStatus(found.status, { type: 'cancel' }, found.number);
  const at = await eventTime(tx, scope, found, input.at);
  const demand = await resumedFirst(tx, scope, found, at);
  const iso = at.toISOString();
  return recordEvent(
    tx,
    scope,
    demand,
    { type: 'cancel', at: iso, note: reason, status_after: status },
    { cancelled_at: iso },
  );
}

/**
 * A paused demand being resolved or cancelled (the part arrived, the problem is fixed) is resumed at
 * the same instant first, in the same transaction: its deadline moves as `resume` moves it, and no
 * pause is left open to count for ever. The clerk is told on stderr.
 */
async function resumedFirst(tx: Tx, scope: Scope, demand: DemandView, at: Date): Promise<DemandView> {
  if (demand.paused_at === null) return demand;
  const resumed = await resumeClock(tx, scope, demand, at);
  const due = formatShort(new Date(resumed.resolve_due_at), scope.timeZone);
  scope.notify(
    bi(
      `${demand.number} 原为挂起，已同时恢复计时（办结期限顺延至 ${due}）`,
      `${demand.number} was paused: its clock was resumed at the same time (resolve by ${due})`,
    ),
  );
  return resumed;
}

/**
 * 恢复 at `resumedAt`: the resolve deadline moves later by the paused span, in the deadline's own
 * unit, and the resume event carries the new deadline (the report reads it as of any instant).
 */
export async function resumeClock(tx: Tx, scope: Scope, demand: DemandView, resumedAt: Date): Promise<VisitedDemand> {
  const pausedAt = new Date(demand.paused_at!);
  const due = new Date(demand.resolve_due_at);
  const unit = demand.resolve_due_unit;
  // The listed days from the earlier of the deadline and the pause on: the walk starts at both.
  const from = localDate(due < pausedAt ? due : pausedAt, scope.timeZone);
  const calendar = unit === 'wd' ? await loadCalendar(tx, from) : WEEKDAYS_ONLY;
  const movedTo = resumedDeadline(due, unit, { pausedAt, resumedAt }, scope.timeZone, calendar).toISOString();
  return recordEvent(
    tx,
    scope,
    demand,
    { type: 'resume', at: resumedAt.toISOString(), note: null, status_after: demand.status, due_at: movedTo },
    { paused_at: null, resolve_due_at: movedTo },
  );
}

export async function showDemand(scope: Scope, number: string): Promise<DemandDetail> {
  const demand = await demandByNumber(scope, scope.db, number);
  return detailOf(scope.db, demand);
}

/** A demand with its history, topics and return visits. */
export async function detailOf(db: Scope['db'] | Tx, demand: DemandView): Promise<DemandDetail> {
  return {
    ...demand,
    events: await eventsOf(db, demand.id),
    topics: await topicsOfDemand(db, demand.id),
    visits: await visitsOf(db, demand.id),
  };
}

export interface ListInput {
  status?: ListStatus;
  month?: string;
  category?: Category;
  kind?: Kind;
  /** A resident by id, phone or name: only their demands. */
  resident?: string;
  limit?: number;
}

/** Where a listing looks: the scope's community, or with `community: null` every one (`list --community all`). */
export type ListScope = Omit<Scope, 'community'> & { community: Scope['community'] | null };

/** The demands of the scope's community a listing shows, every field (JSON, CSV). */
/**
 * The demands a listing shows, every field (`list --csv`), a chunk at a time in one snapshot of the
 * file: a whole file's demands never sit in memory at once (issue #21).
 */
export function demandChunksFor(scope: ListScope, input: ListInput): AsyncGenerator<DemandView[]> {
  return chunksInSnapshot(scope.store, async function* () {
    yield* demandChunks(scope.db, await filterOf(scope, input), LIST_CHUNK);
  });
}

/** Demands a chunk holds: a few MiB of rows at most, and few enough round trips. */
const LIST_CHUNK = 200;

/** The same with their return visits (`list --json`): one more query a chunk, not one a demand. */
export async function* visitedDemandChunksFor(scope: ListScope, input: ListInput): AsyncGenerator<VisitedDemand[]> {
  for await (const rows of demandChunksFor(scope, input)) {
    const visits = await visitsOfDemands(
      scope.db,
      rows.map((d) => d.id),
    );
    yield rows.map((d) => ({ ...d, visits: visits.get(d.id) ?? [] }));
  }
}

/** The same with their whole history (`list --history`): events and return visits, two queries a chunk. */
export async function* historyChunksFor(scope: ListScope, input: ListInput): AsyncGenerator<DemandHistory[]> {
  for await (const rows of demandChunksFor(scope, input)) {
    const ids = rows.map((d) => d.id);
    const [events, visits] = [await eventsOfDemands(scope.db, ids), await visitsOfDemands(scope.db, ids)];
    yield rows.map((d) => ({ ...d, events: events.get(d.id) ?? [], visits: visits.get(d.id) ?? [] }));
  }
}

/** The same, with what a table shows of them. */
export async function listDemandLinesFor(scope: ListScope, input: ListInput): Promise<DemandLine[]> {
  return listDemandLines(scope.db, await filterOf(scope, input));
}

async function filterOf(scope: ListScope, input: ListInput): Promise<DemandFilter> {
  const community = scope.community;
  if (community === null && input.resident !== undefined) {
    throw new UsageError(
      (s) =>
        bi(
          `${s.flag('resident', 'list')} 只能在一个社区里查找居民`,
          `${s.flag('resident', 'list')} finds a resident in one community`,
        ),
      (s) =>
        bi(
          `请用 ${s.flag('community')} <代码|名称> 指定居民所在社区`,
          `name their community with ${s.flag('community')} <code|name>`,
        ),
    );
  }
  const filter: DemandFilter = {
    communityId: community?.id ?? null,
    status: input.status ?? 'active',
    now: scope.now.toISOString(),
    category: input.category,
    kind: input.kind,
    residentId:
      input.resident === undefined || community === null
        ? undefined
        : (await resolveResident(scope.db, community.id, input.resident)).id,
    limit: input.limit,
  };
  if (input.month) {
    const { start, end } = monthRange(input.month, scope.timeZone);
    filter.receivedFrom = start.toISOString();
    filter.receivedBefore = end.toISOString();
  }
  return filter;
}
