import { bi, inLang } from '../../domain/errors.js';
import * as codes from '../../domain/codes.js';
import type { Lang } from '../../domain/codes.js';
import { nextStepCommand, STEPS, stepLabels, type FiveStep } from '../../domain/five-step.js';
import { step } from '../../domain/next-step.js';
import { formatShort, formatStored } from '../../domain/time.js';
import {
  meetingId,
  topicId,
  type MeetingDetail,
  type ProposalDetail,
  type TopicDetail,
} from '../../services/meeting.service.js';
import type { Cli } from '../context.js';
import { WORDS } from '../i18n.js';
import type { Listing } from '../render/listing.js';
import { clip, renderCard, renderTable, wrapIndented } from '../../platform/table.js';
import { demandRecord } from './demand.view.js';
import { CLI_SPELLING } from '../spelling.js';

/** The latest vote on a proposal decides what it shows; earlier (failed) votes stay in `votes`. */
function proposalRecord(p: ProposalDetail, tz: string) {
  const last = p.votes.at(-1);
  return {
    n: p.n,
    text: p.text,
    by: p.team_name,
    votes_for: last?.votes_for ?? null,
    votes_against: last?.votes_against ?? null,
    votes_abstain: last?.votes_abstain ?? null,
    passed: last ? last.passed === 1 : null,
    votes: p.votes.map((v) => ({
      meeting: v.meeting_id,
      at: formatStored(v.at, tz)!,
      votes_for: v.votes_for,
      votes_against: v.votes_against,
      votes_abstain: v.votes_abstain,
      passed: v.passed === 1,
    })),
  };
}

/** The JSON of a topic (SPEC §6); ids are numbers (printed as T7 / M3 for people). */
export function topicRecord(tp: TopicDetail, tz: string, now: Date) {
  return {
    id: tp.id,
    meeting: tp.meeting_id,
    title: tp.title,
    step: tp.step,
    demand: tp.demand_number,
    raised_by: tp.raised_by_name,
    raised_at: formatStored(tp.raised_at, tz)!,
    proposals: tp.proposals.map((p) => proposalRecord(p, tz)),
    tasks: tp.tasks.map((d) => demandRecord(d, tz, now)),
    decided_at: formatStored(tp.decided_at, tz),
    evaluation: tp.evaluation,
    evaluation_comment: tp.evaluation_comment,
    evaluated_at: formatStored(tp.evaluated_at, tz),
    events: tp.events.map((e) => ({
      step: e.step,
      meeting: e.meeting_id,
      at: formatStored(e.at, tz)!,
      operator: e.operator,
      note: e.note,
    })),
  };
}

/** The JSON of a meeting (SPEC §6). */
export function meetingRecord(m: MeetingDetail, tz: string, now: Date) {
  return {
    id: m.id,
    title: m.title,
    at: formatStored(m.at, tz)!,
    attendees: m.attendees,
    topics: m.topics.map((tp) => topicRecord(tp, tz, now)),
  };
}

/** The CSV row of `meeting list`: one meeting. */
export function meetingRow(m: MeetingDetail, tz: string) {
  return {
    id: m.id,
    title: m.title,
    at: formatStored(m.at, tz)!,
    attendees: m.attendees,
    topics: m.topics.length,
    open_topics: m.topics.filter((tp) => tp.step !== 'evaluated').length,
  };
}
const MEETING_FIELDS = ['id', 'title', 'at', 'attendees', 'topics', 'open_topics'] as const;

export const stepLabel = (step: FiveStep, cli: Cli) =>
  `${STEPS.indexOf(step) + 1} ${codes.label(stepLabels, step, cli.lang)}`;

/**
 * The command that takes the topic to its next step (what the board suggests): while a task is
 * still being done, resolving it comes before the evaluation.
 */
