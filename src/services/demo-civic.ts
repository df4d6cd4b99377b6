import type { PointsReason, Rating, TeamKind } from '../domain/codes.js';
import type { StoryEvent } from '../domain/demand-story.js';
import { ACTIVITIES, ITEMS, OPERATORS, TOPIC_FROM_DEMAND, TOPICS } from '../domain/demo-text.js';
import { isoString as iso } from '../domain/iso.js';
import { fromLocal } from '../domain/time.js';
import type { TopicStep } from '../db/schema.js';
import { localMonthTitle, withStory, type DemandSpec, type DemoCommunity, type World } from './demo-demands.js';

/**
 * The rest of community life in the generated database: volunteer points and the love supermarket
 * (志愿积分 · 爱心超市), and the monthly 红色议事厅 whose topics go through all five steps.
 */
const HOUR = 3_600_000;
const DAY = 24 * HOUR;

export interface DemoItem {
  id: number;
  cost: number;
  stock: number | null;
}

/** The love supermarket of a community, stocked before the first month. */
export function stockItems(world: World, community: DemoCommunity, at: number): DemoItem[] {
  return ITEMS.map((item) => ({
    id: world.bulk.insert('items', {
      community_id: community.id,
      name: item.name,
      cost: item.cost,
      stock: item.stock,
      kind: item.kind,
      created_at: iso(at),
    }),
    cost: item.cost,
    stock: item.stock,
  }));
}

/** What is left on the shelves after the generated redemptions. */
export function saveStock(world: World, items: readonly DemoItem[]): void {
  for (const item of items) world.bulk.setStock(item.id, item.stock);
}

type LedgerOp =
  | {
      at: number;
      type: 'activity';
      title: string;
      reason: PointsReason;
      points: number;
      team: number;
      participants: number[];
    }
  | { at: number; type: 'earn'; resident: number; reason: PointsReason; points: number; reversible: boolean }
  | { at: number; type: 'redeem'; resident: number };

/**
 * A month of points: volunteer activities whose participants all earn, a few individual earnings,
 * an occasional reversal of a double entry, and redemptions within each balance and the stock.
 * Entries are applied in time order, so a balance never goes below zero at any moment.
 */
export function pointsMonth(
  world: World,
  community: DemoCommunity,
  month: string,
  items: DemoItem[],
  balances: Map<number, number>,
): void {
  const { rng, bulk } = world;
  if (community.volunteers.length === 0) return;
  const day = (hour: number) => localTime(world, month, rng.int(1, 28), hour);
  const teams = community.teams.filter((t) => t.kind === 'volunteer' || t.kind === 'party_vanguard');
  const ops: LedgerOp[] = [];
  for (let i = rng.int(3, 6); i > 0; i--) {
    const a = rng.pick(ACTIVITIES);
    const participants = rng.sample(community.volunteers, rng.int(5, 18)).map((r) => r.id);
    ops.push({
      at: day(rng.pick([9, 14, 19])),
      type: 'activity',
      title: a.title,
      reason: a.reason,
      points: a.points,
      team: rng.pick(teams).id,
      participants,
    });
  }
  for (let i = rng.int(2, 6); i > 0; i--) {
    const reason = rng.pick<PointsReason>(['mediation', 'persuasion', 'service', 'other']);
    ops.push({
      at: day(rng.int(9, 17)),
      type: 'earn',
      resident: rng.pick(community.volunteers).id,
      reason,
      points: rng.int(1, 4) * 5,
      reversible: rng.chance(0.15),
    });
  }
  for (let i = rng.int(4, 12); i > 0; i--)
    ops.push({ at: day(rng.int(9, 17)), type: 'redeem', resident: rng.pick(community.volunteers).id });
  ops.sort((a, b) => a.at - b.at);

  const operator = () => rng.pick(OPERATORS);
  const earn = (resident: number, reason: PointsReason, points: number, at: number, activity: number | null) => {
    balances.set(resident, (balances.get(resident) ?? 0) + points);
    return bulk.insert('ledger', {
      community_id: community.id,
      resident_id: resident,
      type: 'earn',
      delta: points,
      reason,
      item_id: null,
      qty: null,
      activity_id: activity,
      reverses: null,
      note: null,
      at: iso(at),
      recorded_at: iso(at),
      operator: operator(),
    });
  };
  for (const op of ops) {
    if (op.type === 'activity') {
      const activity = bulk.insert('activities', {
        community_id: community.id,
        title: op.title,
        team_id: op.team,
        reason: op.reason,
        points: op.points,
        at: iso(op.at),
        recorded_at: iso(op.at),
        operator: operator(),
      });
      for (const resident of op.participants) earn(resident, op.reason, op.points, op.at, activity);
    } else if (op.type === 'earn') {
      const entry = earn(op.resident, op.reason, op.points, op.at, null);
      // A double entry found the same day is reversed, never edited (the ledger is append-only).
      if (op.reversible) {
        balances.set(op.resident, balances.get(op.resident)! - op.points);
        bulk.insert('ledger', {
          community_id: community.id,
          resident_id: op.resident,
          type: 'reversal',
          delta: -op.points,
          reason: op.reason,
          item_id: null,
          qty: null,
          activity_id: null,
          reverses: entry,
          note: '重复登记',
          at: iso(op.at + HOUR),
          recorded_at: iso(op.at + HOUR),
          operator: operator(),
        });
      }
    } else {
      const balance = balances.get(op.resident) ?? 0;
      const affordable = items.filter((item) => item.cost <= balance && (item.stock === null || item.stock > 0));
      if (affordable.length === 0) continue;
      const item = rng.pick(affordable);
      const qty = item.cost * 2 <= balance && (item.stock === null || item.stock >= 2) && rng.chance(0.2) ? 2 : 1;
      balances.set(op.resident, balance - item.cost * qty);
      if (item.stock !== null) item.stock -= qty;
      bulk.insert('ledger', {
        community_id: community.id,
        resident_id: op.resident,
        type: 'redeem',
        delta: -item.cost * qty,
        reason: null,
        item_id: item.id,
        qty,
        activity_id: null,
        reverses: null,
        note: null,
        at: iso(op.at),
        recorded_at: iso(op.at),
        operator: operator(),
      });
    }
  }
}

