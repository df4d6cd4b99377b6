import fs from 'node:fs';
import { loadCalendar } from '../db/calendar.repository.js';
import { bulkWriter, countRows, finishLoading, startLoading, type Bulk } from '../db/bulk.repository.js';
import { removeDatabase } from '../db/connection.js';
import type { Community } from '../db/schema.js';
import { listTeams } from '../db/team.repository.js';
import { careTags } from '../domain/codes.js';
import type { TierDurations } from '../domain/deadlines.js';
import { localDate } from '../domain/durations.js';
import { bi, NotAllowedError } from '../domain/errors.js';
import type { Assignee } from '../domain/demand-story.js';
import { COMMUNITIES, STREET, TEAMS } from '../domain/demo-text.js';
import { Random } from '../domain/random.js';
import { addMonths, monthOf, monthRange } from '../domain/time.js';
import { addCommunity, initDatabase, setCommunity, showCommunity } from './community.service.js';
import { Consultations, pointsMonth, saveStock, stockItems, type DemoItem } from './demo-civic.js';
import { feeYear } from './demo-fees.js';
import { loadNamePinyin } from './name-pinyin.js';
import { careMonth, missedVisits } from './demo-care.js';
import {
  demandSpec,
  generateResidents,
  writeDemands,
  type DemandSpec,
  type DemoCommunity,
  type World,
} from './demo-demands.js';
import { openSession, runCommand, type Session } from './session.js';

/** How big a generated database is. */
export interface DemoScale {
  communities: number;
  /** Whole months before the current one. */
  months: number;
  /** Demands over all communities and months (about: a month's count varies with the season). */
  demands: number;
  residentsPerCommunity: number;
  /** Points, the love supermarket and meetings (the demo); the bench needs only demands. */
  civic: boolean;
}

/** The demo: three communities of one street over the thirteen months before this one. */
/** The working-day tiers of the demo's second community. */
const WORKING_DAY_TIERS = { timedResolve: { n: 5, unit: 'wd' }, majorRespond: { n: 1, unit: 'wd' } } as const;

export const DEMO_SCALE: DemoScale = {
  communities: 3,
  months: 13,
  demands: 3600,
  residentsPerCommunity: 360,
  civic: true,
};

export interface DemoProgress {
  month: string;
  monthsDone: number;
  months: number;
  demands: number;
}

export interface DemoOptions {
  path: string;
  /** Replace an existing file (`--yes`). */
  replace: boolean;
  operator: string;
  nowOverride?: string;
  scale?: DemoScale;
  seed?: number;
  onProgress?: (p: DemoProgress) => void;
}

export interface DemoResult {
  path: string;
  firstMonth: string;
  lastMonth: string;
  communities: string[];
  counts: Record<string, number>;
  seconds: number;
  /** Where the time went: rows and SQLite's insert milliseconds per table; the index rebuild and checks. */
  insertTimes: ReturnType<Bulk['written']>;
  finishSeconds: number;
}

export const COUNTED_TABLES = [
  'residents',
  'resident_tags',
  'teams',
  'demands',
  'demand_events',
  'items',
  'activities',
  'ledger',
  'meetings',
  'topics',
  'proposals',
  'votes',
  'topic_tasks',
  'topic_events',
  'demand_visits',
  'care_services',
  'houses',
  'fee_bills',
  'fee_payments',
] as const;

/**
 * Builds a realistic, deterministic database: the same seed and the same current month give the
 * same file. It is built beside the target under a temporary name through the normal init path
 * (migrations, settings, communities and their three parties), then filled through the bulk path
 * in one transaction and renamed into place: an existing file is replaced only with `replace`,
 * and a failure leaves nothing behind.
 */
