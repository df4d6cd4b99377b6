import type { Generated, Insertable, Selectable } from 'kysely';
import type {
  CareService,
  Category,
  Channel,
  Kind,
  Outcome,
  PointsReason,
  Rating,
  ResidentTag,
  Status,
  TeamKind,
  Tier,
  VisitOutcome,
} from '../domain/codes.js';
import type { DayType } from '../domain/working-days.js';

/** Instants are UTC ISO-8601 strings (`2026-11-26T09:55:48.000Z`): sortable and range-searchable. */
export type Instant = string;

export interface SettingsTable {
  key: string;
  value: string;
}

export interface CommunitiesTable {
  id: Generated<number>;
  code: string;
  name: string;
  street: string | null;
  created_at: Instant;
}

export interface TeamsTable {
  id: Generated<number>;
  community_id: number;
  name: string;
  kind: TeamKind;
  created_at: Instant;
}

export interface ResidentsTable {
  id: Generated<number>;
  community_id: number;
  name: string;
  phone: string | null;
  address: string | null;
  created_at: Instant;
  /** Full pinyin and initials, space-separated readings (migration 0019), for `find`. */
  name_pinyin: string | null;
  name_initials: string | null;
}

export interface ResidentTagsTable {
  resident_id: number;
  tag: ResidentTag;
  tagged_at: Instant;
  operator: string;
}

export interface DemandsTable {
  id: Generated<number>;
  community_id: number;
  number: string;
  number_month: string;
  number_seq: number;
  summary: string;
  channel: Channel;
  category: Category;
  kind: Kind;
  tier: Tier;
  status: Status;
  resident_id: number | null;
  phone: string | null;
  address: string | null;
  received_at: Instant;
  response_due_at: Instant;
  resolve_due_at: Instant;
  assignee_team_id: number | null;
  assignee_resident_id: number | null;
  /** The first response: the first assign, or the first resolve where none came first. */
  responded_at: Instant | null;
  first_resolved_at: Instant | null;
  /** The latest resolve; null again once a rating reopens the demand. */
  resolved_at: Instant | null;
  outcome: Outcome | null;
  rating: Rating | null;
  rated_at: Instant | null;
  cancelled_at: Instant | null;
  /** When the current pause (挂起) began; null when the demand is not paused (migration 0013). */
  paused_at: Instant | null;
  /** `wd` when the resolve deadline counts working days: a resume moves it by working days. */
  resolve_due_unit: 'wd' | null;
}

export type DemandEventType = 'intake' | 'assign' | 'resolve' | 'rate' | 'cancel' | 'pause' | 'resume';

export interface DemandEventsTable {
  id: Generated<number>;
  demand_id: number;
  type: DemandEventType;
  /** When it happened (`--at`); `recorded_at` is when it was typed in. */
  at: Instant;
  recorded_at: Instant;
  operator: string;
  note: string | null;
  status_after: Status;
  team_id: number | null;
  resident_id: number | null;
  outcome: Outcome | null;
  rating: Rating | null;
  due_at: Instant | null;
}

export interface AuditLogTable {
  id: Generated<number>;
  at: Instant;
  operator: string;
  action: string;
  subject: string;
  note: string | null;
}

export interface Database {
  settings: SettingsTable;
  communities: CommunitiesTable;
  teams: TeamsTable;
  residents: ResidentsTable;
  resident_tags: ResidentTagsTable;
  demands: DemandsTable;
  demand_events: DemandEventsTable;
  audit_log: AuditLogTable;
}

export type Community = Selectable<CommunitiesTable>;
export type Team = Selectable<TeamsTable>;
export type Resident = Selectable<ResidentsTable>;
export type DemandRow = Selectable<DemandsTable>;
export type NewDemand = Insertable<DemandsTable>;
export type DemandEventRow = Selectable<DemandEventsTable>;
export type NewDemandEvent = Insertable<DemandEventsTable>;