export function nextCommand(tp: Pick<TopicDetail, 'id' | 'step' | 'tasks'>, L: Lang): string | null {
  if (tp.step === 'evaluated') return null;
  const id = topicId(tp.id);
  const open = tp.tasks.find((d) => d.status === 'open' || d.status === 'assigned');
  if (tp.step === 'implementing' && open) {
    return CLI_SPELLING[L](step('resolve', [open.number], { note: bi('<办理情况>', '<what was done>') }));
  }
  // Every task cancelled (entered by mistake): the evaluation needs one, so a task comes first.
  const cancelled = tp.step === 'implementing' && tp.tasks.every((d) => d.status === 'cancelled');
  return CLI_SPELLING[L](nextStepCommand(cancelled ? 'decided' : tp.step, id));
}

function votesText(cli: Cli, p: ProposalDetail): string {
  const last = p.votes.at(-1);
  if (!last) return inLang(bi('未表决', 'not voted'), cli.lang);
  const counts = inLang(
    bi(
      `赞成 ${last.votes_for} · 反对 ${last.votes_against} · 弃权 ${last.votes_abstain}`,
      `for ${last.votes_for} · against ${last.votes_against} · abstain ${last.votes_abstain}`,
    ),
    cli.lang,
  );
  const result = last.passed
    ? cli.color.green(inLang(bi('通过', 'passed'), cli.lang))
    : cli.color.red(inLang(bi('未通过', 'failed'), cli.lang));
  return `${counts} → ${result}`;
}

/** One topic's block on the board: its step, proposals and votes, tasks and evaluation. */
export function renderTopic(cli: Cli, tp: TopicDetail, tz: string): string {
  const L = cli.lang;
  const origin = [
    tp.demand_number ? inLang(bi(`来自诉求 ${tp.demand_number}`, `from demand ${tp.demand_number}`), L) : null,
    tp.raised_by_name ? inLang(bi(`${tp.raised_by_name} 提出`, `raised by ${tp.raised_by_name}`), L) : null,
    inLang(bi(`会议 ${meetingId(tp.meeting_id)}`, `meeting ${meetingId(tp.meeting_id)}`), L),
  ]
    .filter(Boolean)
    .join(inLang(bi('，', ', '), L));
  const lines = [
    `${cli.color.bold(`${topicId(tp.id)} ${tp.title}`)}  [${stepLabel(tp.step, cli)}]  ${cli.color.dim(origin)}`,
  ];
  const reached = (s: FiveStep) => (STEPS.indexOf(s) <= STEPS.indexOf(tp.step) ? '●' : '○');
  lines.push(`  ${STEPS.map((s) => `${reached(s)} ${codes.label(stepLabels, s, L)}`).join('  ')}`);
  for (const p of tp.proposals) {
    lines.push(
      `  ${inLang(bi('方案', 'Proposal'), L)} ${p.n}  ${p.team_name}${inLang(bi('：', ': '), L)}${p.text}  ` +
        `${votesText(cli, p)}`,
    );
  }
  for (const d of tp.tasks) {
    lines.push(
      `  ${inLang(bi('任务', 'Task'), L)} ${d.number}  ${d.summary}  ${d.assignee_name ?? ''}  ` +
        `${codes.label(codes.status, d.status, L)}  ${inLang(WORDS.resolveDue, L)} ` +
        `${formatShort(new Date(d.resolve_due_at), tz)}`,
    );
  }
  if (tp.evaluation) {
    lines.push(
      `  ${inLang(bi('评价', 'Evaluation'), L)} ${codes.label(codes.rating, tp.evaluation, L)}` +
        `${tp.evaluation_comment ? `${inLang(bi('：', ': '), L)}${tp.evaluation_comment}` : ''}`,
    );
  }
  const next = nextCommand(tp, L);
  if (next) lines.push(`  ${cli.color.dim(`${inLang(bi('下一步：', 'Next: '), L)}${next}`)}`);
  // On a narrow terminal each line wraps under itself, indented one step further than it began.
  const wrapped = lines.map((line, i) =>
    i === 0 ? wrapIndented(line, 2, cli.width) : `  ${wrapIndented(line.slice(2), 4, cli.width)}`,
  );
  return `${wrapped.join('\n')}\n`;
}

