import type { Channel, Kind, Outcome, Rating, Status, Tier } from './codes.js';
import { nextStatus } from './demand-state.js';
import type { Random } from './random.js';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

/** Who a demand is assigned to: a team or a resident volunteer. */
export interface Assignee {
  team: number | null;
  resident: number | null;
}

export type StoryEventType = 'intake' | 'assign' | 'resolve' | 'rate' | 'cancel';

export interface StoryEvent {
  type: StoryEventType;
  /** Epoch milliseconds. */
  at: number;
  statusAfter: Status;
  assignee?: Assignee;
  outcome?: Outcome;
  rating?: Rating;
}

export interface StoryInput {
  channel: Channel;
  kind: Kind;
  tier: Tier;
  receivedAt: number;
  resolveDueAt: number;
  /** Nothing happens at or after this instant: the story is cut there, as life would be. */
  horizon: number;
  /** Teams and volunteers the front desk can assign to. */
  assignees: readonly Assignee[];
  /** Assigned at intake (a task decided by a meeting goes straight to its team). */
  preassigned?: Assignee;
}

/**
 * A plausible life of one demand (需求收集—任务分派—问题处置—效果反馈), walked through the real
 * state machine so that every generated history is one the commands could have written: most are
 * assigned within the response deadline and resolved in time; a few are cancelled, handled at the
 * desk, reassigned, left overdue, or rated unsatisfied and reopened.
 */
export function tellStory(input: StoryInput, rng: Random): StoryEvent[] {
  const events: StoryEvent[] = [{ type: 'intake', at: input.receivedAt, statusAfter: 'open' }];
  let status: Status = 'open';
  let at = input.receivedAt;
  let assigned = false;
  const step = (type: StoryEventType, delay: number, extra: Partial<StoryEvent> = {}): boolean => {
    const when = at + Math.max(MINUTE, Math.round(delay));
    if (when >= input.horizon) return false;
    status = nextStatus(
      status,
      type === 'rate'
        ? { type, rating: extra.rating!, final: extra.statusAfter === 'closed', hasAssignee: assigned }
        : { type: type as 'assign' | 'resolve' | 'cancel' },
      'generated',
    );
    at = when;
    // Written out rather than spread: stories are told a million at a time.
    events.push({
      type,
      at,
      statusAfter: status,
      assignee: extra.assignee,
      outcome: extra.outcome,
      rating: extra.rating,
    });
    if (type === 'assign') assigned = true;
    return true;
  };

  if (!input.preassigned && rng.chance(0.012)) {
    step('cancel', rng.int(5, 90) * MINUTE);
    return events;
  }
  if (input.preassigned) {
    status = 'assigned';
    assigned = true;
    events.push({ type: 'assign', at, statusAfter: status, assignee: input.preassigned });
  }
  const immediate = input.tier === 'immediate';
  const atDesk = immediate && (input.channel === 'walk_in' || input.channel === 'phone') && rng.chance(0.3);
  if (!atDesk && !input.preassigned) {
    const respond = immediate ? rng.skewed(35 * MINUTE, 0.6, 3 * MINUTE) : rng.skewed(5 * HOUR, 0.75, 10 * MINUTE);
    if (!step('assign', respond, { assignee: rng.pick(input.assignees) })) return events;
    if (rng.chance(0.04) && !step('assign', rng.skewed(DAY, 0.5), { assignee: rng.pick(input.assignees) }))
      return events;
  }
  if (rng.chance(0.015)) return events; // stuck: it will show in `list --status overdue`
  if (!step('resolve', resolveDelay(input, at, rng), { outcome: outcomeOf(input.kind, rng) })) return events;

  for (let round = 0; round < 2; round++) {
    if (!rng.chance(0.88)) return events;
    const rating = rng.weighted<Rating>({ satisfied: 84, basic: 13, unsatisfied: 3 });
    const reopen = rating === 'unsatisfied' && round === 0 && rng.chance(0.75);
    if (!step('rate', rng.skewed(DAY, 0.6, 30 * MINUTE), { rating, statusAfter: reopen ? 'assigned' : 'closed' }))
      return events;
    if (!reopen) return events;
    if (!step('resolve', rng.skewed(2 * DAY, 0.5, HOUR), { outcome: 'resolved' })) return events;
  }
  return events;
}

function resolveDelay(input: StoryInput, from: number, rng: Random): number {
  const window = input.resolveDueAt - input.receivedAt;
  const target =
    input.tier === 'immediate'
      ? rng.skewed(4 * HOUR, 0.5, 20 * MINUTE)
      : input.tier === 'timed'
        ? rng.skewed(window * 0.4, 0.5, 2 * HOUR)
        : window * (0.35 + rng.next() * 0.72);
  return input.receivedAt + target - from;
}

const OUTCOMES: Readonly<Record<'resolved' | 'referred' | 'unresolvable', number>> = {
  resolved: 93,
  referred: 5,
  unresolvable: 2,
};

function outcomeOf(kind: Kind, rng: Random): Outcome {
  if (kind === 'dispute') return rng.chance(0.92) ? 'mediated' : 'not_mediated';
  return rng.weighted(OUTCOMES);
}

/** The columns a demand carries after its events (what the commands keep up to date). */
export interface DemandState {
  status: Status;
  assignee: Assignee;
  respondedAt: number | null;
  firstResolvedAt: number | null;
  resolvedAt: number | null;
  outcome: Outcome | null;
  rating: Rating | null;
  ratedAt: number | null;
  cancelledAt: number | null;
}

export function stateAfter(events: readonly StoryEvent[]): DemandState {
  const s: DemandState = {
    status: 'open',
    assignee: { team: null, resident: null },
    respondedAt: null,
    firstResolvedAt: null,
    resolvedAt: null,
    outcome: null,
    rating: null,
    ratedAt: null,
    cancelledAt: null,
  };
  for (const e of events) {
    s.status = e.statusAfter;
    if (e.type === 'assign') {
      s.assignee = e.assignee!;
      s.respondedAt ??= e.at;
    } else if (e.type === 'resolve') {
      s.respondedAt ??= e.at;
      s.firstResolvedAt ??= e.at;
      s.resolvedAt = e.at;
      s.outcome = e.outcome!;
    } else if (e.type === 'rate') {
      s.rating = e.rating!;
      s.ratedAt = e.at;
      if (e.statusAfter === 'open' || e.statusAfter === 'assigned') {
        s.resolvedAt = null;
        s.outcome = null;
      }
    } else if (e.type === 'cancel') {
      s.cancelledAt = e.at;
    }
  }
  return s;
}
