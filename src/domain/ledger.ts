import { bi, fieldError, NotAllowedError, UsageError, zhWord } from './errors.js';
import { step } from './next-step.js';

/**
 * The rules of the volunteer points ledger and the love supermarket (志愿积分 · 爱心超市), with no
 * I/O: a balance is the sum of a resident's entries and never goes below zero; stock never goes
 * below zero; the only correction is a reversal, the opposite entry linked to the original.
 */
export type ItemKind = 'goods' | 'service';

export const itemKind = {
  labels: {
    goods: { zh: '物品', en: 'Goods' },
    service: { zh: '服务', en: 'Service' },
  },
  codes: ['goods', 'service'] as ItemKind[],
};

/** A ledger entry's type (`points ledger --csv`'s `type`): what it did to the balance. */
export const entryType = {
  labels: {
    earn: { zh: '获得', en: 'Earned' },
    redeem: { zh: '兑换', en: 'Redeemed' },
    reversal: { zh: '冲正', en: 'Reversal' },
  },
  codes: ['earn', 'redeem', 'reversal'] as const,
};

/** What the checks need to know about an item: its name, cost and stock (null: unlimited). */
export interface ItemState {
  name: string;
  cost: number;
  stock: number | null;
}

/** The points a redemption takes: cost × quantity, refused when it would not fit an integer. */
export function redemptionCost(item: ItemState, qty: number): number {
  const total = item.cost * qty;
  if (!Number.isSafeInteger(total)) {
    throw fieldError('qty', bi(`${qty} × ${item.cost} 积分太大`, `${qty} × ${item.cost} points is too large`), (name) =>
      bi(`请给小一些的${zhWord(name.zh).trimEnd()}`, `give a smaller ${name.noun}`),
    );
  }
  return total;
}

/**
 * Checks a redemption against the stock and the resident's balance; returns the (negative)
 * delta of the redeem entry. The stock is checked first: no points can buy what is not there.
 */
export function checkRedemption(resident: { name: string; balance: number }, item: ItemState, qty: number): number {
  if (item.stock !== null && item.stock < qty) {
    const left = item.stock;
    throw new NotAllowedError(
      item.stock === 0
        ? bi(`${item.name} 已无库存`, `${item.name} is out of stock`)
        : bi(
            `${item.name} 只剩 ${item.stock} 件，要兑换 ${qty} 件`,
            `only ${item.stock} of ${item.name} left; ${qty} asked`,
          ),
      (s) => {
        const restock = step('points item restock', [item.name, bi('<数量>', '<n>')]);
        const fewer = left > 0 ? s.flag('qty', 'points redeem') : undefined;
        return bi(
          `补货：${s.zh(restock)}${fewer ? `，或少兑换一些（${fewer}）` : ''}`,
          `restock it with \`${s.en(restock)}\`${fewer ? ` or redeem fewer (${fewer})` : ''}`,
        );
      },
    );
  }
  const cost = redemptionCost(item, qty);
  if (resident.balance < cost) {
    throw new NotAllowedError(
      bi(
        `${resident.name} 只有 ${resident.balance} 积分；${qty} × ${item.name} 需要 ${cost}`,
        `${resident.name} has ${resident.balance} points; ${qty} × ${item.name} costs ${cost}`,
      ),
      (s) => {
        const [balance, items] = [step('points balance'), step('points item list')];
        return bi(
          `未兑换；可用 ${s.zh(balance)} 和 ${s.zh(items)} 查看`,
          `nothing was redeemed; see \`${s.en(balance)}\` and \`${s.en(items)}\``,
        );
      },
    );
  }
  return -cost;
}

/** The stock after taking (negative) or putting back (positive) a quantity; null stays unlimited. */
export function stockAfter(stock: number | null, change: number): number | null {
  return stock === null ? null : stock + change;
}

/** What the reversal rules need to know about the entry to reverse. */
export interface ReversibleEntry {
  id: number;
  type: 'earn' | 'redeem' | 'reversal';
  delta: number;
  reverses: number | null;
  reversedBy: number | null;
}

/**
 * The delta of the reversal of an entry: its opposite. A reversal is never reversed (enter the
 * original again instead), an entry is reversed at most once, and taking back earned points may
 * not leave the resident below zero (they were already spent).
 */
export function reversalDelta(entry: ReversibleEntry, resident: { name: string; balance: number }): number {
  if (entry.type === 'reversal') {
    throw new NotAllowedError(
      bi(
        `流水 #${entry.id} 本身是对流水 #${entry.reverses} 的冲正，冲正不能再冲正`,
        `entry #${entry.id} is itself the reversal of entry #${entry.reverses}; a reversal cannot be reversed`,
      ),
      (s) => {
        const earn = step('points earn');
        return bi(
          `请改用 ${s.zh(earn)} 重新记分（或重新兑换）`,
          `record the points again with \`${s.en(earn)}\` (or redeem again) instead`,
        );
      },
    );
  }
  if (entry.reversedBy !== null) {
    throw new NotAllowedError(
      bi(
        `流水 #${entry.id} 已被流水 #${entry.reversedBy} 冲正`,
        `entry #${entry.id} was already reversed by entry #${entry.reversedBy}`,
      ),
      (s) => bi(`可用 ${s.zh(step('points ledger'))} 查看`, `see \`${s.en(step('points ledger'))}\``),
    );
  }
  const delta = -entry.delta;
  if (resident.balance + delta < 0) {
    throw new NotAllowedError(
      bi(
        `冲正记录 ${entry.id} 要扣 ${-delta} 积分，但 ${resident.name} 只剩 ${resident.balance}`,
        `reversing entry ${entry.id} takes ${-delta} points but ${resident.name} has ${resident.balance} left`,
      ),
      bi('这些积分已被兑换：请先冲正那些兑换', 'the points were already redeemed: reverse those redemptions first'),
    );
  }
  return delta;
}

/**
 * The participants of `points activity --participants`: separated by commas (`,` `，`) or `、`,
 * blanks dropped. Names themselves may contain spaces.
 */
export function splitParticipants(text: string): string[] {
  return text
    .split(/[,\uFF0C\u3001]/)
    .map((s) => s.trim())
    .filter((s) => s !== '');
}

/** What a whole number of the ledger counts, named in the message that refuses it. */
export const AMOUNTS = {
  points: bi('积分', 'points'),
  cost: bi('所需积分', 'the cost'),
  stock: bi('库存', 'the stock'),
  quantity: bi('数量', 'the quantity'),
} as const;

/**
 * Points, costs, stock and quantities are whole numbers from `min` (1, or 0 for a first stock) to
 * the community's ceiling per entry: a sum of such entries stays exact in a double, where one
 * entry past 2^53 was stored as a neighbouring number.
 */
export function checkAmount(value: number, what: keyof typeof AMOUNTS, max: number, min = 1): void {
  if (Number.isSafeInteger(value) && value >= min && value <= max) return;
  const name = AMOUNTS[what];
  throw new UsageError(
    bi(
      `${name.zh}须为 ${min} 到 ${max} 的整数（收到 ${value}）`,
      `${name.en} must be a whole number from ${min} to ${max} (got ${value})`,
    ),
    bi('未作任何记录', 'nothing was recorded'),
  );
}
