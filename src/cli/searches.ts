import { bi, inLang } from '../domain/errors.js';
import { listItems } from '../db/item.repository.js';
import { listMeetings, topicsOfMeetings } from '../db/meeting.repository.js';
import { findResidentById } from '../db/resident.repository.js';
import { listTeams } from '../db/team.repository.js';
import * as codes from '../domain/codes.js';
import { halfWidth } from '../domain/half-width.js';
import { maskPhone } from '../domain/phone.js';
import { matchResidents } from '../services/find.service.js';
import { meetingId, topicId } from '../services/meeting.service.js';
import { asId } from '../services/references.js';
import type { Scope } from '../services/session.js';
import type { Choice } from './prompts.js';

/**
 * What the search prompts offer as the clerk types (SPEC §2: search for residents and teams): one
 * source per kind of record, each answer a reference the commands accept (`#12`, `M3`, `T7`).
 * The term is read as the command line reads references (full-width forms too), and a term that
 * finds nothing is offered as typed: Enter then goes on, and the command says what is wrong with
 * it (with the closest names), instead of a prompt that waits on "No results found".
 */
export type Source = (term: string) => Promise<Choice[]>;

const SHOWN = 20;

function searching(find: Source, lang: codes.Lang, asTyped = true): Source {
  return async (typed) => {
    const term = halfWidth(typed).trim();
    const found = await find(term);
    return found.length || !term || !asTyped
      ? found
      : [{ name: inLang(bi(`按输入查找：${typed}`, `look up as typed: ${typed}`), lang), value: term, short: typed }];
  };
}

export function teamChoices(scope: Scope, lang: codes.Lang): Source {
  return searching(
    async (term) =>
      (await listTeams(scope.db, scope.community.id))
        .filter((t) => t.name.includes(term) || t.id === asId(term))
        .slice(0, SHOWN)
        // By name (unique in a community): `#3` could also be resident #3 where either is taken.
        .map((t) => ({ name: `${t.name}  ${codes.label(codes.teamKind, t.kind, lang)}`, value: t.name })),
    lang,
  );
}

/**
 * Residents as `find` matches them (name, pinyin, phone, address), answered as `#id`; `asTyped: false` where a name
 * alone cannot be used (intake without
 * a phone creates nobody); `byPhone` where `#id` could also name a team (`assign --to`).
 */
export function residentChoices(
  scope: Scope,
  lang: codes.Lang,
  options: { asTyped?: boolean; byPhone?: boolean } = {},
): Source {
  return searching(
    async (term) => {
      const id = asId(term);
      const byId = id === undefined ? undefined : await findResidentById(scope.db, scope.community.id, id);
      const found = await matchResidents(scope.db, scope.community.id, term, SHOWN);
      // The masked phone shows why a search by digits found whom it found.
      return [...(byId ? [byId] : []), ...found.filter((r) => r.id !== byId?.id)].map((r) => ({
        name: `${r.name}  ${r.phone ? `${maskPhone(r.phone)}  ` : ''}#${r.id}`,
        value: options.byPhone && r.phone ? r.phone : `#${r.id}`,
      }));
    },
    lang,
    options.asTyped ?? true,
  );
}

/** A team or a resident volunteer (`assign --to`). */
export function assigneeChoices(scope: Scope, lang: codes.Lang): Source {
  const teams = teamChoices(scope, lang);
  const residents = residentChoices(scope, lang, { byPhone: true });
  return async (term) => {
    const [t, r] = [await teams(term), await residents(term)];
    // Each offers the term as typed when it finds nothing: offered once.
    return [...t, ...r].filter((c, i, all) => all.findIndex((d) => d.value === c.value) === i);
  };
}

export function itemChoices(scope: Scope, lang: codes.Lang): Source {
  return searching(
    async (term) =>
      (await listItems(scope.db, scope.community.id))
        .filter((i) => i.name.includes(term) || i.id === asId(term))
        .slice(0, SHOWN)
        .map((i) => ({
          name: `${i.name}  ${inLang(bi(`${i.cost} 分`, `${i.cost} points`), lang)}`,
          value: `#${i.id}`,
        })),
    lang,
  );
}

/** Meetings, newest first, and with `topics` their topics too (`meeting show <meeting|topic>`). */
export function meetingChoices(scope: Scope, lang: codes.Lang, topics = false): Source {
  return searching(async (term) => {
    const meetings = await listMeetings(scope.db, scope.community.id);
    const found = meetings.map((m) => ({ name: `${meetingId(m.id)} ${m.title}`, value: meetingId(m.id) }));
    if (topics)
      found.push(
        ...(
          await topicsOfMeetings(
            scope.db,
            meetings.map((m) => m.id),
          )
        ).map((t) => ({ name: `${topicId(t.id)} ${t.title}`, value: topicId(t.id) })),
      );
    return found.filter((c) => c.name.includes(term)).slice(0, SHOWN);
  }, lang);
}
