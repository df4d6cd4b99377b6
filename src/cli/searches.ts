import { listItems } from '../db/item.repository.js';
import { listMeetings, topicsOfMeetings } from '../db/meeting.repository.js';
import { searchResidents } from '../db/resident.repository.js';
import { listTeams } from '../db/team.repository.js';
import * as codes from '../domain/codes.js';
import { meetingId, topicId } from '../services/meeting.service.js';
import type { Scope } from '../services/session.js';
import { say } from './i18n.js';

/**
 * What the search prompts offer as the clerk types (SPEC §2: search for residents and teams): one
 * source per kind of record, each answer a reference the commands accept (`#12`, `M3`, `T7`).
 */
export type Choice = { name: string; value: string };
export type Source = (term: string) => Promise<Choice[]>;

const SHOWN = 20;

export function teamChoices(scope: Scope, lang: codes.Lang): Source {
  return async (term) =>
    (await listTeams(scope.db, scope.community.id))
      .filter((t) => t.name.includes(term))
      .slice(0, SHOWN)
      // By name (unique in a community): `#3` could also be resident #3 where either is taken.
      .map((t) => ({ name: `${t.name}  ${codes.label(codes.teamKind, t.kind, lang)}`, value: t.name }));
}

export function residentChoices(scope: Scope): Source {
  return async (term) => (await searchResidents(scope.db, scope.community.id, term, SHOWN)).map((r) => ({ name: `${r.name}  #${r.id}`, value: `#${r.id}` }));
}

/** A team or a resident volunteer (`assign --to`). */
export function assigneeChoices(scope: Scope, lang: codes.Lang): Source {
  const teams = teamChoices(scope, lang);
  const residents = residentChoices(scope);
  return async (term) => [...(await teams(term)), ...(await residents(term))];
}

export function itemChoices(scope: Scope, lang: codes.Lang): Source {
  return async (term) =>
    (await listItems(scope.db, scope.community.id))
      .filter((i) => i.name.includes(term))
      .slice(0, SHOWN)
      .map((i) => ({ name: `${i.name}  ${say(lang, `${i.cost} 分`, `${i.cost} points`)}`, value: `#${i.id}` }));
}

/** Meetings, newest first, and with `topics` their topics too (`meeting show <meeting|topic>`). */
export function meetingChoices(scope: Scope, topics = false): Source {
  return async (term) => {
    const meetings = await listMeetings(scope.db, scope.community.id);
    const found = meetings.map((m) => ({ name: `${meetingId(m.id)} ${m.title}`, value: meetingId(m.id) }));
    if (topics) found.push(...(await topicsOfMeetings(scope.db, meetings.map((m) => m.id))).map((t) => ({ name: `${topicId(t.id)} ${t.title}`, value: topicId(t.id) })));
    return found.filter((c) => c.name.includes(term)).slice(0, SHOWN);
  };
}
