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
import { bi, NotAllowedError, UsageError } from '../domain/errors.js';
import { step } from '../domain/next-step.js';
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
