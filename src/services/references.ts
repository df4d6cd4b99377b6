import type { Db, Tx } from '../db/connection.js';
import { listItems, type Item } from '../db/item.repository.js';
import { findResidentById, findResidentsExact, residentNames } from '../db/resident.repository.js';
import type { Resident, Team } from '../db/schema.js';
import { listTeams } from '../db/team.repository.js';
import { bi } from '../domain/errors.js';
import { halfWidth } from '../domain/half-width.js';
import { chooseOne, closest } from '../domain/reference.js';
import { maskPhone, normalisePhone, storedForms } from '../domain/phone.js';

export const describeResident = (r: Pick<Resident, 'id' | 'name' | 'phone'>) =>
  `${r.name} (#${r.id}${r.phone ? `, ${maskPhone(r.phone)}` : ''})`;
export const describeTeam = (t: Pick<Team, 'id' | 'name'>) => `${t.name} (#${t.id})`;

/** `#12` or `12` (full-width forms too): an id. */
export const asId = (typed: string) => {
  const text = halfWidth(typed);
  return /^#?\d{1,9}$/.test(text) ? Number(text.replace('#', '')) : undefined;
};

/** The resident a (normalised) phone number is registered to, in whatever form it was stored. */
export async function residentByPhone(db: Db | Tx, communityId: number, phone: string): Promise<Resident | undefined> {
  return (await findResidentsExact(db, communityId, phone, storedForms(phone))).find((r) => samePhone(r.phone, phone));
}

/** Whether a stored number is this (normalised) one. */
export const samePhone = (stored: string | null, phone: string) => stored !== null && normalisePhone(stored) === phone;

/** Residents matching the text exactly by id, phone or name. */
export async function residentMatches(db: Db | Tx, communityId: number, text: string): Promise<Resident[]> {
  // A phone is found however it was typed (`139 0000 1111`, `+86 139…`); a name only as written.
  const phone = normalisePhone(text);
  const matches = await findResidentsExact(db, communityId, text, phone ? storedForms(phone) : []);
  const id = asId(text);
  if (id !== undefined && !matches.some((m) => m.id === id)) {
    const byId = await findResidentById(db, communityId, id);
    if (byId) matches.push(byId);
  }
  return matches;
}

export async function resolveResident(db: Db | Tx, communityId: number, input: string): Promise<Resident> {
  const text = input.trim();
  const matches = await residentMatches(db, communityId, text);
  if (matches.length === 1) return matches[0]!;
  const all = matches.length ? [] : await residentNames(db, communityId);
  return chooseOne(
    matches,
    text,
    bi('居民', 'resident'),
    describeResident,
    () => closest(all, text, (r) => r.name) as Resident[],
    bi('新居民请先登记：hongwu resident add', 'add one with `hongwu resident add`'),
  );
}

function teamMatches(teams: Team[], text: string): Team[] {
  const id = asId(text);
  return teams.filter((t) => t.name === text || t.id === id);
}

export async function resolveTeam(db: Db | Tx, communityId: number, input: string): Promise<Team> {
  const text = input.trim();
  const teams = await listTeams(db, communityId);
  return chooseOne(
    teamMatches(teams, text),
    text,
    bi('队伍', 'team'),
    describeTeam,
    () => closest(teams, text, (t) => t.name),
    bi('新队伍请先添加：hongwu team add', 'add one with `hongwu team add`'),
  );
}

export type Assignee = { type: 'team'; team: Team } | { type: 'resident'; resident: Resident };

/** `assign --to`: a team, or a resident (a party-member volunteer); a name both have is ambiguous. */
export async function resolveAssignee(db: Db | Tx, communityId: number, input: string): Promise<Assignee> {
  const text = input.trim();
  const teams = await listTeams(db, communityId);
  const candidates: Assignee[] = [
    ...teamMatches(teams, text).map((team) => ({ type: 'team' as const, team })),
    ...(await residentMatches(db, communityId, text)).map((resident) => ({ type: 'resident' as const, resident })),
  ];
  const describe = (a: Assignee) => (a.type === 'team' ? describeTeam(a.team) : describeResident(a.resident));
  const suggest = async (): Promise<Assignee[]> => [
    ...closest(teams, text, (t) => t.name).map((team) => ({ type: 'team' as const, team })),
    ...(closest(await residentNames(db, communityId), text, (r) => r.name) as Resident[]).map((resident) => ({
      type: 'resident' as const,
      resident,
    })),
  ];
  const suggestions = candidates.length ? [] : await suggest();
  return chooseOne(
    candidates,
    text,
    bi('队伍或居民', 'team or resident'),
    describe,
    () => suggestions,
    bi('可查看 hongwu team list 和 hongwu resident list', 'see `hongwu team list` and `hongwu resident list`'),
  );
}

export const describeItem = (i: Pick<Item, 'id' | 'name'>) => `${i.name} (#${i.id})`;

/** An item of the love supermarket, by id or exact name. */
export async function resolveItem(db: Db | Tx, communityId: number, input: string): Promise<Item> {
  const text = input.trim();
  const items = await listItems(db, communityId);
  const id = asId(text);
  return chooseOne(
    items.filter((i) => i.name === text || i.id === id),
    text,
    bi('物品', 'item'),
    describeItem,
    () => closest(items, text, (i) => i.name),
    bi('可用 hongwu points item list 查看；新物品用 hongwu points item add 添加', 'see `hongwu points item list`; add one with `hongwu points item add`'),
  );
}