interface DemoTopic {
  community: number;
  meeting: number;
  title: string;
  template: (typeof TOPICS)[number];
  step: TopicStep;
  demand: number | null;
  raisedBy: number | null;
  raisedAt: number;
  decidedAt: number | null;
  evaluatedAt: number | null;
  evaluation: Rating | null;
  proposals: { n: number; text: string; team: number; at: number }[];
  votes: { n: number; meeting: number; for: number; against: number; abstain: number; passed: boolean; at: number }[];
  events: { step: TopicStep; meeting: number | null; at: number; note: string | null }[];
  tasks: { demand: number | null; events: StoryEvent[] }[];
}

/** Topics of every meeting, kept until the end so that each is written once in its final step. */
export class Consultations {
  private readonly topics: DemoTopic[] = [];

  constructor(private readonly world: World) {}

  /**
   * This month's meeting of a community: it evaluates topics whose tasks are all done, decides
   * topics with proposals (one vote in a while fails and waits for the next meeting), sends the
   * decided tasks to their teams as demands, and takes up new questions from residents.
   */
  meetingMonth(community: DemoCommunity, month: string, specs: DemandSpec[]): void {
    const { rng, bulk, timeZone } = this.world;
    const at = localTime(this.world, month, rng.int(20, 26), 15);
    const attendees = rng.int(18, 45);
    const meeting = bulk.insert('meetings', {
      community_id: community.id,
      title: `${community.name}红色议事厅 ${localMonthTitle(at, timeZone)}`,
      at: iso(at),
      attendees,
      recorded_at: iso(at + 2 * HOUR),
      operator: rng.pick(OPERATORS),
    });
    const mine = this.topics.filter((t) => t.community === community.id);
    for (const topic of mine.filter(
      (t) => t.step === 'implementing' && t.tasks.every((task) => doneBy(task.events, at)),
    )) {
      topic.step = 'evaluated';
      topic.evaluatedAt = at + HOUR;
      topic.evaluation = rng.weighted<Rating>({ satisfied: 78, basic: 18, unsatisfied: 4 });
      topic.events.push({ step: 'evaluated', meeting, at: topic.evaluatedAt, note: null });
    }
    for (const topic of mine.filter((t) => t.step === 'proposed' && t.proposals.every((p) => p.at < at))) {
      const n = rng.int(1, topic.proposals.length);
      const passed = !(topic.votes.length === 0 && rng.chance(0.15));
      const against = rng.int(1, Math.floor(attendees / 4));
      const votesFor = passed ? attendees - against - rng.int(0, 3) : rng.int(0, against - 1);
      const voteAt = at + 30 * 60_000;
      topic.votes.push({
        n,
        meeting,
        for: Math.max(votesFor, 0),
        against,
        abstain: attendees - Math.max(votesFor, 0) - against,
        passed,
        at: voteAt,
      });
      if (!passed) continue;
      topic.step = 'implementing';
      topic.decidedAt = voteAt;
      topic.events.push({ step: 'decided', meeting, at: voteAt, note: `方案${n}通过` });
      const team = topic.proposals.find((p) => p.n === n)!.team;
      const task = { demand: null as number | null, events: [] as StoryEvent[] };
      const spec = withStory(
        this.world,
        {
          community,
          receivedAt: voteAt + HOUR,
          channel: 'meeting',
          category: 'other',
          kind: 'request',
          tier: 'timed',
          summary: topic.template.task,
          resident: null,
          phone: null,
        },
        { team, resident: null },
      );
      spec.inserted = (id) => (task.demand = id);
      task.events = spec.events;
      topic.tasks.push(task);
      topic.events.push({ step: 'implementing', meeting, at: voteAt + HOUR, note: topic.template.task });
      specs.push(spec);
    }
    for (let i = rng.int(1, 3); i > 0; i--) this.raise(community, meeting, at + i * 10 * 60_000);
  }

