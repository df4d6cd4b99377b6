import type { Db, Tx } from '../db/connection.js';
import { listItems, type Item } from '../db/item.repository.js';
import { findResidentsByAny, findResidentsExact, residentNames } from '../db/resident.repository.js';
import type { Resident, Team } from '../db/schema.js';
import { listTeams } from '../db/team.repository.js';
import { bi, type Bilingual } from '../domain/errors.js';
import { step } from '../domain/next-step.js';
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
  return (await residentMatchesEach(db, communityId, [text]))[0]!;
}

/**
 * How many texts one query looks up: each brings up to five parameters (the text, a mobile's stored
 * forms, an id), well within SQLite's 32,766 and PostgreSQL's 65,535.
 */
const TEXTS_PER_QUERY = 1000;

/**
 * For each text, the residents matching it exactly (`residentMatches`), in id order with one found
 * by id last: a query per thousand texts rather than one or two per text (8,000 participants on a
 * server, issue #22). A phone is found however it was typed (`139 0000 1111`, `+86 139…`); a name
 * only as written.
 */
export async function residentMatchesEach(
  db: Db | Tx,
  communityId: number,
  texts: readonly string[],
): Promise<Resident[][]> {
  const out: Resident[][] = [];
  for (let start = 0; start < texts.length; start += TEXTS_PER_QUERY) {
    const refs = texts.slice(start, start + TEXTS_PER_QUERY).map((text) => {
      const phone = normalisePhone(text);
      return { text, phones: new Set([text, ...(phone ? storedForms(phone) : [])]), id: asId(text) };
    });
    const found = await findResidentsByAny(db, communityId, {
      phones: [...new Set(refs.flatMap((r) => [...r.phones]))],
      names: [...new Set(refs.map((r) => r.text))],
      ids: [...new Set(refs.flatMap((r) => (r.id === undefined ? [] : [r.id])))],
    });
    for (const ref of refs) {
      const matches = found.filter((r) => (r.phone !== null && ref.phones.has(r.phone)) || r.name === ref.text);
      const byId = found.find((r) => r.id === ref.id);
      if (byId && !matches.includes(byId)) matches.push(byId);
      out.push(matches);
    }
  }
  return out;
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
    (s) => bi(`新居民请先登记：${s.zh(step('resident add'))}`, `add one with \`${s.en(step('resident add'))}\``),
  );
}

/** Said on the side (stderr) when a part of a name took a record. */
export type Notify = (message: Bilingual) => void;

/**
 * Teams and items (SPEC §12): by id or exact name, else by a part of the name (`物业` → 幸福里物业服务企业);
 * `partial` says the clerk is to be told which one a part took.
 */
function byName<T extends { id: number; name: string }>(
  records: readonly T[],
  text: string,
): { matches: T[]; partial: boolean } {
  const id = asId(text);
  const exact = records.filter((r) => r.name === text || r.id === id);
  if (exact.length || !text) return { matches: exact, partial: false };
  const lower = text.toLowerCase();
  return { matches: records.filter((r) => r.name.toLowerCase().includes(lower)), partial: true };
}

function sayTaken(notify: Notify | undefined, text: string, record: { id: number; name: string }): void {
  notify?.(bi(`按“${text}”选中：${record.name} #${record.id}`, `taken for "${text}": ${record.name} #${record.id}`));
}

export async function resolveTeam(db: Db | Tx, communityId: number, input: string, notify?: Notify): Promise<Team> {
  const text = input.trim();
  const teams = await listTeams(db, communityId);
  const { matches, partial } = byName(teams, text);
  const team = chooseOne(
    matches,
    text,
    bi('队伍', 'team'),
    describeTeam,
    () => closest(teams, text, (t) => t.name),
    (s) => bi(`新队伍请先添加：${s.zh(step('team add'))}`, `add one with \`${s.en(step('team add'))}\``),
  );
  if (partial) sayTaken(notify, text, team);
  return team;
}

export type Assignee = { type: 'team'; team: Team } | { type: 'resident'; resident: Resident };

/** `assign --to`: a team, or a resident (a party-member volunteer); a name both have is ambiguous. */
/**
 * `assign --to`: a team, or a resident (a party-member volunteer); a name both have is ambiguous.
 * A part of a name is looked for among teams only: a person is never guessed (SPEC §12).
 */
export async function resolveAssignee(
  db: Db | Tx,
  communityId: number,
  input: string,
  notify?: Notify,
): Promise<Assignee> {
  const text = input.trim();
  const teams = await listTeams(db, communityId);
  const named = byName(teams, text);
  const residents = await residentMatches(db, communityId, text);
  // A part of a team's name counts only when no team or resident answers to the whole of it.
  const partial = named.partial && residents.length === 0;
  const candidates: Assignee[] = [
    ...(named.partial && !partial ? [] : named.matches).map((team) => ({ type: 'team' as const, team })),
    ...residents.map((resident) => ({ type: 'resident' as const, resident })),
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
  const assignee = chooseOne(
    candidates,
    text,
    bi('队伍或居民', 'team or resident'),
    describe,
    () => suggestions,
    (s) => {
      const [teams, residents] = [step('team list'), step('resident list')];
      return bi(`可查看 ${s.zh(teams)} 和 ${s.zh(residents)}`, `see \`${s.en(teams)}\` and \`${s.en(residents)}\``);
    },
  );
  if (partial && assignee.type === 'team') sayTaken(notify, text, assignee.team);
  return assignee;
}

export const describeItem = (i: Pick<Item, 'id' | 'name'>) => `${i.name} (#${i.id})`;

/** An item of the love supermarket, by id, exact name or a unique part of its name. */
export async function resolveItem(db: Db | Tx, communityId: number, input: string, notify?: Notify): Promise<Item> {
  const text = input.trim();
  const items = await listItems(db, communityId);
  const { matches, partial } = byName(items, text);
  const item = chooseOne(
    matches,
    text,
    bi('物品', 'item'),
    describeItem,
    () => closest(items, text, (i) => i.name),
    (s) => {
      const [list, add] = [step('points item list'), step('points item add')];
      return bi(
        `可用 ${s.zh(list)} 查看；新物品用 ${s.zh(add)} 添加`,
        `see \`${s.en(list)}\`; add one with \`${s.en(add)}\``,
      );
    },
  );
  if (partial) sayTaken(notify, text, item);
  return item;
}
