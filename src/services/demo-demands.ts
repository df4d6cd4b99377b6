import type { Bulk } from '../db/bulk.repository.js';
import type { Category, Channel, Kind, ResidentTag, TeamKind, Tier } from '../domain/codes.js';
import { deadlinesFor, type TierDurations } from '../domain/deadlines.js';
import type { WorkCalendar } from '../domain/working-days.js';
import { isoString } from '../domain/iso.js';
import { stateAfter, tellStory, type Assignee, type StoryEvent } from '../domain/demand-story.js';
import { OPERATORS, RESOLVE_NOTES, address, demandSummary, personName } from '../domain/demo-text.js';
import type { Random } from '../domain/random.js';
import { endOfLocalDay, fromLocal, monthOf, toLocal } from '../domain/time.js';
import type { NamePinyin } from './name-pinyin.js';

/**
 * Residents and demands of the generated database: who lives in each community, and a month of
 * demands through their whole loop, written through the bulk path.
 */
export interface World {
  bulk: Bulk;
  rng: Random;
  timeZone: string;
  /** The file's calendar over the generated months, for the communities counting working days. */
  calendar: WorkCalendar;
  /** Nothing is generated at or after this instant (the start of the current month). */
  horizon: number;
  /** Residents' names in pinyin, stored for `find`. */
  spell: (name: string) => NamePinyin;
}

export interface DemoResident {
  id: number;
  phone: string | null;
  address: string | null;
  tags: ResidentTag[];
}

export interface DemoCommunity {
  id: number;
  name: string;
  residents: DemoResident[];
  /** Residents with a special-group tag (特殊群体), who ask for care services. */
  careResidents: DemoResident[];
  /** Residents who volunteer (party members and volunteers): they earn points and can be assigned. */
  volunteers: DemoResident[];
  teams: { id: number; kind: TeamKind }[];
  /** The community's tier durations (one of the demo's counts in working days). */
  tiers: TierDurations;
  /** The front desk's usual choices, weighted by repetition (the property company most often). */
  assignees: Assignee[];
  /** Demands of the latest generated month that a meeting may take up as a topic. */
  recentIssues: { id: number; summary: string; at: number }[];
}

export interface DemandSpec {
  community: DemoCommunity;
  receivedAt: number;
  channel: Channel;
  category: Category;
  kind: Kind;
  tier: Tier;
  summary: string;
  resident: DemoResident | null;
  phone: string | null;
  responseDueAt: number;
  resolveDueAt: number;
  resolveUnit: 'wd' | null;
  events: StoryEvent[];
  /** Called with the new demand's id (a meeting task links its topic to it). */
  inserted?: (id: number) => void;
}

const DAY = 86_400_000;

const TAG_SHARE: Record<ResidentTag, number> = {
  party_member: 0.1,
  elderly_alone: 0.05,
  elderly: 0.14,
  disabled: 0.03,
  left_behind_child: 0.03,
  building_leader: 0.04,
  household_liaison: 0.04,
  volunteer: 0.15,
};

/** Registers `count` residents of a community before `since`, with their special-group tags. */
export function generateResidents(
  world: World,
  communityId: number,
  index: number,
  count: number,
  since: number,
): DemoResident[] {
  const { bulk, rng } = world;
  const residents: DemoResident[] = [];
  for (let i = 0; i < count; i++) {
    const createdAt = isoString(since - rng.int(1, 700) * DAY);
    // 7919 is prime to 10^9, so every resident of a community gets a different number.
    const phone = rng.chance(0.92)
      ? `1${3 + (i % 6)}${String((index * 1_000_003 + i * 7919) % 1_000_000_000).padStart(9, '0')}`
      : null;
    const home = address(rng);
    const name = personName(rng);
    const id = bulk.insert('residents', {
      community_id: communityId,
      name,
      phone,
      address: home,
      created_at: createdAt,
      ...world.spell(name),
    });
    const tags = (Object.keys(TAG_SHARE) as ResidentTag[]).filter((tag) => rng.chance(TAG_SHARE[tag]));
    for (const tag of tags)
      bulk.insert('resident_tags', { resident_id: id, tag, tagged_at: createdAt, operator: rng.pick(OPERATORS) });
    residents.push({ id, phone, address: home, tags });
  }
  return residents;
}

