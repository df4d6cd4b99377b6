import { mayPause, mayResume } from '../domain/demand-state.js';
import { bi, fieldError } from '../domain/errors.js';
import { demandByNumber, eventTime, recordEvent, resumeClock, type VisitedDemand } from './demand.service.js';
import type { Tx } from '../db/connection.js';
import type { Scope } from './session.js';

/**
 * 挂起: stops a demand's clock while it waits (for parts, for the resident, for a court). Its status
 * stays; it leaves the overdue list until it is resumed.
 */
export async function pause(
  tx: Tx,
  scope: Scope,
  input: { number: string; reason: string; at?: Date },
): Promise<VisitedDemand> {
  const reason = input.reason.trim();
  if (!reason)
    throw fieldError(
      'reason',
      bi('为空', 'is empty'),
      bi('请写明挂起原因，如“等待配件”', 'say what it waits for, e.g. "waiting for parts"'),
    );
  const demand = await demandByNumber(scope, tx, input.number);
  mayPause(demand.status, demand.paused_at !== null, demand.number);
  const at = (await eventTime(tx, scope, demand, input.at)).toISOString();
  return recordEvent(
    tx,
    scope,
    demand,
    { type: 'pause', at, note: reason, status_after: demand.status },
    { paused_at: at },
  );
}

/** 恢复: restarts the clock; the resolve deadline moves later by the paused span (resumeClock). */
export async function resume(tx: Tx, scope: Scope, input: { number: string; at?: Date }): Promise<VisitedDemand> {
  const demand = await demandByNumber(scope, tx, input.number);
  mayResume(demand.status, demand.paused_at !== null, demand.number);
  return resumeClock(tx, scope, demand, await eventTime(tx, scope, demand, input.at));
}
