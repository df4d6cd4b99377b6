import { insertCommunity, listCommunities } from '../db/community.repository.js';
import type { Tx } from '../db/connection.js';
import type { Community } from '../db/schema.js';
import {
  readCommunitySettings,
  readSettings,
  writeCommunitySetting,
  writeSetting,
  writeZoneOffsets,
} from '../db/settings.repository.js';
import { TIER_SETTINGS, tiersFrom, type TierDurations, type TierSetting } from '../domain/deadlines.js';
import { formatDuration, type Duration } from '../domain/durations.js';
import { insertTeam, listTeams } from '../db/team.repository.js';
import type { TeamKind } from '../domain/codes.js';
import { bi, NotAllowedError, refusalAbout, usageAbout, UsageError, zhWord, type FieldName } from '../domain/errors.js';
import { step } from '../domain/next-step.js';
import { isValidTimeZone, zoneOffsetPeriods } from '../domain/time.js';
import { chooseCommunity, DEFAULT_TIME_ZONE, type Scope, type Session } from './session.js';
import { checkName, isBlank } from '../domain/text.js';
import type { CareTag } from '../domain/care.js';
import { careIntervals, setCareInterval } from './care.service.js';

export const DEFAULT_COMMUNITY_NAME = '默认社区';

/** The three parties of 三方联动, created with every community. */
const THREE_PARTIES: { kind: TeamKind; suffix: string }[] = [
  { kind: 'party_org', suffix: '社区党组织' },
  { kind: 'owners_committee', suffix: '业主委员会' },
  { kind: 'property', suffix: '物业服务企业' },
];

export interface InitInput {
  community?: string;
  code?: string;
  street?: string;
  timeZone?: string;
  /** Days a `timed` demand has to be resolved (SPEC §4: 7, configurable); new intakes only. */
  timedDays?: number;
}

export interface InitResult {
  community: Community;
  created: boolean;
  teamsCreated: string[];
  timeZone: string;
  timedDays: number;
  /** The days before, when this init changed them. */
  timedDaysBefore?: number;
}

/**
 * Prepares a database: the time zone, the first community and its three parties. Idempotent:
 * running it again changes nothing that exists and only adds what is missing.
 */
export async function initDatabase(tx: Tx, session: Session, input: InitInput): Promise<InitResult> {
  checkInitInput(input);
  const settings = await readSettings(tx);
  const current = settings.get('timezone');
  const timeZone = input.timeZone ?? current ?? DEFAULT_TIME_ZONE;
  if (current === undefined) {
    await writeSetting(tx, 'timezone', timeZone);
    // The analysts' views turn UTC into this zone's local time through its offsets (0018).
    await writeZoneOffsets(tx, zoneOffsetPeriods(timeZone));
  } else if (current !== timeZone) {
    throw new NotAllowedError(
      bi(`数据库已使用时区 ${current}`, `this database already uses the time zone ${current}`),
      bi(
        '时区在初始化时确定，诉求编号和月份边界都依赖它',
        'the time zone is fixed at init: demand numbers and month boundaries depend on it',
      ),
    );
  }
  const communities = await listCommunities(tx);
  const name = input.community?.trim() || communities[0]?.name || DEFAULT_COMMUNITY_NAME;
  let community = communities.find((c) => c.name === name || c.code === name);
  if (!community && communities.length > 0) {
    // `init` creates the first community (SPEC §2); more come from `community add`, on purpose.
    throw new NotAllowedError(
      bi(
        `数据库已有社区：${communities.map((c) => c.name).join('、')}；init 不会再建新社区`,
        `the database already has its communities (${communities.map((c) => c.name).join(', ')}); init creates ` +
          `only the first`,
      ),
      (s) =>
        bi(
          `要新增社区请用 ${s.zh(step('community add', [name]))}`,
          `to add one, run \`${s.en(step('community add', [name]))}\``,
        ),
    );
  }
  const created = !community;
  if (!community) {
    community = await createCommunity(tx, session, { name, code: input.code, street: input.street }, communities);
  }
  const teamsCreated = await ensureThreeParties(tx, session, community);
  // Deadlines are stored at intake: a new number of days applies to the demands taken in after.
  if (input.timedDays !== undefined) await writeSetting(tx, 'timed_resolve_days', String(input.timedDays));
  const changed =
    input.timedDays !== undefined && settings.has('timed_resolve_days') && input.timedDays !== session.timedResolveDays;
  return {
    community,
    created,
    teamsCreated,
    timeZone,
    timedDays: input.timedDays ?? session.timedResolveDays,
    ...(changed ? { timedDaysBefore: session.timedResolveDays } : {}),
  };
}

export async function addCommunity(
  tx: Tx,
  session: Session,
  input: { name: string; code?: string; street?: string },
): Promise<{ community: Community; teamsCreated: string[] }> {
  const existing = await listCommunities(tx);
  const community = await createCommunity(tx, session, input, existing);
  const teamsCreated = await ensureThreeParties(tx, session, community);
  return { community, teamsCreated };
}

export function communities(session: Session): Promise<Community[]> {
  return listCommunities(session.db);
}

