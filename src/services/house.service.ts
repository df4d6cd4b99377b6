import type { Db, Tx } from '../db/connection.js';
import { findHouse, houseAddresses, insertHouse, listHouses, type HouseView } from '../db/house.repository.js';
import {
  billsOfHouse,
  listPayments,
  waiversOf,
  type BillView,
  type PaymentView,
  type WaiverView,
} from '../db/fee.repository.js';
import { addressLabel, normaliseAddress } from '../domain/address.js';
import { bi, HongwuError, NotAllowedError, UsageError } from '../domain/errors.js';
import { step } from '../domain/next-step.js';
import { parseArea } from '../domain/money.js';
import { closest } from '../domain/reference.js';
import { asId, resolveResident } from './references.js';
import type { Scope } from './session.js';

/** 房屋: the houses fees are billed to, by their address in the normal form (SPEC §12, §15). */

/** An address as typed, in the normal form, or exit 2 saying how to write one. */
export function houseAddress(typed: string): string {
  const address = normaliseAddress(typed);
  if (address === undefined) {
    throw new UsageError(
      bi(`“${typed}”不是房号`, `"${typed}" is not a house address`),
      bi('请写 楼栋-单元-房号，如 3-2-501 或 3栋2单元501室', 'write building-unit-room, e.g. 3-2-501 or 3栋2单元501室'),
    );
  }
  return address;
}

export async function addHouse(
  tx: Tx,
  scope: Scope,
  input: { address: string; area: number; owner?: string },
): Promise<HouseView> {
  const address = houseAddress(input.address);
  const existing = await findHouse(tx, scope.community.id, { address });
  if (existing) {
    throw new NotAllowedError(
      bi(
        `${scope.community.name}已有房屋 ${address}（#${existing.id}）`,
        `${scope.community.name} already has house ${address} (#${existing.id})`,
      ),
      (s) =>
        bi(`查看请用 ${s.zh(step('house show', [address]))}`, `see it with \`${s.en(step('house show', [address]))}\``),
    );
  }
  const owner = input.owner === undefined ? undefined : await resolveResident(tx, scope.community.id, input.owner);
  const house = await insertHouse(tx, {
    community_id: scope.community.id,
    address,
    area: input.area,
    owner_id: owner?.id ?? null,
    created_at: scope.now.toISOString(),
  });
  return (await findHouse(tx, scope.community.id, { id: house.id }))!;
}

/**
 * A house by its address in any common form, or `#id`. An unknown house is bad input (exit 2):
 * the line names the closest addresses on file.
 */
export async function resolveHouse(db: Db | Tx, communityId: number, typed: string): Promise<HouseView> {
  const id = /^#\d+$/.test(typed.trim()) ? asId(typed) : undefined;
  const address = id === undefined ? houseAddress(typed) : undefined;
  const house = await findHouse(db, communityId, id === undefined ? { address: address! } : { id });
  if (house) return house;
  const shown = address ?? typed.trim();
  const close = closest(await houseAddresses(db, communityId), shown, (h) => h.address).map((h) => h.address);
  const guess = close.length ? close.join(', ') : '';
  throw new UsageError(
    bi(
      `没有房屋 ${shown}${guess ? `；是不是 ${guess}？` : ''}`,
      `no house ${shown}${guess ? `; did you mean ${guess}?` : ''}`,
    ),
    (s) => {
      const [add, list] = [step('house add'), step('house list')];
      return bi(
        `房屋先用 ${s.zh(add)} 登记；全部房屋见 ${s.zh(list)}`,
        `add it with \`${s.en(add)}\`; all houses: \`${s.en(list)}\``,
      );
    },
  );
}

export function houseList(scope: Scope): Promise<HouseView[]> {
  return listHouses(scope.db, scope.community.id);
}

export interface HousePage {
  house: HouseView;
  label: { zh: string; en: string };
  bills: BillView[];
  payments: PaymentView[];
  waivers: WaiverView[];
}

export async function houseShow(scope: Scope, ref: string): Promise<HousePage> {
  const house = await resolveHouse(scope.db, scope.community.id, ref);
  const filter = { communityId: scope.community.id, houseId: house.id };
  return {
    house,
    label: { zh: addressLabel(house.address, 'zh'), en: addressLabel(house.address, 'en') },
    bills: await billsOfHouse(scope.db, house.id),
    payments: await listPayments(scope.db, filter),
    waivers: await waiversOf(scope.db, filter),
  };
}

