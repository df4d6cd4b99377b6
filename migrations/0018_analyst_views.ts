import { type Kysely, sql } from 'kysely';

/**
 * For analysts in the `sqlite3` shell or a BI tool (SPEC §13): local times, the local month and
 * Chinese labels beside the codes, without knowing that stored times are UTC.
 *
 * - `code_labels (list, code, zh, en)`: every code list of SPEC §3 and the ledger's and events'
 *   types, as hongwu labels them at this version.
 * - `zone_offsets (starts_at, ends_at, offset_minutes)`: the database zone's UTC offset, period by
 *   period (UTC ISO bounds, as times are stored: `starts_at <= t < ends_at`), over 2000–2099. SQLite
 *   knows no time zones, and the zone is a setting (`init --timezone`), not always Asia/Shanghai
 *   (+08:00 since 1991): the views join this table, which is written when the zone is set (init)
 *   and here for a file whose zone was set before this version.
 * - views `v_demands`, `v_events`, `v_ledger`: each code with its `_zh` label, each time also as
 *   `_local` text `2026-11-20 14:30:00`, and the local month (`received_month`, `month`);
 *   `v_demands` also when the current pause began (`paused_local`) and its return `visits`.
 * Frozen in time: never import application code here (the offsets are computed by this file's
 * own copy of the rule, which the program's must agree with: a test checks it). `LABELS` and
 * `offsetPeriods` are exported for the PostgreSQL baseline (migrations/pg/0019_baseline.ts).
 */
