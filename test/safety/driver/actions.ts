/**
 * What the crash and concurrency drivers do, one hongwu command at a time, and how a test checks
 * afterwards that a command which reported success really left its mark. To add a command, add an
 * action here: `argv` builds its command line, `done` names what it changed, `verify` finds it in
 * the database. SETUP runs once before the drivers start.
 */
export interface DriverState {
  open: string[];
  assigned: string[];
  /** Points this driver has earned and not yet redeemed: it never spends another desk's. */
  points: number;
}

export const TEAM = '蓝色港湾物业服务企业';
export const RESIDENT = '张三';
export const ITEM = '洗衣液';
export const ITEM_COST = 5;
export const ITEM_STOCK = 100_000;
const EARN = 7;

export const SETUP: string[][] = [
  ['resident', 'add', RESIDENT, '--phone', '13812345678'],
  ['points', 'item', 'add', ITEM, '--cost', String(ITEM_COST), '--stock', String(ITEM_STOCK)],
];

export interface Action {
  name: string;
  /** Whether the action can run now; intake always can. */
  possible: (state: DriverState) => boolean;
  argv: (token: string, state: DriverState) => string[];
  /** Updates the state from the command's JSON; returns what it changed (a demand number). */
  done: (output: any, state: DriverState) => string;
  /** Null when the committed change is in the database, else what is missing. */
  verify: (first: FirstRow, subject: string, token: string) => Promise<string | null>;
}

/** The first row a statement (with `?` for each parameter) returns, on either engine; undefined if none. */
export type FirstRow = (sql: string, ...params: unknown[]) => Promise<unknown>;

const eventWithNote = async (first: FirstRow, number: string, type: string, token: string) =>
  (await first(
    'SELECT 1 AS found FROM demand_events e JOIN demands d ON d.id = e.demand_id WHERE d.number = ? AND e.type = ? ' +
      'AND e.note = ?',
    number,
    type,
    token,
  )) !== undefined;

export const ACTIONS: Action[] = [
  {
    name: 'intake',
    possible: () => true,
    argv: (token) => ['intake', `crash ${token}`, '--channel', 'phone', '--category', 'repair', '--json'],
    done: (out, state) => {
      state.open.push(out.number);
      return out.number;
    },
    verify: async (first, number, token) => {
      const row = (await first(
        "SELECT d.summary FROM demands d JOIN demand_events e ON e.demand_id = d.id AND e.type = 'intake' " +
          'WHERE d.number = ?',
        number,
      )) as { summary: string } | undefined;
      return row?.summary === `crash ${token}` ? null : `intake ${number} (${token}) is missing`;
    },
  },
  {
    name: 'assign',
    possible: (state) => state.open.length > 0,
    argv: (token, state) => ['assign', state.open[0]!, '--to', TEAM, '--note', token, '--json'],
    done: (out, state) => {
      state.open = state.open.filter((n) => n !== out.number);
      state.assigned.push(out.number);
      return out.number;
    },
    verify: async (first, number, token) =>
      (await eventWithNote(first, number, 'assign', token)) ? null : `assign of ${number} (${token}) is missing`,
  },
  {
    name: 'resolve',
    possible: (state) => state.assigned.length > 0,
    argv: (token, state) => ['resolve', state.assigned[0]!, '--note', token, '--json'],
    done: (out, state) => {
      state.assigned = state.assigned.filter((n) => n !== out.number);
      return out.number;
    },
    verify: async (first, number, token) =>
      (await eventWithNote(first, number, 'resolve', token)) ? null : `resolve of ${number} (${token}) is missing`,
  },
  {
    name: 'earn',
    possible: () => true,
    argv: (token) => ['points', 'earn', RESIDENT, String(EARN), '--reason', 'patrol', '--note', token, '--json'],
    done: (out, state) => {
      state.points += out.delta;
      return String(out.entry);
    },
    verify: async (first, entry, token) =>
      (await first(
        "SELECT 1 AS found FROM ledger WHERE id = ? AND type = 'earn' AND delta = ? AND note = ?",
        Number(entry),
        EARN,
        token,
      )) !== undefined
        ? null
        : `earn entry ${entry} (${token}) is missing`,
  },
  {
    name: 'redeem',
    possible: (state) => state.points >= ITEM_COST,
    argv: () => ['points', 'redeem', RESIDENT, ITEM, '--json'],
    done: (out, state) => {
      state.points += out.delta;
      return String(out.entry);
    },
    verify: async (first, entry) =>
      (await first(
        "SELECT 1 AS found FROM ledger WHERE id = ? AND type = 'redeem' AND delta = ? AND qty = 1",
        Number(entry),
        -ITEM_COST,
      )) !== undefined
        ? null
        : `redemption ${entry} is missing`,
  },
];

/** The i-th step: the actions in turn, falling back to intake when one cannot run yet. */
export function pick(i: number, state: DriverState, actions: readonly Action[] = ACTIONS): Action {
  const wanted = actions[i % actions.length]!;
  return wanted.possible(state) ? wanted : actions[0]!;
}