const CHANNELS: Record<Exclude<Channel, 'meeting'>, number> = {
  walk_in: 22,
  phone: 28,
  online: 18,
  collection_point: 10,
  grid: 14,
  patrol: 8,
};
const CATEGORIES: Record<Category, number> = {
  parking: 14,
  repair: 20,
  environment: 14,
  security: 6,
  fire_safety: 4,
  neighbour: 8,
  noise: 8,
  greening: 4,
  utilities: 8,
  fee: 4,
  care: 7,
  other: 3,
};
const TIERS: Record<Tier, number> = { immediate: 35, timed: 57, major: 8 };
const HOURS: Record<string, number> = {
  8: 8,
  9: 14,
  10: 14,
  11: 10,
  14: 10,
  15: 12,
  16: 10,
  17: 7,
  19: 5,
  20: 4,
  22: 2,
  6: 1,
};

/** The kinds' weights for a month's share of complaints: one object per share, so `weighted` keeps its table. */
const kindTables = new Map<number, Readonly<Record<Kind, number>>>();
function kindWeights(complaintShare: number): Readonly<Record<Kind, number>> {
  let weights = kindTables.get(complaintShare);
  if (!weights)
    kindTables.set(
      complaintShare,
      (weights = { request: 62, complaint: 100 * complaintShare, dispute: 6, suggestion: 10 }),
    );
  return weights;
}

/**
 * One demand received in the month: its codes, deadlines (from the same rules as `intake`) and
 * its story up to the horizon. `complaintShare` falls over the year, as the practice reports.
 */
export function demandSpec(world: World, community: DemoCommunity, month: string, complaintShare: number): DemandSpec {
  const { rng, timeZone } = world;
  const [year, mon] = month.split('-').map(Number) as [number, number];
  const days = new Date(Date.UTC(year, mon, 0)).getUTCDate();
  const receivedAt = fromLocal(
    {
      year,
      month: mon,
      day: rng.int(1, days),
      hour: Number(rng.weighted(HOURS)),
      minute: rng.int(0, 59),
      second: rng.int(0, 59),
      ms: 0,
    },
    timeZone,
  );
  const category = rng.weighted(CATEGORIES);
  const kind: Kind =
    category === 'neighbour' && rng.chance(0.6) ? 'dispute' : rng.weighted(kindWeights(complaintShare));
  const channel = rng.weighted(CHANNELS);
  const tier = rng.weighted(TIERS);
  const wantsCare = category === 'care';
  const pool = wantsCare ? community.careResidents : community.residents;
  const resident = rng.chance(0.75) && pool.length ? rng.pick(pool) : null;
  const phone = resident?.phone ?? (rng.chance(0.8) ? `139${String(rng.int(0, 99_999_999)).padStart(8, '0')}` : null);
  return withStory(world, {
    community,
    receivedAt: receivedAt.getTime(),
    channel,
    category,
    kind,
    tier,
    summary: demandSummary(category, rng),
    resident,
    phone,
  });
}

/**
 * Deadlines and story for a demand taken in at `receivedAt`. Objects are written out field by
 * field, not spread: a million demands are generated in one go, and spreading costs microseconds.
 */
export function withStory(
  world: World,
  d: Omit<DemandSpec, 'events' | 'responseDueAt' | 'resolveDueAt' | 'resolveUnit' | 'inserted'>,
  preassigned?: Assignee,
): DemandSpec {
  const received = new Date(d.receivedAt);
  const due = d.tier === 'major' ? endOfLocalDay(received, world.timeZone, 30) : undefined;
  const deadlines = deadlinesFor(d.tier, received, world.timeZone, {
    due,
    tiers: d.community.tiers,
    calendar: world.calendar,
  });
  const resolveDueAt = deadlines.resolveDueAt.getTime();
  const events = tellStory(
    {
      channel: d.channel,
      kind: d.kind,
      tier: d.tier,
      receivedAt: d.receivedAt,
      resolveDueAt,
      horizon: world.horizon,
      assignees: d.community.assignees,
      preassigned,
    },
    world.rng,
  );
  return {
    community: d.community,
    receivedAt: d.receivedAt,
    channel: d.channel,
    category: d.category,
    kind: d.kind,
    tier: d.tier,
    summary: d.summary,
    resident: d.resident,
    phone: d.phone,
    responseDueAt: deadlines.responseDueAt.getTime(),
    resolveDueAt,
    resolveUnit: deadlines.resolveUnit,
    events,
  };
}

const iso = (ms: number | null) => (ms === null ? null : isoString(ms));

/**
 * Writes a month's demands with their events. Numbers follow the order of intake across every
 * community of the file, restarting each month, as `intake` numbers them.
 */