  private raise(community: DemoCommunity, meeting: number, at: number): void {
    const { rng, horizon } = this.world;
    const picked = rng.pick(TOPICS);
    const issue = rng.chance(0.4) ? community.recentIssues.find((d) => d.at < at) : undefined;
    // A resident's demand brought to the meeting gets proposals that fit it, not another topic's.
    const template = issue ? TOPIC_FROM_DEMAND : picked;
    const topic: DemoTopic = {
      community: community.id,
      meeting,
      title: issue ? issue.summary : template.title,
      template,
      step: 'raised',
      demand: issue?.id ?? null,
      raisedBy: rng.pick(community.residents).id,
      raisedAt: at,
      decidedAt: null,
      evaluatedAt: null,
      evaluation: null,
      proposals: [],
      votes: [],
      events: [{ step: 'raised', meeting, at, note: null }],
      tasks: [],
    };
    if (issue) community.recentIssues.splice(community.recentIssues.indexOf(issue), 1);
    const parties: TeamKind[] = rng.sample(['property', 'owners_committee', 'party_org'], rng.int(1, 2));
    let when = at + rng.int(2, 10) * DAY;
    for (const [i, kind] of parties.entries()) {
      if (when >= horizon) break;
      const team = community.teams.find((t) => t.kind === kind)!.id;
      topic.proposals.push({ n: i + 1, text: template.proposals[i % template.proposals.length]!, team, at: when });
      if (i === 0) {
        topic.step = 'proposed';
        topic.events.push({ step: 'proposed', meeting: null, at: when, note: null });
      }
      when += rng.int(1, 3) * DAY;
    }
    this.topics.push(topic);
  }

  /** Writes every topic in its final step with its proposals, votes, tasks and step history. */
  write(): number {
    const { bulk, rng } = this.world;
    const operator = () => rng.pick(OPERATORS);
    for (const t of this.topics.sort((a, b) => a.raisedAt - b.raisedAt)) {
      const id = bulk.insert('topics', {
        community_id: t.community,
        meeting_id: t.meeting,
        title: t.title,
        step: t.step,
        demand_id: t.demand,
        raised_by_resident_id: t.raisedBy,
        raised_at: iso(t.raisedAt),
        decided_at: t.decidedAt === null ? null : iso(t.decidedAt),
        evaluated_at: t.evaluatedAt === null ? null : iso(t.evaluatedAt),
        evaluation: t.evaluation,
        evaluation_comment: t.evaluation === 'unsatisfied' ? '效果不明显，建议继续跟进' : null,
      });
      const proposals = new Map<number, number>();
      for (const p of t.proposals) {
        proposals.set(
          p.n,
          bulk.insert('proposals', { topic_id: id, n: p.n, text: p.text, team_id: p.team, created_at: iso(p.at) }),
        );
      }
      for (const v of t.votes) {
        bulk.insert('votes', {
          proposal_id: proposals.get(v.n)!,
          meeting_id: v.meeting,
          votes_for: v.for,
          votes_against: v.against,
          votes_abstain: Math.max(v.abstain, 0),
          passed: v.passed ? 1 : 0,
          at: iso(v.at),
          operator: operator(),
        });
      }
      for (const task of t.tasks)
        if (task.demand !== null) bulk.insert('topic_tasks', { topic_id: id, demand_id: task.demand });
      for (const e of t.events)
        bulk.insert('topic_events', {
          topic_id: id,
          step: e.step,
          meeting_id: e.meeting,
          at: iso(e.at),
          operator: operator(),
          note: e.note,
        });
    }
    return this.topics.length;
  }
}

/** True when the task demand is resolved or closed at that instant. */
function doneBy(events: readonly StoryEvent[], at: number): boolean {
  const last = events.filter((e) => e.at <= at).at(-1);
  return last !== undefined && (last.statusAfter === 'resolved' || last.statusAfter === 'closed');
}

function localTime(world: World, month: string, day: number, hour: number): number {
  const [year, mon] = month.split('-').map(Number) as [number, number];
  return fromLocal(
    { year, month: mon, day, hour, minute: world.rng.int(0, 59), second: 0, ms: 0 },
    world.timeZone,
  ).getTime();
}
