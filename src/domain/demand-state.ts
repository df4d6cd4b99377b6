import { label, status as statusCodes, type Rating, type Status } from './codes.js';
import { bi, NotAllowedError, spelled, type Bilingual } from './errors.js';
import { step, type Said } from './next-step.js';

/** What a listing asks for: a status, `active` (open, assigned, resolved), `overdue`, `paused` or `all`. */
export type ListStatus = Status | 'active' | 'overdue' | 'paused' | 'all';

/**
 * Listings of history rather than of work: finished demands, or every status. A page of them is
 * the most recent demands; a page of the work queue its oldest.
 */
export function isHistory(status: ListStatus): boolean {
  return status === 'closed' || status === 'cancelled' || status === 'all';
}

/**
 * Overdue (超期): not yet resolved, and its resolve deadline has passed; a paused demand's clock is
 * stopped (SPEC §9). The listing's `overdue` filter says the same in SQL (demand.repository.ts).
 */
export function isOverdue(d: { status: Status; resolve_due_at: string; paused_at: string | null }, now: Date): boolean {
  return (d.status === 'open' || d.status === 'assigned') && d.paused_at === null && new Date(d.resolve_due_at) < now;
}

/**
 * The demand lifecycle of SPEC §4 (需求收集—任务分派—问题处置—效果反馈):
 *
 *   open --assign--> assigned --resolve--> resolved --rate satisfied|basic--> closed
 *     \                 ^  \--assign (reassign)     \--rate unsatisfied--> assigned (reopened)
 *      \--resolve (handled at the desk) --> resolved                       unless --final → closed
 *   open|assigned --cancel--> cancelled
 *
 * A return visit (回访, SPEC §10) that reaches no rating leaves a resolved demand resolved, or
 * closes it unrated when final:  resolved --visit unreachable|declined --final--> closed
 */
export type DemandAction =
  | { type: 'assign' }
  | { type: 'resolve' }
  | { type: 'rate'; rating: Rating; final: boolean; hasAssignee: boolean }
  | { type: 'cancel' }
  | { type: 'visit'; final: boolean };

const [ASSIGN, RESOLVE, CANCEL, RATE] = [step('assign'), step('resolve'), step('cancel'), step('rate')];
const NEXT_STEP: Record<Status, Bilingual | Said> = {
  open: (s) =>
    bi(
      `分派（${s.zh(ASSIGN)}）、当场办结（${s.zh(RESOLVE)}）或撤销（${s.zh(CANCEL)}）`,
      `assign it (${s.en(ASSIGN)}), resolve it at the desk (${s.en(RESOLVE)}) or cancel it`,
    ),
  assigned: (s) =>
    bi(
      `办结（${s.zh(RESOLVE)}）、改派（${s.zh(ASSIGN)}）或撤销（${s.zh(CANCEL)}）`,
      `resolve it (${s.en(RESOLVE)}), reassign it (${s.en(ASSIGN)}) or cancel it`,
    ),
  resolved: (s) => bi(`回访评价（${s.zh(RATE)}）`, `rate it (${s.en(RATE)})`),
  closed: bi('无（已评价关闭）', 'none (it is closed)'),
  cancelled: bi('无（已撤销）', 'none (it was cancelled)'),
};

/** `12 的下一步：…`: what a demand in `current` may take instead. */
const nextFor =
  (current: Status, number: string): Said =>
  (s) => {
    const next = spelled(NEXT_STEP[current], s);
    return bi(`${number} 的下一步：${next.zh}`, `next step for ${number}: ${next.en}`);
  };

const ACTION_NAMES: Record<DemandAction['type'], Bilingual> = {
  assign: bi('分派', 'assigned'),
  resolve: bi('办结', 'resolved'),
  rate: bi('评价', 'rated'),
  cancel: bi('撤销', 'cancelled'),
  visit: bi('回访', 'visited'),
};

const ALLOWED: Record<DemandAction['type'], readonly Status[]> = {
  assign: ['open', 'assigned'],
  resolve: ['open', 'assigned'],
  rate: ['resolved'],
  cancel: ['open', 'assigned'],
  visit: ['resolved'],
};

/** A NotAllowedError naming what can be done instead, unless a demand in `current` may take the step. */
export function mayTake(current: Status, step: DemandAction['type'], number: string): void {
  if (!ALLOWED[step].includes(current)) {
    const verb = ACTION_NAMES[step];
    throw new NotAllowedError(
      bi(
        `诉求 ${number} 当前${label(statusCodes, current, 'zh')}，不能${verb.zh}`,
        `demand ${number} is ${current}; it cannot be ${verb.en} now`,
      ),
      nextFor(current, number),
    );
  }
}

/** The status after the action, or a NotAllowedError naming what can be done instead. */
export function nextStatus(current: Status, action: DemandAction, number: string): Status {
  mayTake(current, action.type, number);
  switch (action.type) {
    case 'assign':
      return 'assigned';
    case 'resolve':
      return 'resolved';
    case 'cancel':
      return 'cancelled';
    case 'rate':
      if (action.rating !== 'unsatisfied' || action.final) return 'closed';
      return action.hasAssignee ? 'assigned' : 'open';
    case 'visit':
      return action.final ? 'closed' : 'resolved';
  }
}

/** True when a rating reopens the demand instead of closing it. */
export function reopens(rating: Rating, final: boolean): boolean {
  return rating === 'unsatisfied' && !final;
}

/**
 * Pausing the clock (挂起, SPEC §9): a demand still being worked on (open or assigned) may be paused
 * once at a time; only a paused one may be resumed. Resolving or cancelling a paused demand resumes
 * it at the same instant first (demand.service): a pause left open would count for ever.
 */
export function mayPause(current: Status, paused: boolean, number: string): void {
  if (paused) {
    throw new NotAllowedError(bi(`诉求 ${number} 已挂起`, `demand ${number} is already paused`), (s) => {
      const resume = step('resume', [number]);
      return bi(`${number} 的下一步：恢复（${s.zh(resume)}）`, `next step for ${number}: resume it (${s.en(resume)})`);
    });
  }
  if (current !== 'open' && current !== 'assigned') {
    throw new NotAllowedError(
      bi(
        `诉求 ${number} 当前${label(statusCodes, current, 'zh')}，不能挂起`,
        `demand ${number} is ${current}; only an open or assigned demand can be paused`,
      ),
      nextFor(current, number),
    );
  }
}

export function mayResume(current: Status, paused: boolean, number: string): void {
  if (!paused) {
    throw new NotAllowedError(
      bi(`诉求 ${number} 没有挂起，无需恢复`, `demand ${number} is not paused; there is nothing to resume`),
      nextFor(current, number),
    );
  }
}
