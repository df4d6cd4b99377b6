import { bi, inLang } from '../../domain/errors.js';
import * as codes from '../../domain/codes.js';
import type { DemandDetail, DemandHistory, VisitedDemand } from '../../services/demand.service.js';
import type { DemandLine, DemandView } from '../../db/demand.repository.js';
import { isOverdue } from '../../domain/demand-state.js';
import type { VisitRow } from '../../db/visit.repository.js';
import { stepLabels } from '../../domain/five-step.js';
import { maskPhone } from '../../domain/phone.js';
import { formatShort, formatStored } from '../../domain/time.js';
import type { Cli } from '../context.js';
import { WORDS, EVENT_LABELS } from '../i18n.js';
import { renderCard, renderTable, clip } from '../../platform/table.js';
import type { Export, Table } from '../render/listing.js';

/** A demand's own fields in the JSON of a demand (SPEC §3); phones are masked. Also the columns of `list --csv`. */
export function demandFields(d: DemandView, tz: string, now: Date) {
  return {
    number: d.number,
    community: d.community_code,
    summary: d.summary,
    channel: d.channel,
    category: d.category,
    kind: d.kind,
    tier: d.tier,
    status: d.status,
    received_at: formatStored(d.received_at, tz)!,
    response_due_at: formatStored(d.response_due_at, tz)!,
    resolve_due_at: formatStored(d.resolve_due_at, tz)!,
    assignee: d.assignee_name,
    responded_at: formatStored(d.responded_at, tz),
    resolved_at: formatStored(d.resolved_at, tz),
    outcome: d.outcome,
    rating: d.rating,
    resident: d.resident_name,
    phone: maskPhone(d.phone),
    address: d.address,
    overdue: isOverdue(d, now),
    paused: d.paused_at !== null,
  };
}

export type DemandRecord = ReturnType<typeof demandFields>;

/**
 * The JSON of a demand (SPEC §3, §10): its fields, then its return visits (added to the fields'
 * object, not spread into a copy: `list --json` makes one a row).
 */
export function demandRecord(d: VisitedDemand, tz: string, now: Date) {
  return Object.assign(demandFields(d, tz, now), { visits: visitRecords(d.visits, tz) });
}

/** The columns of `list --csv` (part one's, word for word: `paused` is in JSON and tables). */
export const DEMAND_FIELDS: (keyof DemandRecord)[] = [
  'number',
  'community',
  'summary',
  'channel',
  'category',
  'kind',
  'tier',
  'status',
  'received_at',
  'response_due_at',
  'resolve_due_at',
  'assignee',
  'responded_at',
  'resolved_at',
  'outcome',
  'rating',
  'resident',
  'phone',
  'address',
  'overdue',
];

/** A demand's events as `show --json` gives them (and `list --history` in its `events` column). */
function eventRecords(events: DemandHistory['events'], tz: string) {
  return events.map((e) => ({
    type: e.type,
    at: formatStored(e.at, tz)!,
    operator: e.operator,
    note: e.note,
    status: e.status_after,
    assignee: e.team_name ?? e.resident_name,
    outcome: e.outcome,
    rating: e.rating,
    due_at: formatStored(e.due_at, tz),
    recorded_at: formatStored(e.recorded_at, tz)!,
  }));
}

export function demandDetailRecord(d: DemandDetail, tz: string, now: Date) {
  return {
    ...demandFields(d, tz, now),
    events: eventRecords(d.events, tz),
    topics: d.topics.map((tp) => ({
      id: tp.id,
      meeting: tp.meeting_id,
      title: tp.title,
      step: tp.step,
      role: tp.role,
    })),
    visits: visitRecords(d.visits, tz),
  };
}

/** 回访 in the JSON of a demand: `reached` is a rating; `final` ended the visits unrated. */
function visitRecords(visits: readonly VisitRow[], tz: string) {
  return visits.map((v) => ({
    at: formatStored(v.at, tz)!,
    outcome: v.outcome,
    note: v.note,
    operator: v.operator,
    final: v.final === 1,
  }));
}

/** The return visits that reached no rating, in a line (those that did are ratings in the history). */
function visitsLine(visits: readonly VisitRow[], tz: string, L: codes.Lang): string | null {
  const missed = visits.filter((v) => v.outcome !== 'reached');
  if (missed.length === 0) return null;
  return missed
    .map(
      (v) =>
        `${formatShort(new Date(v.at), tz)} ${codes.label(codes.visitOutcome, v.outcome, L)}` +
        `${v.final ? inLang(bi('（结束回访）', ' (final)'), L) : ''}${v.note ? ` · ${v.note}` : ''}`,
    )
    .join(L === 'zh' ? '；' : '; ');
}

/** A label after a name: `（评议）` in Chinese, ` (review)` in English. */
const inParens = (label: string, L: codes.Lang) => (L === 'zh' ? `（${label}）` : ` (${label})`);