/** A row of a houses sheet, as read: its line number in the file and the cells by role. */
export interface HouseRow {
  line: number;
  address: string;
  area: string;
  owner?: string;
}

export interface HouseImport {
  /** The houses added (none on a dry run). */
  added: HouseView[];
  /** Houses the sheet adds (also on a dry run). */
  adding: number;
  /** Rows whose house is already on file with the same area (importing twice changes nothing). */
  present: number;
}

/** One problem of a sheet: where, and what is wrong, in the clerk's language. */
export interface RowProblem {
  line: number;
  column: string;
  value: string;
  problem: { zh: string; en: string };
}

/**
 * `import houses`: every row is checked first; any bad row and nothing is written (exit 2 with
 * every problem). A house already on file with the same area is skipped, so a sheet imported
 * twice changes nothing; with another area it is a problem (a house is not changed by an import).
 */
export async function importHouses(
  tx: Tx,
  scope: Scope,
  input: { rows: readonly HouseRow[]; dryRun: boolean },
): Promise<HouseImport> {
  const problems: RowProblem[] = [];
  const seen = new Map<string, number>();
  const toAdd: { address: string; area: number; ownerId: number | null }[] = [];
  let present = 0;
  for (const row of input.rows) {
    const address = normaliseAddress(row.address);
    if (address === undefined) {
      problems.push({
        line: row.line,
        column: 'address',
        value: row.address,
        problem: bi('不是房号，应如 3-2-501 或 3栋2单元501室', 'not a house address like 3-2-501 or 3栋2单元501室'),
      });
      continue;
    }
    let area: number;
    try {
      area = parseArea(row.area, 'area');
    } catch {
      problems.push({
        line: row.line,
        column: 'area',
        value: row.area,
        problem: bi(
          '不是面积（平方米，大于零，最多两位小数）',
          'not an area (m², more than zero, at most two decimals)',
        ),
      });
      continue;
    }
    const again = seen.get(address);
    if (again !== undefined) {
      problems.push({
        line: row.line,
        column: 'address',
        value: row.address,
        problem: bi(`与第 ${again} 行是同一房屋 ${address}`, `the same house ${address} as line ${again}`),
      });
      continue;
    }
    seen.set(address, row.line);
    let ownerId: number | null = null;
    if (row.owner?.trim()) {
      try {
        ownerId = (await resolveResident(tx, scope.community.id, row.owner)).id;
      } catch (e) {
        if (!(e instanceof HongwuError)) throw e;
        const text = typeof e.text === 'string' ? bi(e.text, e.text) : e.text;
        problems.push({ line: row.line, column: 'owner', value: row.owner, problem: text });
        continue;
      }
    }
    const existing = await findHouse(tx, scope.community.id, { address });
    if (existing) {
      if (existing.area === area) present++;
      else
        problems.push({
          line: row.line,
          column: 'area',
          value: row.area,
          problem: bi(
            `${address} 已登记，面积为 ${existing.area / 100}㎡`,
            `${address} is on file with an area of ${existing.area / 100} m²`,
          ),
        });
      continue;
    }
    toAdd.push({ address, area, ownerId });
  }
  if (problems.length > 0) throw new ImportProblems(problems);
  const added: HouseView[] = [];
  if (!input.dryRun) {
    for (const h of toAdd) {
      const house = await insertHouse(tx, {
        community_id: scope.community.id,
        address: h.address,
        area: h.area,
        owner_id: h.ownerId,
        created_at: scope.now.toISOString(),
      });
      added.push((await findHouse(tx, scope.community.id, { id: house.id }))!);
    }
  }
  return { added, adding: toAdd.length, present };
}

/** Every bad row of a sheet: nothing was written (exit 2). */
export class ImportProblems extends UsageError {
  constructor(readonly problems: RowProblem[]) {
    super(
      bi(
        `${problems.length} 行有问题，未导入任何房屋`,
        `${problems.length} row(s) have problems; no house was imported`,
      ),
      bi('改正后重新导入（已导入的行会跳过）', 'fix them and import again (rows already on file are skipped)'),
    );
  }
}
