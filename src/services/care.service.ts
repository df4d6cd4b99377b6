import {
  careVisitsDue,
  findCareService,
  insertCareService,
  recentCareServices,
  type CareDue,
  type CareServiceView,
} from '../db/care.repository.js';
import type { Db, Tx } from '../db/connection.js';
import { insertEntry } from '../db/ledger.repository.js';
import { tagsOf } from '../db/resident.repository.js';
import { maxPoints, readCommunitySettings, writeCommunitySetting } from '../db/settings.repository.js';
import { DEFAULT_CARE_INTERVAL_DAYS, isCareTag, type CareTag } from '../domain/care.js';
import { careService, label, type CareService } from '../domain/codes.js';
import { bi, UsageError } from '../domain/errors.js';
import { checkAmount } from '../domain/ledger.js';
import { step } from '../domain/next-step.js';
import { atBefore, happenedAt } from '../domain/event-time.js';
import { resolveAssignee, resolveResident } from './references.js';
import type { Scope } from './session.js';

export interface CareInput {
  resident: string;
  service: CareService;
  note?: string;
  /** The team or resident volunteer who gave it. */
  by?: string;
  /** Points for the visiting volunteer (`--by <resident>`), reason `service`. */
  points?: number;
  at?: Date;
}

export interface CareRecorded {
  service: CareServiceView;
  /** Whether the resident is in a special group's archive (a service to anyone else is still kept). */
  inArchive: boolean;
}

/**
 * 关爱服务: one service in a resident's archive; the volunteer who gave it earns the points in the
 * same transaction, or nothing is recorded.
 */
export async function recordCare(tx: Tx, scope: Scope, input: CareInput): Promise<CareRecorded> {
  const at = happenedAt(input.at, scope.now, scope.timeZone);
  const resident = await resolveResident(tx, scope.community.id, input.resident);
  if (at < new Date(resident.created_at)) {
    throw atBefore(
      at,
      bi('该居民的登记时间', 'the resident was registered'),
      new Date(resident.created_at),
      scope.timeZone,
    );
  }
  const by = input.by?.trim() ? await resolveAssignee(tx, scope.community.id, input.by) : undefined;
  if (input.points !== undefined && by?.type !== 'resident') {
    throw new UsageError(
      (s) => {
        const [points, by] = [s.flag('points', 'care'), s.flag('by', 'care')];
        return bi(
          `${points} 要记给上门服务的志愿者：请用 ${by} <居民>`,
          `${points} go to the volunteer who served: add ${by} <resident>`,
        );
      },
      (s) =>
        bi(
          `队伍的活动积分请用 ${s.zh(step('points activity'))}`,
          `a team's points go through \`${s.en(step('points activity'))}\``,
        ),
    );
  }
  // The volunteer's points are an entry of the ledger: within the community's ceiling, as `points earn`.
  if (input.points !== undefined) checkAmount(input.points, 'points', await maxPoints(tx, scope.community.id));
  const stamp = {
    community_id: scope.community.id,
    at: at.toISOString(),
    recorded_at: scope.now.toISOString(),
    operator: scope.operator,
  };
  const note = input.note?.trim() || null;
  const ledgerId =
    input.points !== undefined && by?.type === 'resident'
      ? await insertEntry(tx, {
          ...stamp,
          resident_id: by.resident.id,
          type: 'earn',
          delta: input.points,
          reason: 'service',
          note: `${label(careService, input.service, 'zh')} ${resident.name}${note ? `：${note}` : ''}`,
        })
      : null;
  const id = await insertCareService(tx, {
    ...stamp,
    resident_id: resident.id,
    service: input.service,
    note,
    by_team_id: by?.type === 'team' ? by.team.id : null,
    by_resident_id: by?.type === 'resident' ? by.resident.id : null,
    points: input.points ?? null,
    ledger_id: ledgerId,
  });
  const tags = (await tagsOf(tx, [resident.id])).get(resident.id) ?? [];
  return { service: (await findCareService(tx, id))!, inArchive: tags.some(isCareTag) };
}

export function recentCare(scope: Scope, residentId: number, limit = 5): Promise<CareServiceView[]> {
  return recentCareServices(scope.db, residentId, limit);
}

/** Where a group's care-visit interval (days) is kept among its community's settings. */
const intervalKey = (tag: CareTag) => `care_interval.${tag}`;

/** The care-visit interval of every special group of a community, in days (defaults where unset). */
export async function careIntervals(db: Db | Tx, communityId: number): Promise<Record<CareTag, number>> {
  const settings = await readCommunitySettings(db, communityId);
  const intervals = { ...DEFAULT_CARE_INTERVAL_DAYS };
  for (const tag of Object.keys(intervals) as CareTag[]) {
    const stored = settings.get(intervalKey(tag));
    if (stored !== undefined) intervals[tag] = Number(stored);
  }
  return intervals;
}

/** Sets a group's care-visit interval for a community (`community set --care-interval`). */
export async function setCareInterval(tx: Tx, communityId: number, tag: CareTag, days: number): Promise<void> {
  await writeCommunitySetting(tx, communityId, intervalKey(tag), String(days));
}

/** The care visits due by `horizon`, most overdue first, with how many there are in all. */
export async function careDue(scope: Scope, horizon: Date, limit: number): Promise<{ rows: CareDue[]; count: number }> {
  return careVisitsDue(scope.db, {
    communityId: scope.community.id,
    intervals: await careIntervals(scope.db, scope.community.id),
    now: scope.now.toISOString(),
    horizon: horizon.toISOString(),
    limit,
  });
}