export const LABELS: readonly (readonly [string, string, string, string])[] = [
  ['channel', 'walk_in', '窗口来访', 'Walk-in'],
  ['channel', 'phone', '电话', 'Phone'],
  ['channel', 'online', '线上平台', 'Online platform'],
  ['channel', 'collection_point', '民情收集点', 'Collection point'],
  ['channel', 'grid', '网格员/楼长上报', 'Grid worker / building leader'],
  ['channel', 'patrol', '巡查发现', 'Found on patrol'],
  ['channel', 'meeting', '议事会', 'Consultation meeting'],
  ['category', 'parking', '停车', 'Parking'],
  ['category', 'repair', '设施维修', 'Repairs'],
  ['category', 'environment', '环境卫生', 'Environment & sanitation'],
  ['category', 'security', '安防', 'Security'],
  ['category', 'fire_safety', '消防', 'Fire safety'],
  ['category', 'neighbour', '邻里关系', 'Neighbour relations'],
  ['category', 'noise', '噪音', 'Noise'],
  ['category', 'greening', '绿化', 'Greening'],
  ['category', 'utilities', '水电气', 'Water, power & gas'],
  ['category', 'fee', '物业费', 'Property fees'],
  ['category', 'care', '特殊群体服务', 'Special-group care'],
  ['category', 'other', '其他', 'Other'],
  ['kind', 'request', '求助/诉求', 'Request'],
  ['kind', 'complaint', '投诉', 'Complaint'],
  ['kind', 'dispute', '矛盾纠纷', 'Dispute'],
  ['kind', 'suggestion', '建议', 'Suggestion'],
  ['tier', 'immediate', '即时办', 'Immediate'],
  ['tier', 'timed', '限时结', 'Timed'],
  ['tier', 'major', '专项推', 'Major'],
  ['status', 'open', '待分派', 'Open'],
  ['status', 'assigned', '处理中', 'Assigned'],
  ['status', 'resolved', '已办结', 'Resolved'],
  ['status', 'closed', '已评价', 'Closed'],
  ['status', 'cancelled', '已撤销', 'Cancelled'],
  ['outcome', 'resolved', '已解决', 'Resolved'],
  ['outcome', 'mediated', '调解成功', 'Mediated'],
  ['outcome', 'not_mediated', '调解未成', 'Not mediated'],
  ['outcome', 'referred', '转办', 'Referred'],
  ['outcome', 'unresolvable', '无法解决', 'Unresolvable'],
  ['rating', 'satisfied', '满意', 'Satisfied'],
  ['rating', 'basic', '基本满意', 'Basically satisfied'],
  ['rating', 'unsatisfied', '不满意', 'Unsatisfied'],
  ['team_kind', 'party_org', '社区党组织', 'Community party organisation'],
  ['team_kind', 'owners_committee', '业主委员会', "Owners' committee"],
  ['team_kind', 'property', '物业服务企业', 'Property company'],
  ['team_kind', 'party_vanguard', '党员先锋队', 'Party-member vanguard'],
  ['team_kind', 'volunteer', '志愿服务队', 'Volunteer team'],
  ['team_kind', 'grid', '网格', 'Grid'],
  ['team_kind', 'other', '其他', 'Other'],
  ['resident_tag', 'party_member', '党员', 'Party member'],
  ['resident_tag', 'elderly_alone', '独居老人', 'Elderly living alone'],
  ['resident_tag', 'elderly', '老年人', 'Elderly'],
  ['resident_tag', 'disabled', '残疾人', 'Disabled'],
  ['resident_tag', 'left_behind_child', '留守儿童', 'Left-behind child'],
  ['resident_tag', 'building_leader', '楼长', 'Building leader'],
  ['resident_tag', 'household_liaison', '联户长', 'Household liaison'],
  ['resident_tag', 'volunteer', '志愿者', 'Volunteer'],
  ['points_reason', 'patrol', '巡逻', 'Patrol'],
  ['points_reason', 'cleanup', '环境整治', 'Clean-up'],
  ['points_reason', 'persuasion', '文明劝导', 'Civility persuasion'],
  ['points_reason', 'service', '志愿服务', 'Volunteer service'],
  ['points_reason', 'mediation', '矛盾调解', 'Mediation'],
  ['points_reason', 'other', '其他', 'Other'],
  ['entry_type', 'earn', '获得', 'Earned'],
  ['entry_type', 'redeem', '兑换', 'Redeemed'],
  ['entry_type', 'reversal', '冲正', 'Reversal'],
  ['item_kind', 'goods', '物品', 'Goods'],
  ['item_kind', 'service', '服务', 'Service'],
  ['event_type', 'intake', '受理', 'Intake'],
  ['event_type', 'assign', '分派', 'Assigned'],
  ['event_type', 'resolve', '办结', 'Resolved'],
  ['event_type', 'rate', '评价', 'Rated'],
  ['event_type', 'cancel', '撤销', 'Cancelled'],
  ['event_type', 'pause', '挂起', 'Paused'],
  ['event_type', 'resume', '恢复', 'Resumed'],
  ['visit_outcome', 'unreachable', '未接通', 'Unreachable'],
  ['visit_outcome', 'declined', '拒绝评价', 'Declined'],
  ['care_service', 'visit', '走访慰问', 'Visit'],
  ['care_service', 'home_repair', '上门维修', 'Home repair'],
  ['care_service', 'errand', '事项代办', 'Errand'],
  ['care_service', 'health', '健康关怀', 'Health care'],
  ['care_service', 'delivery', '送水送物', 'Delivery'],
  ['care_service', 'escort', '接送陪护', 'Escort'],
  ['care_service', 'other', '其他', 'Other'],
  ['fee_method', 'cash', '现金', 'Cash'],
  ['fee_method', 'wechat', '微信', 'WeChat Pay'],
  ['fee_method', 'alipay', '支付宝', 'Alipay'],
  ['fee_method', 'bank', '银行转账', 'Bank transfer'],
  ['fee_method', 'other', '其他', 'Other'],
  ['fee_rule_period', 'month', '月', 'Month'],
  ['fee_rule_period', 'quarter', '季度', 'Quarter'],
  ['fee_rule_period', 'year', '年', 'Year'],
];