export function writeDemands(world: World, specs: DemandSpec[]): number {
  const { bulk, rng } = world;
  specs.sort((a, b) => a.receivedAt - b.receivedAt);
  const seqs = new Map<string, number>();
  let events = 0;
  for (const spec of specs) {
    const month = monthOf(new Date(spec.receivedAt), world.timeZone).replace('-', '');
    const seq = (seqs.get(month) ?? 0) + 1;
    seqs.set(month, seq);
    const state = stateAfter(spec.events);
    const pause = pauseOf(world, spec, seq, state.status);
    const id = bulk.insert('demands', {
      community_id: spec.community.id,
      number: `${month}-${String(seq).padStart(4, '0')}`,
      number_month: month,
      number_seq: seq,
      summary: spec.summary,
      channel: spec.channel,
      category: spec.category,
      kind: spec.kind,
      tier: spec.tier,
      status: state.status,
      resident_id: spec.resident?.id ?? null,
      phone: spec.phone,
      address: spec.resident?.address ?? null,
      received_at: iso(spec.receivedAt)!,
      response_due_at: iso(spec.responseDueAt)!,
      resolve_due_at: iso(spec.resolveDueAt)!,
      assignee_team_id: state.assignee.team,
      assignee_resident_id: state.assignee.resident,
      responded_at: iso(state.respondedAt),
      first_resolved_at: iso(state.firstResolvedAt),
      resolved_at: iso(state.resolvedAt),
      outcome: state.outcome,
      rating: state.rating,
      rated_at: iso(state.ratedAt),
      cancelled_at: iso(state.cancelledAt),
      resolve_due_unit: spec.resolveUnit,
      paused_at: iso(pause?.at ?? null),
    });
    for (const e of spec.events) {
      const at = iso(e.at)!;
      // Paper slips from a collection point are typed in later the same day or the next.
      const late = e.type === 'intake' && spec.channel === 'collection_point' ? rng.int(1, 20) * 3_600_000 : 0;
      bulk.insert('demand_events', {
        demand_id: id,
        type: e.type,
        at,
        recorded_at: iso(Math.min(e.at + late, world.horizon - 1))!,
        operator: rng.pick(OPERATORS),
        note: noteOf(spec, e),
        status_after: e.statusAfter,
        team_id: e.assignee?.team ?? null,
        resident_id: e.assignee?.resident ?? null,
        outcome: e.outcome ?? null,
        rating: e.rating ?? null,
        // Intake records the resolve deadline it fixed, as `intake` does; the story never moves it.
        due_at: e.type === 'intake' ? iso(spec.resolveDueAt) : null,
      });
      events++;
    }
    if (pause) {
      bulk.insert('demand_events', {
        demand_id: id,
        type: 'pause',
        at: iso(pause.at)!,
        recorded_at: iso(pause.at)!,
        operator: OPERATORS[0]!,
        note: pause.reason,
        status_after: state.status,
        team_id: null,
        resident_id: null,
        outcome: null,
        rating: null,
        due_at: null,
      });
      events++;
    }
    spec.inserted?.(id);
  }
  return events;
}

const PAUSE_REASONS = ['等待配件到货', '居民外出，约定返回后上门', '等待法院判决'];

/**
 * A few demands still open in the demo's last days wait for parts or for the resident (挂起): one in
 * three of those taken in during the last fifteen days, chosen by number (the random sequence, and so
 * the rest of the demo, stays as it was), paused an hour after their last event.
 */
function pauseOf(
  world: World,
  spec: DemandSpec,
  seq: number,
  status: string,
): { at: number; reason: string } | undefined {
  if ((status !== 'open' && status !== 'assigned') || seq % 3 !== 0 || spec.receivedAt < world.horizon - 15 * DAY)
    return undefined;
  const at = spec.events[spec.events.length - 1]!.at + 3_600_000;
  return at < world.horizon ? { at, reason: PAUSE_REASONS[seq % PAUSE_REASONS.length]! } : undefined;
}

function noteOf(spec: DemandSpec, e: StoryEvent): string | null {
  if (e.type === 'resolve') {
    if (e.outcome === 'not_mediated') return '多次调解未达成一致，已告知司法途径';
    if (e.outcome === 'referred') return '已转相关职能部门办理';
    if (e.outcome === 'unresolvable') return '超出物业职责范围，已向居民说明';
    return RESOLVE_NOTES[spec.category];
  }
  if (e.type === 'rate') return e.rating === 'unsatisfied' ? '问题没有彻底解决' : null;
  if (e.type === 'cancel') return '重复登记';
  return null;
}

/** Local calendar pieces of an instant, for titles such as 2026年10月. */
export function localMonthTitle(ms: number, timeZone: string): string {
  const l = toLocal(new Date(ms), timeZone);
  return `${l.year}年${l.month}月`;
}
