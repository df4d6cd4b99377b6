import type { Db, Tx } from '../db/connection.js';
import type { DemandView } from '../db/demand.repository.js';
import {
  demandsByNumberPrefix,
  demandsWithWords,
  residentsMatching,
  residentsWithAddressParts,
} from '../db/find.repository.js';
import type { Resident } from '../db/schema.js';
import { visitsOfDemands } from '../db/visit.repository.js';
import { normaliseAddress } from '../domain/address.js';
import { bi, UsageError } from '../domain/errors.js';
import { step } from '../domain/next-step.js';
import { halfWidth } from '../domain/half-width.js';
import { phoneSymbols } from '../domain/phone.js';
import { pinyinReadings } from '../domain/pinyin-typing.js';
import type { VisitedDemand } from './demand.service.js';
import type { Scope } from './session.js';

/** How many of each `find` shows: a desk looks for one person or one demand, not a listing. */
export const FOUND = 20;

/** Summary words are looked for among a community's latest demands, this many (see demandsWithWords). */
export const WORD_WINDOW = 20_000;

/** An address read from the typed term, with the few candidates it costs to check it. */
const ADDRESS_CANDIDATES = 2_000;

/**
 * Residents as the clerk knows them (SPEC §12): part of the name; its pinyin, full, initials or
 * the two mixed (`zhangsan`, `zs`, `zhangs`), stored when the resident was written; part of the phone, such as its last
 * four
 * digits; the address in any common form (`3-2-501` = `3栋2单元501室`). Those living at the address
 * come first, then the others by name. Also every resident prompt's search.
 */
export async function matchResidents(
  db: Db | Tx,
  communityId: number,
  typed: string,
  limit = FOUND,
): Promise<Resident[]> {
  const text = halfWidth(typed).trim();
  if (text === '') return [];
  const letters = /^[a-z\s']+$/i.test(text) ? text.replace(/[\s']/g, '').toLowerCase() : undefined;
  const address = normaliseAddress(text);
  // `3-2-501` is a house, not a part of a phone.
  const digits =
    address === undefined && /^\+?\d{3,}$/.test(phoneSymbols(text)) ? phoneSymbols(text).replace('+', '') : undefined;
  const housed =
    address === undefined
      ? []
      : (await residentsWithAddressParts(db, communityId, address.split('-'), ADDRESS_CANDIDATES)).filter(
          (r) => r.address !== null && normaliseAddress(r.address) === address,
        );
  const syllables = letters === undefined ? undefined : pinyinReadings(letters);
  const others = await residentsMatching(db, communityId, { text, letters, syllables, digits }, limit);
  return [...housed, ...others.filter((r) => !housed.some((h) => h.id === r.id))].slice(0, limit);
}

/** Demands found, and where summary words were looked for only among the latest: the instant before which they were
 * not. */
export interface FoundDemands<D> {
  demands: D[];
  /** Set when older demands were left out and fewer than a page were found (`--all` looks at every one). */
  wordsSince?: string;
}

/**
 * Demands by number or words: a month or a number's beginning (`202610`, `202610-0001`) through the
 * numbers' index; anything else as words that the summary (or the number, `0001`) must all hold,
 * newest first, among the latest WORD_WINDOW demands unless `all`.
 */
export async function matchDemands(
  db: Db | Tx,
  communityId: number,
  typed: string,
  options: { all?: boolean; limit?: number } = {},
): Promise<FoundDemands<DemandView>> {
  const text = halfWidth(typed).trim();
  const limit = options.limit ?? FOUND;
  if (/^\d{6}(-\d{0,4})?$/.test(text)) return { demands: await demandsByNumberPrefix(db, communityId, text, limit) };
  const window = options.all ? undefined : WORD_WINDOW;
  const found = await demandsWithWords(db, communityId, text.split(/\s+/), limit, window);
  // A full page is the newest matches whatever lies beyond the window: nothing was missed.
  const missed = found.since !== undefined && found.demands.length < limit;
  return missed ? { demands: found.demands, wordsSince: found.since } : { demands: found.demands };
}

/** `hongwu find <text>`: the residents and the demands (with their return visits, as every demand JSON) the text may
 * mean. */
export async function findAnything(
  scope: Scope,
  typed: string,
  options: { all?: boolean } = {},
): Promise<{ residents: Resident[] } & FoundDemands<VisitedDemand>> {
  if (halfWidth(typed).trim() === '') {
    throw new UsageError(
      bi(
        '要找什么？请给出姓名、拼音、电话、地址、编号或诉求中的字词',
        'find what? Give a name, pinyin, phone, address, number or words of a demand',
      ),
      (s) => bi(`如 ${s.zh(step('find', ['zs']))}`, `e.g. ${s.en(step('find', ['zs']))}`),
    );
  }
  const found = await matchDemands(scope.db, scope.community.id, typed, options);
  const visits = await visitsOfDemands(
    scope.db,
    found.demands.map((d) => d.id),
  );
  return {
    residents: await matchResidents(scope.db, scope.community.id, typed),
    demands: found.demands.map((d) => ({ ...d, visits: visits.get(d.id) ?? [] })),
    ...(found.wordsSince === undefined ? {} : { wordsSince: found.wordsSince }),
  };
}