/** 五步法看板: the meeting's card, a table with one column per step, then each topic in full. */
export function renderMeeting(cli: Cli, m: MeetingDetail, tz: string): string {
  const L = cli.lang;
  const card = renderCard(cli, [
    [inLang(bi('会议', 'Meeting'), L), cli.color.bold(`${meetingId(m.id)} ${m.title}`)],
    [inLang(WORDS.time, L), formatShort(new Date(m.at), tz)],
    [inLang(bi('出席', 'Attendees'), L), m.attendees],
    // As `meeting list` counts them: raised at this meeting; those carried over from earlier ones apart.
    [inLang(bi('议题', 'Topics'), L), topicCount(m, L)],
  ]);
  if (m.topics.length === 0) {
    const id = meetingId(m.id);
    const none = bi(
      `还没有议题：hongwu meeting raise ${id} <问题>`,
      `No topics yet: hongwu meeting raise ${id} <issue>`,
    );
    return `${card}${inLang(none, L)}\n`;
  }
  const board = renderTable(
    cli,
    STEPS.map((s) => stepLabel(s, cli)),
    m.topics.map((tp) => STEPS.map((s) => (s === tp.step ? `${topicId(tp.id)} ${clip(tp.title, 12)}` : ''))),
    // On a narrow terminal the titles give way (each topic is told in full below the board).
    { flexible: [0, 1, 2, 3, 4] },
  );
  return `${card}\n${board}\n${m.topics.map((tp) => renderTopic(cli, tp, tz)).join('\n')}`;
}

function topicCount(m: MeetingDetail, L: Lang): string {
  const own = m.topics.filter((tp) => tp.meeting_id === m.id).length;
  const carried = m.topics.length - own;
  return carried
    ? inLang(bi(`${own}（另有遗留议题 ${carried}）`, `${own} (and ${carried} carried over)`), L)
    : String(own);
}

/** `meeting list` as rows: one meeting each (CSV columns, and the table for people). */
export function meetingListing(
  cli: Cli,
  meetings: MeetingDetail[],
  tz: string,
): Listing<MeetingDetail, ReturnType<typeof meetingRow>> {
  const L = cli.lang;
  return {
    rows: meetings,
    record: (m) => meetingRow(m, tz),
    fields: MEETING_FIELDS,
    header: [
      inLang(WORDS.id, L),
      inLang(WORDS.time, L),
      inLang(bi('会议', 'Meeting'), L),
      inLang(bi('出席', 'Attendees'), L),
      inLang(bi('议题', 'Topics'), L),
      inLang(bi('未结', 'Open'), L),
    ],
    cells: (m) => {
      const row = meetingRow(m, tz);
      return [meetingId(m.id), formatShort(new Date(m.at), tz), m.title, m.attendees, row.topics, row.open_topics];
    },
    flexible: [2],
    empty: inLang(bi('还没有会议：hongwu meeting new <会议名称>', 'No meetings yet: hongwu meeting new <title>'), L),
  };
}

/** `meeting list` for people: the meetings, then the topics still open (those carried over marked). */
export function renderMeetingList(
  cli: Cli,
  listing: Listing<MeetingDetail, ReturnType<typeof meetingRow>>,
  open: (TopicDetail & { carried: boolean })[],
  tz: string,
): string {
  const L = cli.lang;
  const table = renderTable(cli, listing.header, listing.rows.map(listing.cells), listing);
  if (open.length === 0) return `${table}${inLang(bi('没有未结议题。', 'No open topics.'), L)}\n`;
  const topics = renderTable(
    cli,
    [
      inLang(bi('议题', 'Topic'), L),
      inLang(bi('会议', 'Meeting'), L),
      inLang(WORDS.summary, L),
      inLang(bi('步骤', 'Step'), L),
      inLang(bi('下一步', 'Next'), L),
    ],
    open.map((tp) => [
      topicId(tp.id),
      `${meetingId(tp.meeting_id)}${tp.carried ? inLang(bi('（遗留）', ' (carried over)'), L) : ''}`,
      clip(tp.title, 20),
      stepLabel(tp.step, cli),
      nextCommand(tp, L),
    ]),
    // The next step is a command to type: wrapped, never cut.
    { flexible: [2], wrapping: [4] },
  );
  return `${table}\n${inLang(bi('未结议题', 'Open topics'), L)}\n${topics}`;
}
