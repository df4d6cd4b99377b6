import type { Generated, Insertable, Selectable } from 'kysely';
import type {
  Category, Channel, Kind, Outcome, Rating, ResidentTag, Status, TeamKind, Tier,
} from '../domain/codes.js';

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
}

export type DemandEventType = 'intake' | 'assign' | 'resolve' | 'rate' | 'cancel';

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
