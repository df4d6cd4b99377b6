import type { Outcome, Rating, Status } from '../domain/codes.js';
import * as codes from '../domain/codes.js';
import { mayPause, mayResume, nextStatus } from '../domain/demand-state.js';
import { bi } from '../domain/errors.js';
import { atBefore, happenedAt } from '../domain/event-time.js';
import { CellProblem, cellText, type Cell } from '../domain/import-cells.js';
import { step } from '../domain/next-step.js';
import type { DemandEventType } from '../db/schema.js';

/**
 * 办理记录 and 回访记录 of `list --csv --history` (SPEC §11's exact round trip): a demand's events
 * as `show --json` gives them and its return visits, replayed through the loop's own rules (the
 * state machine, pausing, the order of times) rather than guessed from the columns.
 */
export interface HistoryEvent {
  type: DemandEventType;
  at: Date;
  note: string | null;
  status: Status;
  assignee: string | null;
  /** A resident assignee's address and registration, which tell two of one name apart (`list --history`). */
  assigneeAddress: string | null;
  assigneeRegistered: Date | null;
  outcome: Outcome | null;
  rating: Rating | null;
  /** The deadline an intake, an `assign --due` or a resume set (UTC ISO). */
  dueAt: string | null;
}

export interface HistoryVisit {
  at: Date;
  outcome: 'unreachable' | 'declined';
  note: string | null;
  final: boolean;
}

const EVENT_TYPES: readonly DemandEventType[] = ['intake', 'assign', 'resolve', 'rate', 'cancel', 'pause', 'resume'];

/** The export that writes these columns. */
const HISTORY_EXPORT = step('list', [], { status: 'all', csv: true, history: true });

const notHistory = () =>
  new CellProblem((s) =>
    bi(
      `不是 hongwu 导出的办理记录（${s.zh(HISTORY_EXPORT)} 的 JSON）：请重新导出，或删去该列按各列导入`,
      `is not a history as ${s.en(HISTORY_EXPORT)} writes it (JSON): export again, or drop the column`,
    ),
  );

function parsed(cell: Cell): unknown[] | null {
  const text = cellText(cell);
  if (text === null) return null;
  try {
    const value = JSON.parse(text) as unknown;
    if (Array.isArray(value)) return value;
  } catch {}
  throw notHistory();
}

function time(value: unknown): Date {
  const at = typeof value === 'string' ? new Date(value) : new Date(Number.NaN);
  if (Number.isNaN(at.getTime())) throw notHistory();
  return at;
}

const textOrNull = (value: unknown): string | null => (typeof value === 'string' ? value : null);

function code<C extends string>(list: { codes: readonly C[] }, value: unknown): C | null {
  if (value === null || value === undefined) return null;
  if (!list.codes.includes(value as C)) throw notHistory();
  return value as C;
}

/** The `events` cell: each event's fields checked as codes and times; null when the cell is empty. */
export function historyEvents(cell: Cell): HistoryEvent[] | null {
  const items = parsed(cell);
  if (items === null) return null;
  const events = items.map((item) => {
    const e = (item ?? {}) as Record<string, unknown>;
    const status = code(codes.status, e.status);
    if (!EVENT_TYPES.includes(e.type as DemandEventType) || status === null) throw notHistory();
    return {
      type: e.type as DemandEventType,
      at: time(e.at),
      note: textOrNull(e.note),
      status,
      assignee: textOrNull(e.assignee),
      assigneeAddress: textOrNull(e.assignee_address),
      assigneeRegistered:
        e.assignee_created_at === null || e.assignee_created_at === undefined ? null : time(e.assignee_created_at),
      outcome: code(codes.outcome, e.outcome),
      rating: code(codes.rating, e.rating),
      dueAt: e.due_at === null || e.due_at === undefined ? null : time(e.due_at).toISOString(),
    };
  });
  if (events[0]?.type !== 'intake' || events.slice(1).some((e) => e.type === 'intake')) throw notHistory();
  return events;
}

/** The `visits` cell: the return visits that reached no rating (those that did are `rate` events). */
export function historyVisits(cell: Cell): HistoryVisit[] {
  return (parsed(cell) ?? []).flatMap((item) => {
    const v = (item ?? {}) as Record<string, unknown>;
    if (v.outcome === 'reached') return [];
    if (v.outcome !== 'unreachable' && v.outcome !== 'declined') throw notHistory();
    return [{ at: time(v.at), outcome: v.outcome, note: textOrNull(v.note), final: v.final === true }];
  });
}

/** One step of a replay, as the rules see it: the status and pause it leaves. */
export interface Replayed {
  status: Status;
  paused: boolean;
  hasAssignee: boolean;
  last: Date;
}

/**
 * The next event of a history through the rules the commands apply: not before the step before it
 * nor in the future, a transition the state machine allows, a pause only of a running clock, and
 * the status the export says it left. Throws what the command would have refused.
 */
export function replayEvent(state: Replayed, e: HistoryEvent, ctx: { number: string; now: Date; timeZone: string }) {
  if (e.at < state.last) throw atBefore(e.at, bi('前一步办理', 'the step before'), state.last, ctx.timeZone);
  happenedAt(e.at, ctx.now, ctx.timeZone);
  let status = state.status;
  let paused = state.paused;
  let hasAssignee = state.hasAssignee;
  switch (e.type) {
    case 'intake':
      break;
    case 'pause':
      mayPause(status, paused, ctx.number);
      paused = true;
      break;
    case 'resume':
      mayResume(status, paused, ctx.number);
      paused = false;
      break;
    case 'rate': {
      if (e.rating === null) throw notHistory();
      const final = e.rating === 'unsatisfied' && e.status === 'closed';
      status = nextStatus(status, { type: 'rate', rating: e.rating, final, hasAssignee }, ctx.number);
      break;
    }
    default:
      status = nextStatus(status, { type: e.type }, ctx.number);
      if (e.type === 'assign') hasAssignee = true;
  }
  if (status !== e.status) {
    throw new CellProblem(
      bi(
        `${e.type} 之后按规则应为“${codes.label(codes.status, status, 'zh')}”，` +
          `记录写的是“${codes.label(codes.status, e.status, 'zh')}”`,
        `${e.type} leaves it ${status} by the rules, not ${e.status} as written`,
      ),
    );
  }
  return { status, paused, hasAssignee, last: e.at };
}

/** A return visit that reached no rating, by `visit`'s rule: only of a resolved demand; a final one closes it. */
export function replayVisit(state: Replayed, v: HistoryVisit, ctx: { number: string; now: Date; timeZone: string }) {
  if (v.at < state.last) throw atBefore(v.at, bi('前一步办理', 'the step before'), state.last, ctx.timeZone);
  happenedAt(v.at, ctx.now, ctx.timeZone);
  return { ...state, status: nextStatus(state.status, { type: 'visit', final: v.final }, ctx.number), last: v.at };
}