export async function buildDemo(options: DemoOptions): Promise<DemoResult> {
  const started = performance.now();
  const target = options.path;
  const existing = fs.statSync(target, { throwIfNoEntry: false });
  if (existing?.isDirectory()) {
    throw new NotAllowedError(bi(`${target} 是文件夹`, `${target} is a folder`), (s) =>
      bi(`请用 ${s.flag('db')} 给一个文件名`, `give a file name with ${s.flag('db')}`),
    );
  }
  if (existing && !options.replace) {
    throw new NotAllowedError(bi(`${target} 已存在`, `${target} already exists`), (s) => {
      const [yes, db] = [s.flag('yes', 'demo'), s.flag('db')];
      return bi(
        `加 ${yes} 覆盖它，或用 ${db} 换一个文件`,
        `pass ${yes} to replace it, or choose another file with ${db}`,
      );
    });
  }
  const temp = `${target}.${process.pid}.tmp`;
  removeDatabase(temp);
  try {
    const session = await openSession({
      path: temp,
      create: true,
      operator: options.operator,
      nowOverride: options.nowOverride,
    });
    let result: Omit<DemoResult, 'seconds' | 'path'>;
    try {
      result = await fill(session, options);
    } finally {
      await session.store.close();
    }
    removeDatabase(target);
    fs.renameSync(temp, target);
    return { ...result, path: target, seconds: (performance.now() - started) / 1000 };
  } catch (e) {
    removeDatabase(temp);
    throw e;
  }
}

async function fill(session: Session, options: DemoOptions): Promise<Omit<DemoResult, 'seconds' | 'path'>> {
  const scale = options.scale ?? DEMO_SCALE;
  const tz = session.timeZone;
  const thisMonth = monthOf(session.now, tz);
  const months = Array.from({ length: scale.months }, (_, i) => addMonths(thisMonth, i - scale.months));
  const start = monthRange(months[0]!, tz).start;
  const horizon = monthRange(thisMonth, tz).start.getTime();

  // The normal init path, dated when the demo year begins.
  const founding = { ...session, now: start, liveClock: false };
  const names = Array.from(
    { length: scale.communities },
    (_, i) => COMMUNITIES[i] ?? { name: `第${i + 1}社区`, code: `c${String(i + 1).padStart(2, '0')}` },
  );
  const communities = await runCommand(founding, async (tx) => {
    const made: Community[] = [
      (await initDatabase(tx, founding, { community: names[0]!.name, code: names[0]!.code, street: STREET })).community,
    ];
    for (const n of names.slice(1))
      made.push((await addCommunity(tx, founding, { name: n.name, code: n.code, street: STREET })).community);
    // The second community counts its deadlines in working days (5个工作日内办结), as a street's often do.
    if (made[1]) await setCommunity(tx, { ...founding, community: made[1] }, { tiers: WORKING_DAY_TIERS });
    return made;
  });
  const parties = await Promise.all(communities.map((c) => listTeams(session.db, c.id)));
  const tiers = await Promise.all(communities.map(async (c) => (await showCommunity(session, c.code)).tiers));
  const calendar = await loadCalendar(session.db, localDate(start, tz));

  const store = session.store;
  const loading = startLoading(store, ['demands', 'demand_events']);
  const world: World = {
    // Timed: the bench reports the bulk path's insert rate from these builds.
    bulk: bulkWriter(store, { timed: true }),
    rng: new Random(options.seed ?? 20_261_126),
    timeZone: tz,
    calendar,
    horizon,
    spell: await loadNamePinyin(),
  };
  const { bulk, rng } = world;
  bulk.transaction(() => {
    const worlds = communities.map((c, index) =>
      populate(world, c, index, parties[index]!, tiers[index]!, scale, start.getTime()),
    );
    const shelves = new Map<number, DemoItem[]>();
    const balances = new Map<number, number>();
    const consultations = new Consultations(world);
    if (scale.civic) for (const c of worlds) shelves.set(c.id, stockItems(world, c, start.getTime()));
    // Return visits and care services draw on their own stream: a seed's demands stay the same.
    const careRng = new Random((options.seed ?? 20_261_126) + 1);
    const weights = worlds.map(() => 0.7 + rng.next() * 0.6);
    const perCommunityMonth = scale.demands / scale.months / weights.reduce((a, b) => a + b, 0);
    let demands = 0;
    months.forEach((month, m) => {
      const specs: DemandSpec[] = [];
      const season = 1 + 0.15 * Math.sin((2 * Math.PI * Number(month.slice(5))) / 12);
      // Complaints fall over the period as the loop takes hold (物业服务投诉量同比下降).
      const complaintShare = 0.2 - (0.1 * m) / Math.max(1, scale.months - 1);
      worlds.forEach((c, i) => {
        const count = Math.round(perCommunityMonth * weights[i]! * season * (0.9 + rng.next() * 0.2));
        for (let k = 0; k < count; k++) specs.push(demandSpec(world, c, month, complaintShare));
        if (scale.civic) {
          consultations.meetingMonth(c, month, specs);
          pointsMonth(world, c, month, shelves.get(c.id)!, balances);
          careMonth(world, careRng, c, month, balances);
        }
      });
      if (scale.civic) missedVisits(world, careRng, specs);
      const issues = specs.filter(
        (s) => s.channel !== 'meeting' && (s.kind === 'complaint' || s.kind === 'suggestion'),
      );
      for (const s of issues)
        s.inserted = (id) => s.community.recentIssues.push({ id, summary: s.summary, at: s.receivedAt });
      for (const c of worlds) c.recentIssues.length = 0;
      writeDemands(world, specs);
      demands += specs.length;
      options.onProgress?.({ month, monthsDone: m + 1, months: months.length, demands });
    });
    if (scale.civic) {
      consultations.write();
      for (const items of shelves.values()) saveStock(world, items);
      // Fees draw on their own generator, so the rest of the demo reads as before they were added.
      const feeRng = new Random((options.seed ?? 20_261_126) + 19);
      const receipts = new Map<string, number>();
      worlds.forEach((c, i) => feeYear(world, feeRng, c, i, months, receipts));
    }
  });
  const finishing = performance.now();
  finishLoading(store, loading);
  return {
    insertTimes: bulk.written(),
    finishSeconds: (performance.now() - finishing) / 1000,
    firstMonth: months[0]!,
    lastMonth: months[months.length - 1]!,
    communities: communities.map((c) => c.name),
    counts: countRows(store, COUNTED_TABLES),
  };
}