/** UTC: the years hongwu takes (2000–2099), a day's room for any offset, a year after for deadlines. */
const FIRST = Date.UTC(1999, 11, 31);
const LAST = Date.UTC(2101, 0, 1);
/** Under the shortest offset period of any zone since 1980 (America/Recife, October 2000: 7 days less an hour). */
const SAMPLE = 6 * 86_400_000;
const MINUTE = 60_000;

type Period = { starts_at: string; ends_at: string; offset_minutes: number };

/** Samples every six days; only where two differ is the change sought to the minute. */
function searchPeriods(offsetAt: (ms: number) => number): Period[] {
  const periods: Period[] = [];
  let start = FIRST;
  let offset = offsetAt(FIRST);
  for (let t = FIRST; t < LAST; t += SAMPLE) {
    const next = Math.min(t + SAMPLE, LAST);
    for (let from = t; offsetAt(next) !== offset; ) {
      let [lo, hi] = [from, next];
      while (hi - lo > MINUTE) {
        const mid = lo + Math.floor((hi - lo) / (2 * MINUTE)) * MINUTE;
        if (offsetAt(mid) === offset) lo = mid;
        else hi = mid;
      }
      periods.push({
        starts_at: new Date(start).toISOString(),
        ends_at: new Date(hi).toISOString(),
        offset_minutes: offset,
      });
      [start, offset, from] = [hi, offsetAt(hi), hi];
    }
  }
  periods.push({
    starts_at: new Date(start).toISOString(),
    ends_at: new Date(LAST).toISOString(),
    offset_minutes: offset,
  });
  return periods;
}

/** The zone's offset in minutes at an instant by Intl (exact, but some µs a call). */
function intlReader(zone: string): (ms: number) => number {
  const format = new Intl.DateTimeFormat('en-US', {
    timeZone: zone,
    hourCycle: 'h23',
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
  });
  return (ms) => {
    const parts = format.formatToParts(new Date(ms));
    const n = (type: string) => Number(parts.find((p) => p.type === type)!.value);
    const local = Date.UTC(n('year'), n('month') - 1, n('day'), n('hour'), n('minute'), n('second'));
    return Math.round((local - Math.floor(ms / 1000) * 1000) / 60_000) || 0;
  };
}

/** Runs `read` with TZ naming the zone, so that V8's local time (the same ICU data, far cheaper) is its. */
function inZone<T>(zone: string, read: () => T): T {
  const saved = process.env.TZ;
  process.env.TZ = zone;
  try {
    return read();
  } finally {
    if (saved === undefined) delete process.env.TZ;
    else process.env.TZ = saved;
  }
}

const localOffset = (ms: number) => -new Date(ms).getTimezoneOffset() || 0;

/**
 * The zone's offset periods over 2000–2099, by V8's local time under TZ (a millisecond or so) where
 * TZ moves it (two zones that cannot both be the machine's own) and V8 knows the name (it reads an
 * unknown one as UTC throughout); else by Intl.
 */
export function offsetPeriods(zone: string): Period[] {
  const probe = Date.UTC(2020, 0, 1);
  const tzHonoured =
    inZone('Asia/Kathmandu', () => localOffset(probe)) === 345 &&
    inZone('America/St_Johns', () => localOffset(probe)) === -210;
  if (tzHonoured) {
    const periods = inZone(zone, () => searchPeriods(localOffset));
    if (periods.length > 1 || periods[0]!.offset_minutes !== 0) return periods;
  }
  return searchPeriods(intlReader(zone));
}

/** `t` (a stored UTC time) as local wall-clock text, through the zone's period that holds it. */
const local = (t: string) =>
  `strftime('%Y-%m-%d %H:%M:%S', ${t}, (SELECT z.offset_minutes FROM zone_offsets z WHERE ${t} >= z.starts_at ` +
  `AND ${t} < z.ends_at) || ' minutes')`;
const label = (list: string, code: string) =>
  `(SELECT l.zh FROM code_labels l WHERE l.list = '${list}' AND l.code = ${code})`;