// 志愿积分 · 爱心超市 (migration 0002)

export interface ItemsTable {
  id: Generated<number>;
  community_id: number;
  name: string;
  cost: number;
  /** null: unlimited (a service, or goods not counted). */
  stock: number | null;
  kind: 'goods' | 'service';
  created_at: Instant;
}

export interface ActivitiesTable {
  id: Generated<number>;
  community_id: number;
  title: string;
  team_id: number;
  reason: PointsReason;
  points: number;
  at: Instant;
  recorded_at: Instant;
  operator: string;
}

export type LedgerEntryType = 'earn' | 'redeem' | 'reversal';

/** Append-only: triggers refuse UPDATE, DELETE and any entry that takes a balance below zero. */
export interface LedgerTable {
  id: Generated<number>;
  community_id: number;
  resident_id: number;
  type: LedgerEntryType;
  delta: number;
  /** The points reason of an earn entry (and of its reversal); null for redemptions. */
  reason: PointsReason | null;
  item_id: number | null;
  qty: number | null;
  activity_id: number | null;
  /** The entry this one reverses (type `reversal`). */
  reverses: number | null;
  note: string | null;
  at: Instant;
  recorded_at: Instant;
  operator: string;
}

// 红色议事厅 (migration 0003)

export type TopicStep = 'raised' | 'proposed' | 'decided' | 'implementing' | 'evaluated';

export interface MeetingsTable {
  id: Generated<number>;
  community_id: number;
  title: string;
  at: Instant;
  attendees: number | null;
  recorded_at: Instant;
  operator: string;
}

export interface TopicsTable {
  id: Generated<number>;
  community_id: number;
  /** The meeting it was raised at; later steps may happen at later meetings (topic_events). */
  meeting_id: number;
  title: string;
  step: TopicStep;
  demand_id: number | null;
  raised_by_resident_id: number | null;
  raised_at: Instant;
  decided_at: Instant | null;
  evaluated_at: Instant | null;
  evaluation: Rating | null;
  evaluation_comment: string | null;
}

export interface ProposalsTable {
  id: Generated<number>;
  topic_id: number;
  n: number;
  text: string;
  team_id: number;
  created_at: Instant;
}

export interface VotesTable {
  id: Generated<number>;
  proposal_id: number;
  meeting_id: number | null;
  votes_for: number;
  votes_against: number;
  votes_abstain: number;
  passed: number;
  at: Instant;
  operator: string;
}

export interface TopicTasksTable {
  topic_id: number;
  demand_id: number;
}

export interface TopicEventsTable {
  id: Generated<number>;
  topic_id: number;
  step: TopicStep;
  meeting_id: number | null;
  at: Instant;
  operator: string;
  note: string | null;
}

export interface Database {
  items: ItemsTable;
  activities: ActivitiesTable;
  ledger: LedgerTable;
  meetings: MeetingsTable;
  topics: TopicsTable;
  proposals: ProposalsTable;
  votes: VotesTable;
  topic_tasks: TopicTasksTable;
  topic_events: TopicEventsTable;
  houses: HousesTable;
  fee_rules: FeeRulesTable;
  fee_bills: FeeBillsTable;
  fee_payments: FeePaymentsTable;
  fee_allocations: FeeAllocationsTable;
  fee_waivers: FeeWaiversTable;
}

// Working days and per-community settings (migration 0012)

export interface CalendarDaysTable {
  /** A local date, `YYYY-MM-DD`. */
  date: string;
  type: DayType;
  name: string | null;
  source: 'official' | 'local';
}

export interface CommunitySettingsTable {
  community_id: number;
  key: string;
  value: string;
}

export interface Database {
  calendar_days: CalendarDaysTable;
  community_settings: CommunitySettingsTable;
}

export type CalendarDay = Selectable<CalendarDaysTable>;

// 房屋与物业费 (migrations 0016, 0017): money in fen, areas in hundredths of a square metre.

