import type { Rating, Status } from './codes.js';
import { NotAllowedError } from './errors.js';

/**
 * The demand lifecycle of SPEC §4 (需求收集—任务分派—问题处置—效果反馈):
 *
 *   open --assign--> assigned --resolve--> resolved --rate satisfied|basic--> closed
 *     \                 ^  \--assign (reassign)     \--rate unsatisfied--> assigned (reopened)
 *      \--resolve (handled at the desk) --> resolved                       unless --final → closed
 *   open|assigned --cancel--> cancelled
 */
export type DemandAction =
  | { type: 'assign' }
  | { type: 'resolve' }
  | { type: 'rate'; rating: Rating; final: boolean; hasAssignee: boolean }
  | { type: 'cancel' };

const NEXT_STEP: Record<Status, string> = {
  open: 'assign it (hongwu assign), resolve it at the desk (hongwu resolve) or cancel it',
  assigned: 'resolve it (hongwu resolve), reassign it (hongwu assign) or cancel it',
  resolved: 'rate it (hongwu rate)',
  closed: 'nothing: it is closed',
  cancelled: 'nothing: it was cancelled',
};

const ALLOWED: Record<DemandAction['type'], readonly Status[]> = {
  assign: ['open', 'assigned'],
  resolve: ['open', 'assigned'],
  rate: ['resolved'],
  cancel: ['open', 'assigned'],
};

/** The status after the action, or a NotAllowedError naming what can be done instead. */
export function nextStatus(current: Status, action: DemandAction, number: string): Status {
  if (!ALLOWED[action.type].includes(current)) {
    throw new NotAllowedError(
      `demand ${number} is ${current}; it cannot be ${pastTense(action.type)} now`,
      `next step for ${number}: ${NEXT_STEP[current]}`,
    );
  }
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
  }
}

function pastTense(type: DemandAction['type']): string {
  return { assign: 'assigned', resolve: 'resolved', rate: 'rated', cancel: 'cancelled' }[type];
}

/** True when a rating reopens the demand instead of closing it. */
export function reopens(rating: Rating, final: boolean): boolean {
  return rating === 'unsatisfied' && !final;
}