const statements = [
  `CREATE TABLE code_labels (
     list TEXT NOT NULL,
     code TEXT NOT NULL,
     zh TEXT NOT NULL,
     en TEXT NOT NULL,
     PRIMARY KEY (list, code)
   ) WITHOUT ROWID`,
  `CREATE TABLE zone_offsets (
     starts_at TEXT PRIMARY KEY,
     ends_at TEXT NOT NULL,
     offset_minutes INTEGER NOT NULL
   ) WITHOUT ROWID`,
  `CREATE VIEW v_demands AS
   SELECT d.id, d.number, c.code AS community, c.name AS community_name, d.summary,
     d.channel, ${label('channel', 'd.channel')} AS channel_zh,
     d.category, ${label('category', 'd.category')} AS category_zh,
     d.kind, ${label('kind', 'd.kind')} AS kind_zh,
     d.tier, ${label('tier', 'd.tier')} AS tier_zh,
     d.status, ${label('status', 'd.status')} AS status_zh,
     d.outcome, ${label('outcome', 'd.outcome')} AS outcome_zh,
     d.rating, ${label('rating', 'd.rating')} AS rating_zh,
     coalesce(t.name, ar.name) AS assignee, r.name AS resident, d.address,
     d.received_at, ${local('d.received_at')} AS received_local, substr(${local('d.received_at')}, 1, 7) AS
    received_month,
     ${local('d.response_due_at')} AS response_due_local, ${local('d.resolve_due_at')} AS resolve_due_local,
     ${local('d.responded_at')} AS responded_local, ${local('d.resolved_at')} AS resolved_local,
     ${local('d.rated_at')} AS rated_local, ${local('d.cancelled_at')} AS cancelled_local,
     ${local('d.paused_at')} AS paused_local, (SELECT count(*) FROM demand_visits v WHERE v.demand_id = d.id) AS visits
   FROM demands d
   JOIN communities c ON c.id = d.community_id
   LEFT JOIN teams t ON t.id = d.assignee_team_id
   LEFT JOIN residents ar ON ar.id = d.assignee_resident_id
   LEFT JOIN residents r ON r.id = d.resident_id`,
  `CREATE VIEW v_events AS
   SELECT e.id, d.number, c.code AS community, e.type, ${label('event_type', 'e.type')} AS type_zh,
     e.at, ${local('e.at')} AS at_local, substr(${local('e.at')}, 1, 7) AS month,
     e.operator, e.note, e.status_after, ${label('status', 'e.status_after')} AS status_after_zh,
     e.outcome, ${label('outcome', 'e.outcome')} AS outcome_zh
   FROM demand_events e
   JOIN demands d ON d.id = e.demand_id
   JOIN communities c ON c.id = d.community_id`,
  `CREATE VIEW v_ledger AS
   SELECT g.id AS entry, c.code AS community, r.name AS resident, g.type, ${label('entry_type', 'g.type')} AS type_zh,
     g.delta, g.reason, ${label('points_reason', 'g.reason')} AS reason_zh, i.name AS item, g.qty, g.activity_id AS
    activity,
     g.at, ${local('g.at')} AS at_local, substr(${local('g.at')}, 1, 7) AS month,
     g.operator, g.reverses, g.note
   FROM ledger g
   JOIN communities c ON c.id = g.community_id
   JOIN residents r ON r.id = g.resident_id
   LEFT JOIN items i ON i.id = g.item_id`,
];

export async function up(db: Kysely<any>): Promise<void> {
  for (const statement of statements) await sql.raw(statement).execute(db);
  await db
    .insertInto('code_labels')
    .values(LABELS.map(([list, code, zh, en]) => ({ list, code, zh, en })))
    .execute();
  // A file without the setting is in the default zone (init, on a new file, replaces these).
  const zone = await db.selectFrom('settings').select('value').where('key', '=', 'timezone').executeTakeFirst();
  await db
    .insertInto('zone_offsets')
    .values(offsetPeriods((zone?.value as string | undefined) ?? 'Asia/Shanghai'))
    .execute();
}
