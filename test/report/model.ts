/**
 * What the property tests expect of each step before running it: the demand lifecycle of SPEC §4
 * and the points ledger's one rule (no balance below zero at any moment, in time order), modelled
 * plainly so that a refused step is asserted as refused and an accepted one as accepted.
 */
export type DemandStep =
  | 'assign'
  | 'assign_due'
  | 'resolve'
  | 'resolve_mediated'
  | 'rate_satisfied'
  | 'rate_basic'
  | 'rate_unsatisfied'
  | 'rate_final'
  | 'cancel'
  | 'visit_unreachable'
  | 'visit_final';

export interface DemandModel {
  status: 'open' | 'assigned' | 'resolved' | 'closed' | 'cancelled';
  assigned: boolean;
}

/** The status after the step, or null when the step is not allowed in the demand's status. */
export function stepDemand(d: DemandModel, step: DemandStep): DemandModel | null {
  const working = d.status === 'open' || d.status === 'assigned';
  switch (step) {
    case 'assign':
    case 'assign_due':
      return working ? { status: 'assigned', assigned: true } : null;
    case 'resolve':
    case 'resolve_mediated':
      return working ? { ...d, status: 'resolved' } : null;
    case 'cancel':
      return working ? { ...d, status: 'cancelled' } : null;
    case 'rate_satisfied':
    case 'rate_basic':
    case 'rate_final':
      return d.status === 'resolved' ? { ...d, status: 'closed' } : null;
    case 'rate_unsatisfied':
      return d.status === 'resolved' ? { ...d, status: d.assigned ? 'assigned' : 'open' } : null;
    // 回访 that reached no rating: the demand stays resolved, or closes unrated when final.
    case 'visit_unreachable':
      return d.status === 'resolved' ? d : null;
    case 'visit_final':
      return d.status === 'resolved' ? { ...d, status: 'closed' } : null;
  }
}

export interface ModelEntry {
  entry: number;
  resident: string;
  delta: number;
  at: number;
  reverses: number | null;
}

/**
 * Whether the ledger stays at or above zero for `resident` at every moment once `delta` is added at
 * `at`: the running balance in time order (an entry recorded later at the same moment comes after).
 */
export function keepsNonNegative(ledger: readonly ModelEntry[], resident: string, delta: number, at: number): boolean {
  const mine = [
    ...ledger.filter((e) => e.resident === resident),
    { entry: Infinity, resident, delta, at, reverses: null },
  ];
  mine.sort((a, b) => a.at - b.at || a.entry - b.entry);
  let balance = 0;
  for (const e of mine) {
    balance += e.delta;
    if (balance < 0) return false;
  }
  return true;
}
