/**
 * A naive recount of the monthly report (SPEC §7) over what `show --json` and `points ledger
 * --json` print, written without any of the report's SQL: the oracle of the report's property
 * test and of its boundary tests. October 2026 in Shanghai, as of its last millisecond.
 */
export const START = Date.parse('2026-10-01T00:00:00+08:00');
export const END = Date.parse('2026-11-01T00:00:00+08:00');
export const AS_OF = END - 1;
export const LAST_YEAR = {
  start: Date.parse('2025-10-01T00:00:00+08:00'),
  end: Date.parse('2025-11-01T00:00:00+08:00'),
};

export interface Shown {
  number: string;
  channel: string;
  kind: string;
  tier: string;
  category: string;
  received_at: string;
  response_due_at: string;
  resolve_due_at: string;
  events: {
    type: string;
    at: string;
    status: string;
    rating: string | null;
    outcome: string | null;
    due_at: string | null;
  }[];
  /** 回访: ratings (`reached`) and the visits that reached none. */
  visits: { at: string; outcome: string; final: boolean }[];
}

export const t = (iso: string) => Date.parse(iso);

/** One decimal, half away from zero (a change can be negative). */
export function percent(n: number, d: number): number | null {
  if (d === 0) return null;
  const x = (n / d) * 100;
  return (Math.sign(x) * Math.round(Math.abs(x) * 10 + 1e-9)) / 10;
}

export function medianHours(values: number[]): number | null {
  if (!values.length) return null;
  const s = [...values].sort((a, b) => a - b);
  const mid = s.length / 2;
  const ms = s.length % 2 ? s[Math.floor(mid)]! : (s[mid - 1]! + s[mid]!) / 2;
  return Math.round((ms / 3_600_000) * 10 + 1e-9) / 10;
}

export interface Entry {
  entry: number;
  resident: string;
  delta: number;
  activity: number | null;
  at: string;
  reverses: number | null;
}

/**
 * What a run did besides demands: whose demand each is, when each special-group tag came (care
 * tags only), the activities' teams.
 */
export interface World {
  residentOf: Map<string, string | null>;
  taggedAt: Map<string, number>;
  teamOfActivity: Map<number, string>;
  /** The care services recorded (关爱服务): when, and of what kind. */
  care?: { at: number; service: string }[];
}