function statusCell(cli: Cli, d: DemandLine, now: Date): string {
  const text = codes.label(codes.status, d.status, cli.lang);
  if (d.paused_at !== null) return cli.color.yellow(`${text} · ${inLang(WORDS.paused, cli.lang)}`);
  return isOverdue(d, now) ? cli.color.red(`${text} · ${inLang(WORDS.overdue, cli.lang)}`) : text;
}

/**
 * `list --csv`: the demand's own fields (its visits are in the JSON only), then, after part one's
 * columns, what tells `import demands` which of two residents of one name a demand names, phones
 * being masked (SPEC §3, §11): a resident assignee's address and registration, and the resident's.
 * `--labels` names each demand's community by `communityNames` (by id) where the CSV for programs
 * has its code. Written a chunk at a time: each demand's record notes its community's name before
 * the chunk is labelled.
 */
export function demandExport(
  tz: string,
  now: Date,
  communityNames: ReadonlyMap<number, string>,
): Export<DemandView, DemandCsvRecord> {
  const names = new Map<string, string>();
  return {
    record: (d) => {
      names.set(d.community_code, communityNames.get(d.community_id) ?? d.community_code);
      // Added to the demand's fields, not spread into a copy of them: a copy of 21 fields a row
      // doubled the export's garbage collection.
      return Object.assign(demandFields(d, tz, now), {
        assignee_address: d.assignee_address,
        assignee_created_at: formatStored(d.assignee_created_at, tz),
        resident_created_at: formatStored(d.resident_created_at, tz),
      });
    },
    fields: [...DEMAND_FIELDS, 'assignee_address', 'assignee_created_at', 'resident_created_at'],
    columns: {
      community: { header: 'community', names },
      assignee_address: { header: bi('承办人住址', "Assignee's address") },
      assignee_created_at: { header: bi('承办人登记时间', 'Assignee registered'), time: true },
      resident_created_at: { header: bi('居民登记时间', 'Resident registered'), time: true },
    },
  };
}

type DemandCsvRecord = DemandRecord & {
  assignee_address: string | null;
  assignee_created_at: string | null;
  resident_created_at: string | null;
};

/**
 * `list --csv --history`: `list --csv`'s columns, then the whole history of each demand, so that an
 * import gives it back exactly (SPEC §11): `events` as `show --json` gives them (each assignment
 * with its resident assignee's address too) and `visits`, its return visits, each a compact JSON array.
 */
export function demandHistoryExport(
  tz: string,
  now: Date,
  communityNames: ReadonlyMap<number, string>,
): Export<DemandHistory, DemandCsvRecord & { events: string; visits: string }> {
  const plain = demandExport(tz, now, communityNames);
  return {
    record: (d) =>
      Object.assign(plain.record(d), {
        events: JSON.stringify(historyEventRecords(d.events, tz)),
        visits: JSON.stringify(visitRecords(d.visits, tz)),
      }),
    fields: [...plain.fields, 'events', 'visits'],
    columns: {
      ...plain.columns,
      events: { header: bi('办理记录', 'History') },
      visits: { header: bi('回访记录', 'Return visits') },
    },
  };
}

/**
 * The events of `list --history`: as `show --json` gives them, an assignment to a resident with their
 * address and registration (which tell namesakes apart).
 */
function historyEventRecords(events: DemandHistory['events'], tz: string) {
  return eventRecords(events, tz).map((record, i) => {
    const e = events[i]!;
    if (e.team_name !== null || e.resident_name === null) return record;
    return {
      ...record,
      assignee_address: e.resident_address,
      assignee_created_at: formatStored(e.resident_created_at, tz),
    };
  });
}

/** The table of `list`, which needs only a demand's line. */
/**
 * The table of a listing. Cancelled demands (`cancelled`) show why they were withdrawn where the
 * others show their resolve deadline, which no longer means anything for them.
 */
export function demandTable<T extends DemandLine>(
  cli: Cli,
  rows: readonly T[],
  tz: string,
  now: Date,
  cancelled = false,
  communityNames?: ReadonlyMap<number, string>,
): Table<T> {
  const L = cli.lang;
  const table: Table<T> = {
    rows,
    header: [
      inLang(WORDS.number, L),
      inLang(WORDS.status, L),
      inLang(WORDS.tier, L),
      inLang(WORDS.category, L),
      inLang(WORDS.summary, L),
      inLang(WORDS.assignee, L),
      cancelled ? inLang(WORDS.cancelReason, L) : inLang(WORDS.resolveDue, L),
      inLang(WORDS.resident, L),
    ],
    cells: (d) => [
      d.number,
      statusCell(cli, d, now),
      codes.label(codes.tier, d.tier, L),
      codes.label(codes.category, d.category, L),
      clip(d.summary, 24),
      d.assignee_name ?? '',
      cancelled ? (d.cancel_reason ?? '') : formatShort(new Date(d.resolve_due_at), tz),
      d.resident_name ?? '',
    ],
    flexible: cancelled ? [4, 5, 6, 7] : [4, 5, 7],
    // On a narrow terminal (80 columns) the tier, the category and then the resident give way to
    // the summary and the assignee; the number, status and deadline always stay.
    optional: [2, 3, 7],
    empty: inLang(bi('没有符合条件的诉求。', 'No demands match.'), L),
  };
  if (!communityNames) return table;
  // Every community's demands (`--community all`): whose each one is, beside its number.
  const shift = (columns: readonly number[] | undefined) => columns?.map((i) => (i === 0 ? 0 : i + 1));
  return {
    ...table,
    header: [table.header[0]!, inLang(WORDS.community, L), ...table.header.slice(1)],
    cells: (d) => {
      const [number, ...rest] = table.cells(d);
      return [number, communityNames.get(d.community_id) ?? '', ...rest];
    },
    flexible: shift(table.flexible),
    optional: shift(table.optional),
  };
}