export interface HousesTable {
  id: Generated<number>;
  community_id: number;
  /** The normal form `building-unit-room` (`3-2-501`). */
  address: string;
  area: number;
  owner_id: number | null;
  created_at: Instant;
}

export type FeeRulePeriod = 'month' | 'quarter' | 'year';

export interface FeeRulesTable {
  id: Generated<number>;
  community_id: number;
  /** Fen per square metre per `period`. */
  per_m2: number;
  period: FeeRulePeriod;
  /** The local date it applies from, `YYYY-MM-DD`. */
  from_date: string;
  created_at: Instant;
  operator: string;
}

/** Append-only. */
export interface FeeBillsTable {
  id: Generated<number>;
  community_id: number;
  house_id: number;
  /** `2026`, `2026-Q4` or `2026-11`. */
  period: string;
  first_month: string;
  last_month: string;
  /** The period's first instant and the instant after it (half-open, UTC). */
  period_start: Instant;
  period_end: Instant;
  rule_id: number;
  area: number;
  amount: number;
  issued_at: Instant;
  operator: string;
}

export type FeeMethod = 'cash' | 'wechat' | 'alipay' | 'bank' | 'other';

/** Append-only: a payment is corrected by a reversal (negative, linked by `reverses`). */
export interface FeePaymentsTable {
  id: Generated<number>;
  community_id: number;
  house_id: number;
  type: 'payment' | 'reversal';
  /** `SK-YYYYMM-NNNN`, payments only. */
  receipt: string | null;
  receipt_month: string | null;
  receipt_seq: number | null;
  amount: number;
  method: FeeMethod | null;
  reverses: number | null;
  note: string | null;
  at: Instant;
  recorded_at: Instant;
  operator: string;
}

/** Append-only: how much of a payment went to a bill, and when. */
export interface FeeAllocationsTable {
  id: Generated<number>;
  payment_id: number;
  bill_id: number;
  amount: number;
  at: Instant;
}

/** Append-only: at most one per bill. */
export interface FeeWaiversTable {
  id: Generated<number>;
  community_id: number;
  bill_id: number;
  amount: number;
  reason: string;
  at: Instant;
  recorded_at: Instant;
  operator: string;
}

// 回访 and 关爱服务 (migrations 0014, 0015)

/** A return visit that reached no rating; `final` closed the demand unrated. */
export interface DemandVisitsTable {
  id: Generated<number>;
  demand_id: number;
  outcome: VisitOutcome;
  final: number;
  at: Instant;
  recorded_at: Instant;
  operator: string;
  note: string | null;
}

export interface CareServicesTable {
  id: Generated<number>;
  community_id: number;
  resident_id: number;
  service: CareService;
  note: string | null;
  by_team_id: number | null;
  by_resident_id: number | null;
  points: number | null;
  /** The entry that credited the visiting volunteer (`--points` with `--by <resident>`). */
  ledger_id: number | null;
  at: Instant;
  recorded_at: Instant;
  operator: string;
}

export type House = Selectable<HousesTable>;
export type FeeRule = Selectable<FeeRulesTable>;
export type FeeBill = Selectable<FeeBillsTable>;
export type FeePayment = Selectable<FeePaymentsTable>;

export interface Database {
  demand_visits: DemandVisitsTable;
  care_services: CareServicesTable;
}

// For analysts (migration 0018): the zone's offsets the views turn UTC into local time with, and
// the code labels they show (views v_demands, v_events, v_ledger are read by SQL, never by hongwu).

export interface ZoneOffsetsTable {
  /** UTC, stored format; the period holds `starts_at <= t < ends_at`. */
  starts_at: string;
  ends_at: string;
  offset_minutes: number;
}

export interface CodeLabelsTable {
  list: string;
  code: string;
  zh: string;
  en: string;
}

export interface Database {
  zone_offsets: ZoneOffsetsTable;
  code_labels: CodeLabelsTable;
}
