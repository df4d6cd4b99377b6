import { findDemand, updateDemand } from '../db/demand.repository.js';
import { insertVisit } from '../db/visit.repository.js';
import type { VisitOutcome } from '../domain/codes.js';
import { nextStatus } from '../domain/demand-state.js';
import { demandByNumber, detailOf, eventTime, type DemandDetail } from './demand.service.js';
import type { Tx } from '../db/connection.js';
import type { Scope } from './session.js';

export interface VisitInput {
  outcome: VisitOutcome;
  note?: string;
  /** Stop trying: the demand closes unrated (status `closed`, rating null). */
  final: boolean;
  at?: Date;
}

/**
 * 回访 that reached no rating (SPEC §10): 未接通 or 拒绝评价. The demand stays due for a return
 * visit, or with `final` closes unrated. It never counts as a rating, so satisfaction is unchanged.
 */
export async function visit(tx: Tx, scope: Scope, number: string, input: VisitInput): Promise<DemandDetail> {
  const demand = await demandByNumber(scope, tx, number);
  const status = nextStatus(demand.status, { type: 'visit', final: input.final }, demand.number);
  const at = await eventTime(tx, scope, demand, input.at);
  await insertVisit(tx, {
    demand_id: demand.id,
    outcome: input.outcome,
    final: input.final ? 1 : 0,
    at: at.toISOString(),
    recorded_at: scope.now.toISOString(),
    operator: scope.operator,
    note: input.note?.trim() || null,
  });
  if (status !== demand.status) await updateDemand(tx, demand.id, { status });
  return detailOf(tx, (await findDemand(tx, scope.community.id, demand.number))!);
}