/** A demand's page: its fields, then its history. */
export function renderDemand(cli: Cli, d: DemandView | DemandDetail, tz: string, now: Date): string {
  const L = cli.lang;
  const when = (v: string | null) => (v ? formatShort(new Date(v), tz) : null);
  const card = renderCard(cli, [
    [inLang(WORDS.number, L), cli.color.bold(d.number)],
    [inLang(WORDS.summary, L), d.summary],
    [inLang(WORDS.status, L), statusCell(cli, d, now)],
    [inLang(WORDS.channel, L), codes.label(codes.channel, d.channel, L)],
    [inLang(WORDS.category, L), codes.label(codes.category, d.category, L)],
    [inLang(WORDS.kind, L), codes.label(codes.kind, d.kind, L)],
    [inLang(WORDS.tier, L), codes.label(codes.tier, d.tier, L)],
    [inLang(WORDS.resident, L), d.resident_name],
    [inLang(WORDS.phone, L), maskPhone(d.phone)],
    [inLang(WORDS.address, L), d.address],
    [inLang(WORDS.received, L), when(d.received_at)],
    [inLang(WORDS.responseDue, L), when(d.response_due_at)],
    [inLang(WORDS.resolveDue, L), when(d.resolve_due_at)],
    [inLang(WORDS.assignee, L), d.assignee_name],
    [inLang(WORDS.responded, L), when(d.responded_at)],
    [inLang(WORDS.resolved, L), when(d.resolved_at)],
    [inLang(WORDS.outcome, L), d.outcome ? codes.label(codes.outcome, d.outcome, L) : null],
    // A rating that reopened the demand belongs to the handling before: said so until a new one.
    [
      inLang(WORDS.rating, L),
      d.rating
        ? `${codes.label(codes.rating, d.rating, L)}` +
          `${
            d.status === 'closed'
              ? ''
              : inLang(bi('（上次办理的评价，已重新办理）', ' (of the earlier handling; handled again)'), L)
          }`
        : null,
    ],
    [inLang(WORDS.visits, L), 'visits' in d ? visitsLine(d.visits, tz, L) : null],
    [
      inLang(WORDS.topic, L),
      'topics' in d
        ? d.topics
            .map((tp) => `T${tp.id} ${tp.title}${inParens(codes.label(stepLabels, tp.step, L), L)}`)
            .join(L === 'zh' ? '；' : '; ')
        : null,
    ],
  ]);
  if (!('events' in d)) return card;
  // The deadline in force before each event: intake fixed it, `assign --due` moves it.
  let deadline: string | null = null;
  const history = renderTable(
    cli,
    [
      inLang(WORDS.time, L),
      inLang(WORDS.event, L),
      inLang(WORDS.status, L),
      inLang(WORDS.note, L),
      inLang(WORDS.operator, L),
    ],
    d.events.map((e) => {
      const moved = e.type !== 'intake' && e.due_at !== null && e.due_at !== deadline;
      const move = moved
        ? `${inLang(WORDS.resolveDue, L)} ${deadline ? `${formatShort(new Date(deadline), tz)} → ` : ''}` +
          `${formatShort(new Date(e.due_at!), tz)}`
        : null;
      if (e.due_at !== null) deadline = e.due_at;
      return [
        formatShort(new Date(e.at), tz),
        EVENT_LABELS[e.type]?.[L] ?? e.type,
        codes.label(codes.status, e.status_after, L),
        [
          e.team_name ?? e.resident_name,
          e.outcome ? codes.label(codes.outcome, e.outcome, L) : null,
          e.rating ? codes.label(codes.rating, e.rating, L) : null,
          move,
          e.note,
        ]
          .filter(Boolean)
          .join(' · '),
        e.operator,
      ];
    }),
    // On a narrow terminal the operator's name gives way first, then the note wraps onto more
    // lines: the history is read whole.
    { flexible: [4], wrapping: [3] },
  );
  return `${card}\n${inLang(WORDS.history, L)}\n${history}`;
}
