import type { FeeMethod } from '../db/schema.js';
import { feeFor } from '../domain/money.js';
import { OPERATORS } from '../domain/demo-text.js';
import type { Random } from '../domain/random.js';
import { monthRange } from '../domain/time.js';
import type { DemoCommunity, World } from './demo-demands.js';

/**
 * The demo's property fees (物业费): every home of a community is a house, billed monthly at the
 * community's rule; most households pay within the month, some pay late in lumps, a few stop paying
 * (the arrears list), and 低保 households are waived, so that the collection rate comes out about
 * 95 % as in the seed. Written through the bulk path, as the rest of the demo.
 */
const PER_M2 = [180, 150, 220];
const METHODS: FeeMethod[] = ['wechat', 'wechat', 'wechat', 'alipay', 'cash', 'bank'];
const HOUR = 3_600_000;
const DAY = 24 * HOUR;

type Habit = 'prompt' | 'late' | 'stopped' | 'waived';

interface DemoBill {
  id: number;
  amount: number;
}

export function feeYear(
  world: World,
  rng: Random,
  community: DemoCommunity,
  index: number,
  months: readonly string[],
  receipts: Map<string, number>,
): void {
  const { bulk, timeZone } = world;
  const first = monthRange(months[0]!, timeZone).start.getTime();
  const operator = OPERATORS[0]!;
  const ruleId = bulk.insert('fee_rules', {
    community_id: community.id,
    per_m2: PER_M2[index % PER_M2.length]!,
    period: 'month',
    from_date: `${months[0]}-01`,
    created_at: new Date(first).toISOString(),
    operator,
  });
  const owners = new Map<string, number>();
  for (const r of community.residents) if (r.address && !owners.has(r.address)) owners.set(r.address, r.id);
  const houses = [...owners].map(([address, owner]) => {
    const area = rng.int(55, 145) * 100 + rng.int(0, 9) * 10;
    const id = bulk.insert('houses', {
      community_id: community.id,
      address,
      area,
      owner_id: owner,
      created_at: new Date(first).toISOString(),
    });
    const roll = rng.next();
    const habit: Habit = roll < 0.84 ? 'prompt' : roll < 0.91 ? 'late' : roll < 0.985 ? 'stopped' : 'waived';
    return { id, area, habit, stopsAt: months.length - rng.int(3, 6), unpaid: [] as DemoBill[] };
  });
  const perM2 = PER_M2[index % PER_M2.length]!;

  months.forEach((month, m) => {
    const { start, end } = monthRange(month, timeZone);
    const issuedAt = new Date(start.getTime() + DAY + 9 * HOUR).toISOString();
    for (const house of houses) {
      const amount = feeFor(perM2, house.area, 1, 1);
      const id = bulk.insert('fee_bills', {
        community_id: community.id,
        house_id: house.id,
        period: month,
        first_month: month,
        last_month: month,
        period_start: start.toISOString(),
        period_end: end.toISOString(),
        rule_id: ruleId,
        area: house.area,
        amount,
        issued_at: issuedAt,
        operator,
      });
      house.unpaid.push({ id, amount });
      const day = (min: number, max: number) =>
        new Date(start.getTime() + rng.int(min, max) * DAY + rng.int(8, 19) * HOUR + rng.int(0, 59) * 60_000);
      if (house.habit === 'waived') {
        const at = day(2, 6).toISOString();
        bulk.insert('fee_waivers', {
          community_id: community.id,
          bill_id: id,
          amount,
          reason: '低保户减免',
          at,
          recorded_at: at,
          operator,
        });
        house.unpaid = [];
      } else if (house.habit === 'prompt' || (house.habit === 'stopped' && m < house.stopsAt)) {
        pay(house, day(3, 26), month);
      } else if (house.habit === 'late' && m % 3 === 2) {
        pay(house, day(10, 25), month);
      }
    }
  });

  function pay(house: (typeof houses)[number], at: Date, month: string): void {
    const seq = (receipts.get(month) ?? 0) + 1;
    receipts.set(month, seq);
    const iso = at.toISOString();
    const amount = house.unpaid.reduce((s, b) => s + b.amount, 0);
    const paymentId = bulk.insert('fee_payments', {
      community_id: community.id,
      house_id: house.id,
      type: 'payment',
      receipt: `SK-${month.replace('-', '')}-${String(seq).padStart(4, '0')}`,
      receipt_month: month,
      receipt_seq: seq,
      amount,
      method: rng.pick(METHODS),
      reverses: null,
      note: null,
      at: iso,
      recorded_at: iso,
      operator: rng.pick(OPERATORS),
    });
    for (const b of house.unpaid)
      bulk.insert('fee_allocations', { payment_id: paymentId, bill_id: b.id, amount: b.amount, at: iso });
    house.unpaid = [];
  }
}
