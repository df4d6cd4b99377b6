import type { CareService } from '../domain/codes.js';
import { OPERATORS } from '../domain/demo-text.js';
import { isoString as iso } from '../domain/iso.js';
import type { Random } from '../domain/random.js';
import { fromLocal } from '../domain/time.js';
import type { DemandSpec, DemoCommunity, World } from './demo-demands.js';

/**
 * 回访 and 关爱服务 in the generated database, drawn from their own random stream so that the
 * demands, points and meetings of a seed stay what they were: some residents do not answer the
 * return-visit call (a demand still waiting, or rated only at a later try), and the special groups
 * are visited, the 独居老人 about weekly, with the seed's 送水送物, 健康关怀, 上门维修, 事项代办.
 */
const HOUR = 3_600_000;
const DAY = 24 * HOUR;

const SERVICE_WEIGHTS: Readonly<Record<CareService, number>> = {
  visit: 10,
  delivery: 4,
  health: 3,
  home_repair: 2,
  errand: 2,
  escort: 1,
  other: 0,
};
const NOTES: Partial<Record<CareService, readonly string[]>> = {
  visit: ['身体尚好，叮嘱注意保暖', '聊了家常，情绪稳定', '检查了燃气和电器'],
  delivery: ['送桶装水两桶', '送米面油', '代取快递送上门'],
  health: ['测量血压正常', '陪同社区医生上门随访', '提醒按时服药'],
  home_repair: ['更换厨房灯泡', '修理漏水龙头', '加装卫生间扶手'],
  errand: ['代办高龄津贴认证', '代缴水电费', '代办医保报销材料'],
  escort: ['陪同到医院复查'],
};

/** Unanswered return-visit calls: before a later rating, or for a demand still waiting. */
export function missedVisits(world: World, rng: Random, specs: readonly DemandSpec[]): void {
  for (const spec of specs) {
    const resolve = spec.events.findLast((e) => e.type === 'resolve');
    if (!resolve) continue;
    const after = spec.events.at(-1)!;
    const waiting = after === resolve && after.statusAfter === 'resolved';
    const until = waiting ? world.horizon : after.type === 'rate' ? after.at : undefined;
    if (until === undefined || until - resolve.at < 2 * HOUR || !rng.chance(waiting ? 0.4 : 0.12)) continue;
    const earlier = spec.inserted;
    spec.inserted = (id) => {
      earlier?.(id);
      const tries = waiting ? rng.int(1, 2) : 1;
      let at = resolve.at;
      for (let i = 0; i < tries; i++) {
        at += Math.floor(rng.next() * (until - at) * 0.5);
        if (at >= until) break;
        world.bulk.insert('demand_visits', {
          demand_id: id,
          outcome: rng.chance(0.85) ? 'unreachable' : 'declined',
          final: 0,
          at: iso(at),
          recorded_at: iso(at),
          operator: rng.pick(OPERATORS),
          note: rng.chance(0.5) ? '电话无人接听' : null,
        });
      }
    };
  }
}

/**
 * A month of care services to a community's special groups; a volunteer who served may earn the
 * points (reason `service`) in the ledger, and the balances the redemptions draw on grow with it.
 */
export function careMonth(
  world: World,
  rng: Random,
  community: DemoCommunity,
  month: string,
  balances: Map<number, number>,
): void {
  const [year, mon] = month.split('-').map(Number) as [number, number];
  const volunteerTeam = community.teams.find((t) => t.kind === 'volunteer');
  for (const resident of community.careResidents) {
    const times = resident.tags.includes('elderly_alone') ? rng.int(3, 4) : rng.chance(0.6) ? 1 : 0;
    for (let i = 0; i < times; i++) {
      const day = times > 1 ? Math.min(28, 1 + i * 7 + rng.int(0, 5)) : rng.int(1, 28);
      const at = fromLocal(
        { year, month: mon, day, hour: rng.int(9, 17), minute: rng.int(0, 59), second: 0, ms: 0 },
        world.timeZone,
      ).getTime();
      if (at >= world.horizon) continue;
      const service = rng.weighted(SERVICE_WEIGHTS);
      const volunteer = community.volunteers.length && rng.chance(0.5) ? rng.pick(community.volunteers) : undefined;
      const team = !volunteer && volunteerTeam && rng.chance(0.6) ? volunteerTeam : undefined;
      const points = volunteer && rng.chance(0.4) ? 5 : null;
      const operator = rng.pick(OPERATORS);
      const ledgerId =
        volunteer && points
          ? world.bulk.insert('ledger', {
              community_id: community.id,
              resident_id: volunteer.id,
              type: 'earn',
              delta: points,
              reason: 'service',
              item_id: null,
              qty: null,
              activity_id: null,
              reverses: null,
              note: null,
              at: iso(at),
              recorded_at: iso(at),
              operator,
            })
          : null;
      if (volunteer && points) balances.set(volunteer.id, (balances.get(volunteer.id) ?? 0) + points);
      world.bulk.insert('care_services', {
        community_id: community.id,
        resident_id: resident.id,
        service,
        note: rng.pick(NOTES[service] ?? ['']) || null,
        by_team_id: team?.id ?? null,
        by_resident_id: volunteer?.id ?? null,
        points,
        ledger_id: ledgerId,
        at: iso(at),
        recorded_at: iso(at + (rng.int(0, 2) * DAY) / 4),
        operator,
      });
    }
  }
}
