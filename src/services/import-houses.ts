import { houseKeys, insertHouses, residentKeys } from '../db/import.repository.js';
import { normaliseAddress } from '../domain/address.js';
import { bi } from '../domain/errors.js';
import { CellProblem, cellPhone, cellText, type Cell, type ColumnSpec } from '../domain/import-cells.js';
import { parseArea } from '../domain/money.js';
import { PeopleIndex, required, RowReader, type Importer } from './import.service.js';

/** 房屋台账: the columns of a houses sheet and what clerks write for them (SPEC §15). */
export const HOUSE_COLUMNS = [
  { key: 'address', names: ['address', '房号', '地址', '房屋', '住址', '门牌', '门牌号', '房屋地址'], required: true },
  {
    key: 'area',
    names: ['area', '面积', '建筑面积', '面积㎡', '面积m2', '房屋面积'],
    required: true,
  },
  { key: 'owner', names: ['owner', '业主', '业主姓名', '户主', '业主电话'] },
] as const satisfies readonly ColumnSpec[];
type HouseColumn = (typeof HOUSE_COLUMNS)[number]['key'];

function readAddress(cell: Cell): string {
  const text = required(cellText(cell), bi('房号', 'the address'));
  const address = normaliseAddress(text);
  if (address === undefined)
    throw new CellProblem(
      bi('不是房号，应如 3-2-501 或 3栋2单元501室', 'not a house address like 3-2-501 or 3栋2单元501室'),
    );
  return address;
}

function readArea(cell: Cell): number {
  const text = required(cellText(cell), bi('面积', 'the area'));
  try {
    return parseArea(text, 'area');
  } catch {
    throw new CellProblem(
      bi('不是面积（平方米，大于零，最多两位小数）', 'not an area (m², more than zero, at most two decimals)'),
    );
  }
}

/**
 * 房屋: a house is its address in the normal form (SPEC §12). One already on file with the same
 * area, or met earlier in the sheet with it, is present; with another area it is a problem (an
 * import never changes a house). The owner is a resident on file, by phone or by a name only one
 * resident has.
 */
export const importHouses: Importer<HouseColumn> = async (ctx, write) => {
  const { scope, sheet } = ctx;
  const communityId = scope.community.id;
  const areas = await houseKeys(ctx.tx, communityId);
  const seen = new Map<string, { row: number; area: number }>();
  const people = new PeopleIndex(await residentKeys(ctx.tx, communityId));
  const adding: { address: string; area: number; ownerId: number | null }[] = [];
  let present = 0;
  sheet.rows.forEach((row, i) => {
    ctx.progress('check', i + 1);
    const r = new RowReader(ctx, row);
    const address = r.read('address', readAddress);
    const area = r.read('area', readArea);
    const owner = r.read('owner', (c) => {
      const text = cellText(c);
      if (text === null) return null;
      const phone = /^[+\d\s-]+$/.test(text) ? cellPhone(text) : null;
      return people.find(text, phone).id;
    });
    if (r.bad || address === undefined || area === undefined || owner === undefined) return;
    const again = seen.get(address);
    if (again && again.area !== area)
      return r.fail(
        'address',
        bi(`与第 ${again.row} 行是同一房屋 ${address}`, `the same house ${address} as row ${again.row}`),
      );
    const onFile = areas.get(address);
    if (onFile !== undefined && onFile !== area) {
      return r.fail(
        'area',
        bi(`${address} 已登记，面积为 ${onFile / 100}㎡`, `${address} is on file with an area of ${onFile / 100} m²`),
      );
    }
    if (again || onFile !== undefined) {
      present++;
      return;
    }
    seen.set(address, { row: row.row, area });
    adding.push({ address, area, ownerId: owner });
  });
  if (write && ctx.problems.length === 0 && adding.length > 0) {
    const at = scope.now.toISOString();
    await insertHouses(
      ctx.tx,
      adding.map((h) => ({
        community_id: communityId,
        address: h.address,
        area: h.area,
        owner_id: h.ownerId,
        created_at: at,
      })),
    );
    ctx.progress('write', adding.length, adding.length);
  }
  return { added: adding.length, present };
};
