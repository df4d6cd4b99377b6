import { loadCalendar } from '../db/calendar.repository.js';
import { WEEKDAYS_ONLY } from '../domain/deadlines.js';
import { mayPause, mayResume } from '../domain/demand-state.js';
import { localDate } from '../domain/durations.js';
import { bi, fieldError } from '../domain/errors.js';
import { resumedDeadline } from '../domain/pause.js';
import { demandByNumber, eventTime, recordEvent, type VisitedDemand } from './demand.service.js';
import type { Tx } from '../db/connection.js';
import type { Scope } from './session.js';

/**
 * 挂起: stops a demand's clock while it waits (for parts, for the resident, for a court). Its status
 * stays; it leaves the overdue list until it is resumed.
 */
export async function pause(tx: Tx, scope: Scope, input: { number: string; reason: string; at?: Date }): Promise<VisitedDemand> {
  const reason = input.reason.trim();
  if (!reason) throw fieldError('reason', bi('为空', 'is empty'), bi('请写明挂起原因，如“等待配件”', 'say what it waits for, e.g. "waiting for parts"'));
  const demand = await demandByNumber(scope, tx, input.number);
  mayPause(demand.status, demand.paused_at !== null, demand.number);
  const at = (await eventTime(tx, scope, demand, input.at)).toISOString();
  return recordEvent(tx, scope, demand, { type: 'pause', at, note: reason, status_after: demand.status }, { paused_at: at });
}

/**
 * 恢复: restarts the clock; the resolve deadline moves later by the paused span, in the deadline's
 * own unit, and the resume event carries the new deadline (the report reads it as of any instant).
 */
export async function resume(tx: Tx, scope: Scope, input: { number: string; at?: Date }): Promise<VisitedDemand> {
  const demand = await demandByNumber(scope, tx, input.number);
  mayResume(demand.status, demand.paused_at !== null, demand.number);
  const pausedAt = new Date(demand.paused_at!);
  const resumedAt = await eventTime(tx, scope, demand, input.at);
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