/** A community's name and code as stored, or exit 2 saying what is wrong with them. */
function communityNaming(typedName: string, typedCode: string | undefined): { name: string; code: string } {
  const name = typedName.trim();
  if (isBlank(name)) throw new UsageError(bi('社区名称不能为空', 'a community needs a name'));
  checkName(name, bi('社区名称', 'the community name'));
  if (typedCode !== undefined) checkName(typedCode, bi('社区代码', 'the community code'));
  const code = (typedCode ?? name).trim().replace(/[\s/\\:*?"<>|]+/g, '-');
  if (isBlank(code)) throw new UsageError(bi('社区代码不能为空', 'a community code cannot be empty'));
  if ([name, code].some((v) => v.toLowerCase() === 'all')) {
    // `report --community all` is the roll-up: a community of that name could never be reported alone.
    throw usageAbout('code', (field) => ({
      text: bi(
        '“all”留作全部社区的汇总，不能用作社区名称或代码',
        '"all" stands for every community together; it cannot name one',
      ),
      hint: anotherName(field),
    }));
  }
  return { name, code };
}

/**
 * What `init` is given, checked before any file is made: a new file is there for every other
 * `init` at once (they may run side by side), so it is not removed again when this one is wrong.
 */
export function checkInitInput(input: InitInput): void {
  if (input.timeZone !== undefined && !isValidTimeZone(input.timeZone)) {
    throw new UsageError(
      bi(`不认识的时区“${input.timeZone}”`, `unknown time zone "${input.timeZone}"`),
      bi('请用 IANA 名称，如 Asia/Shanghai', 'use an IANA name such as Asia/Shanghai'),
    );
  }
  if (input.community !== undefined && !isBlank(input.community)) communityNaming(input.community, input.code);
}

async function createCommunity(
  tx: Tx,
  session: Session,
  input: { name: string; code?: string; street?: string },
  existing: Community[],
): Promise<Community> {
  const { name, code } = communityNaming(input.name, input.code);
  const clash = existing.find((c) => c.name === name || c.code === code || c.name === code || c.code === name);
  if (clash) {
    const taken = clash.name === name || clash.code === name ? name : code;
    throw refusalAbout('code', (field) => ({
      text: bi(
        `已有名称或代码为“${taken}”的社区（${clash.name}，代码 ${clash.code}）`,
        `a community named or coded "${taken}" already exists (${clash.name}, code ${clash.code})`,
      ),
      hint: anotherName(field),
    }));
  }
  return insertCommunity(tx, {
    code,
    name,
    street: input.street?.trim() || null,
    created_at: session.now.toISOString(),
  });
}

const anotherName = (code: FieldName) =>
  bi(`请换一个名称，或用${zhWord(code.zh)}换一个代码`, `choose another name, or another code with ${code.noun}`);

async function ensureThreeParties(tx: Tx, session: Session, community: Community): Promise<string[]> {
  const teams = await listTeams(tx, community.id);
  const created: string[] = [];
  for (const party of THREE_PARTIES) {
    if (teams.some((t) => t.kind === party.kind)) continue;
    // 红枫社区 + 社区党组织 = 红枫社区党组织, not 红枫社区社区党组织.
    const name =
      community.name.endsWith('社区') && party.suffix.startsWith('社区')
        ? `${community.name}${party.suffix.slice(2)}`
        : `${community.name}${party.suffix}`;
    await insertTeam(tx, { community_id: community.id, name, kind: party.kind, created_at: session.now.toISOString() });
    created.push(name);
  }
  return created;
}

/** What `community set` changes: tier durations, and the most points one entry may carry. */
export interface CommunitySettingsInput {
  tiers: Partial<Record<TierSetting, Duration>>;
  maxPoints?: number;
  /** 关爱走访: days between care visits, by special group (SPEC §10). */
  careIntervals?: { tag: CareTag; days: number }[];
}

/** A community's own settings as `community show` lists them. */
export interface CommunitySettings {
  community: Community;
  tiers: TierDurations;
  /** The tier settings the community set itself (the others are part one's defaults). */
  own: TierSetting[];
  maxPoints: number | null;
  careIntervals: Record<CareTag, number>;
}

/** The per-community setting that caps the points of one entry (read by the points rules). */
export const MAX_POINTS_SETTING = 'max_points';

/**
 * Records a community's settings (SPEC §9: `community set <c> --timed-resolve 5wd …`). Deadlines are
 * stored at intake: new durations apply to demands taken in after, never to those on file.
 */
export async function setCommunity(tx: Tx, scope: Scope, input: CommunitySettingsInput): Promise<CommunitySettings> {
  for (const { key, setting } of TIER_SETTINGS) {
    const duration = input.tiers[key];
    if (duration) await writeCommunitySetting(tx, scope.community.id, setting, formatDuration(duration));
  }
  if (input.maxPoints !== undefined)
    await writeCommunitySetting(tx, scope.community.id, MAX_POINTS_SETTING, String(input.maxPoints));
  for (const { tag, days } of input.careIntervals ?? []) await setCareInterval(tx, scope.community.id, tag, days);
  return settingsOf(tx, scope, scope.community);
}

export async function showCommunity(session: Session, ref: string): Promise<CommunitySettings> {
  return settingsOf(session.db, session, await chooseCommunity(session, ref));
}

async function settingsOf(db: Session['db'] | Tx, session: Session, community: Community): Promise<CommunitySettings> {
  const settings = await readCommunitySettings(db, community.id);
  const maxPoints = settings.get(MAX_POINTS_SETTING);
  return {
    community,
    tiers: tiersFrom(settings, session.timedResolveDays),
    own: TIER_SETTINGS.filter((t) => settings.has(t.setting)).map((t) => t.key),
    maxPoints: maxPoints === undefined ? null : Number(maxPoints),
    careIntervals: await careIntervals(db, community.id),
  };
}