/** Residents, volunteers and the extra teams of one community. */
function populate(
  world: World,
  community: Community,
  index: number,
  parties: { id: number; kind: string }[],
  tiers: TierDurations,
  scale: DemoScale,
  since: number,
): DemoCommunity {
  const teams = parties.map((t) => ({ id: t.id, kind: t.kind as DemoCommunity['teams'][number]['kind'] }));
  for (const t of TEAMS) {
    const id = world.bulk.insert('teams', {
      community_id: community.id,
      name: `${community.name}${t.suffix}`,
      kind: t.kind,
      created_at: new Date(since).toISOString(),
    });
    teams.push({ id, kind: t.kind });
  }
  const residents = generateResidents(world, community.id, index, scale.residentsPerCommunity, since);
  const volunteers = residents.filter((r) => r.tags.includes('volunteer') || r.tags.includes('party_member'));
  const weight: Partial<Record<string, number>> = {
    property: 10,
    grid: 2,
    party_vanguard: 2,
    volunteer: 1,
    owners_committee: 1,
    party_org: 1,
  };
  const assignees: Assignee[] = teams.flatMap((t) =>
    Array.from({ length: weight[t.kind] ?? 1 }, () => ({ team: t.id, resident: null })),
  );
  for (const v of volunteers.slice(0, 3)) assignees.push({ team: null, resident: v.id });
  const careResidents = residents.filter((r) => r.tags.some((t) => (careTags as readonly string[]).includes(t)));
  return {
    id: community.id,
    name: community.name,
    residents,
    careResidents,
    volunteers,
    teams,
    tiers,
    assignees,
    recentIssues: [],
  };
}