/** The metrics of SPEC §7 read straight off the histories. */
export function recount(demands: Shown[], ledger: Entry[], world: World) {
  const live = demands.filter((d) => !d.events.some((e) => e.type === 'cancel'));
  const cohort = live.filter((d) => t(d.received_at) >= START && t(d.received_at) < END);
  const lastYear = live.filter((d) => t(d.received_at) >= LAST_YEAR.start && t(d.received_at) < LAST_YEAR.end);
  const byAsOf = (d: Shown) => d.events.filter((e) => t(e.at) <= AS_OF);
  const inMonth = (d: Shown, type: string) =>
    d.events.filter((e) => e.type === type && t(e.at) >= START && t(e.at) <= AS_OF);
  const statusAt = (d: Shown) => byAsOf(d).at(-1)!.status;
  /** The resolve deadline as of the month's end: the last one an event had set by then. */
  const dueAt = (d: Shown) =>
    t(
      byAsOf(d)
        .filter((e) => e.due_at)
        .at(-1)?.due_at ?? d.resolve_due_at,
    );
  let respOn = 0,
    respLate = 0,
    resOn = 0,
    resLate = 0;
  const respHours: number[] = [];
  const resHours: number[] = [];
  for (const d of cohort) {
    const first = d.events.find((e) => e.type === 'assign' || e.type === 'resolve');
    const response = first && t(first.at) <= AS_OF ? t(first.at) : undefined;
    if (response !== undefined) {
      respHours.push(response - t(d.received_at));
      if (response <= t(d.response_due_at)) respOn++;
      else respLate++;
    } else if (t(d.response_due_at) < AS_OF) respLate++;
    const firstResolve = d.events.find((e) => e.type === 'resolve');
    const resolved = firstResolve && t(firstResolve.at) <= AS_OF ? t(firstResolve.at) : undefined;
    if (resolved !== undefined) {
      resHours.push(resolved - t(d.received_at));
      if (resolved <= dueAt(d)) resOn++;
      else resLate++;
    } else if (dueAt(d) < AS_OF) resLate++;
  }
  const closed = cohort.filter((d) => ['resolved', 'closed'].includes(statusAt(d))).length;
  const resolvedInMonth = live.filter((d) => inMonth(d, 'resolve').length > 0);
  const disputes = resolvedInMonth.filter((d) => d.kind === 'dispute');
  const mediated = disputes.filter((d) => inMonth(d, 'resolve').at(-1)!.outcome === 'mediated').length;
  const lastRatings = live.map((d) => inMonth(d, 'rate').at(-1)?.rating).filter((r): r is string => !!r);
  const count = (r: string) => lastRatings.filter((x) => x === r).length;
  const reopened = live
    .flatMap((d) => inMonth(d, 'rate'))
    .filter((e) => e.rating === 'unsatisfied' && (e.status === 'open' || e.status === 'assigned')).length;
  const overdue = live.filter(
    (d) => t(d.received_at) <= AS_OF && ['open', 'assigned'].includes(statusAt(d)) && dueAt(d) < AS_OF,
  ).length;
  const complaints = cohort.filter((d) => d.kind === 'complaint').length;
  const complaintsLastYear = lastYear.filter((d) => d.kind === 'complaint').length;
  const cared = (resident: string | null | undefined) =>
    resident != null && (world.taggedAt.get(resident) ?? Infinity) <= AS_OF;
  // Points: entries of the month, a reversal counted as the kind of entry it reverses.
  const byId = new Map(ledger.map((e) => [e.entry, e]));
  const kindOf = (e: Entry): 'earn' | 'redeem' =>
    e.reverses !== null ? kindOf(byId.get(e.reverses)!) : e.delta > 0 ? 'earn' : 'redeem';
  const ofMonth = ledger.filter((e) => t(e.at) >= START && t(e.at) <= AS_OF);
  const earned = ofMonth.filter((e) => kindOf(e) === 'earn');
  const netEarned = new Map<string, number>();
  for (const e of earned) netEarned.set(e.resident, (netEarned.get(e.resident) ?? 0) + e.delta);
  const activities = new Set(ofMonth.filter((e) => e.activity !== null && e.reverses === null).map((e) => e.activity!));
  // 回访: due while resolved and not closed unrated by a final visit; made once rated or visited.
  const visitsDue = resolvedInMonth.filter(
    (d) => statusAt(d) === 'resolved' && !d.visits.some((v) => v.final && t(v.at) <= AS_OF),
  );
  const resolvedByAsOf = cohort.filter((d) => d.events.some((e) => e.type === 'resolve' && t(e.at) <= AS_OF));
  const visited = resolvedByAsOf.filter((d) => d.visits.some((v) => t(v.at) <= AS_OF));
  const careVisits = (world.care ?? []).filter((c) => c.at >= START && c.at <= AS_OF).length;
  return {
    demands_received: cohort.length,
    response_on_time: respOn,
    response_late: respLate,
    response_on_time_rate: percent(respOn, respOn + respLate),
    resolve_on_time: resOn,
    resolve_late: resLate,
    resolve_on_time_rate: percent(resOn, resOn + resLate),
    closure_rate: percent(closed, cohort.length),
    demands_resolved: resolvedInMonth.length,
    median_response_hours: medianHours(respHours),
    median_resolution_hours: medianHours(resHours),
    open_overdue: overdue,
    // The recounted histories pause nothing (pausing is tested in test/calendar/tiers-and-pause.test.ts).
    paused: 0,
    reopened,
    ratings: lastRatings.length,
    ratings_satisfied: count('satisfied'),
    ratings_basic: count('basic'),
    ratings_unsatisfied: count('unsatisfied'),
    satisfaction_rate: percent(count('satisfied') + count('basic'), lastRatings.length),
    complaints,
    complaints_last_year: complaintsLastYear,
    complaints_yoy_change: percent(complaints - complaintsLastYear, complaintsLastYear),
    disputes_resolved: disputes.length,
    disputes_mediated: mediated,
    mediation_success_rate: percent(mediated, disputes.length),
    points_earned: earned.reduce((sum, e) => sum + e.delta, 0),
    points_redeemed: ofMonth.filter((e) => kindOf(e) === 'redeem').reduce((sum, e) => sum - e.delta, 0),
    points_participants: [...netEarned.values()].filter((n) => n > 0).length,
    volunteer_activities: activities.size,
    volunteer_teams_active: new Set([...activities].map((a) => world.teamOfActivity.get(a))).size,
    care_residents: [...world.taggedAt.keys()].filter(cared).length,
    care_services:
      cohort.filter((d) => d.category === 'care' || cared(world.residentOf.get(d.number))).length + careVisits,
    care_visits: careVisits,
    return_visits_due: visitsDue.length,
    return_visit_rate: percent(visited.length, resolvedByAsOf.length),
  };
}

/** Each breakdown of the cohort (`channel=phone` → how many) and of the care services, as the report's rows name them.
 * */
export function breakdowns(demands: Shown[], world?: World): Map<string, number> {
  const cohort = demands.filter(
    (d) => !d.events.some((e) => e.type === 'cancel') && t(d.received_at) >= START && t(d.received_at) < END,
  );
  const counts = new Map<string, number>();
  for (const d of cohort) {
    for (const dimension of ['channel', 'category', 'kind', 'tier'] as const) {
      const key = `demands_received ${dimension}=${d[dimension]}`;
      counts.set(key, (counts.get(key) ?? 0) + 1);
    }
  }
  for (const c of (world?.care ?? []).filter((x) => x.at >= START && x.at <= AS_OF)) {
    const key = `care_visits service=${c.service}`;
    counts.set(key, (counts.get(key) ?? 0) + 1);
  }
  return counts;
}

export const local = (ms: number) => new Date(ms).toISOString();

export type Row = { metric: string; breakdown: string | null; value: number | null };
/** The report's totals (rows without a breakdown), by metric. */
export const totals = (rows: Row[]) =>
  Object.fromEntries(rows.filter((r) => !r.breakdown).map((r) => [r.metric, r.value]));
