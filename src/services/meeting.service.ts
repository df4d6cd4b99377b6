import type { Db, Tx } from '../db/connection.js';
import { findDemandsByIds } from '../db/demand.repository.js';
import { visitsOfDemands } from '../db/visit.repository.js';
import {
  findMeetingById,
  findTopic,
  insertMeeting,
  insertProposal,
  insertTopic,
  insertTopicEvent,
  insertTopicTask,
  insertVote,
  latestMeeting,
  listMeetings,
  nextProposalN,
  proposalsOf,
  taskLinksOf,
  topicEventsOf,
  topicsOfDemand,
  topicsOfMeeting,
  topicsOfMeetings,
  updateTopic,
  votesOf,
  type Meeting,
  type ProposalView,
  type TopicEventView,
  type TopicView,
  type VoteView,
} from '../db/meeting.repository.js';
import { findResidentById } from '../db/resident.repository.js';
import { label, status as statusCodes, type Rating } from '../domain/codes.js';
import { bi, NotAllowedError, usageAbout, UsageError, zhWord } from '../domain/errors.js';
import { step as command } from '../domain/next-step.js';
import { atBefore, happenedAt } from '../domain/event-time.js';
import { halfWidth } from '../domain/half-width.js';
import { blockingTasks, stepAfter, votePasses, type FiveStep } from '../domain/five-step.js';
import { chooseOne, closest } from '../domain/reference.js';
import { assign, demandByNumber, intake, type VisitedDemand } from './demand.service.js';
import { asId, resolveResident, resolveTeam } from './references.js';
import type { Scope } from './session.js';

/**
 * 红色议事厅 (SPEC §6): monthly joint meetings that take each topic through the five steps.
 * Every step change is written to topic_events with the meeting it happened at: the topic's own
 * meeting when raised, afterwards the most recent meeting held by then (so a topic carried over
 * to next month's meeting is decided "at" that meeting).
 */

export interface ProposalDetail extends ProposalView {
  votes: VoteView[];
}

export interface TopicDetail extends TopicView {
  proposals: ProposalDetail[];
  tasks: VisitedDemand[];
  events: TopicEventView[];
}

export interface MeetingDetail extends Meeting {
  topics: TopicDetail[];
}

/** How meetings and topics are printed and typed: `M3` and `T7` (a bare number also works). */
export const meetingId = (id: number) => `M${id}`;
export const topicId = (id: number) => `T${id}`;

const TOPIC_REF = /^[Tt#]?(\d{1,9})$/;
const MEETING_REF = /^[Mm#]?(\d{1,9})$/;

/** `meeting show`: `T7` is a topic; anything else (`M3`, `3`, a title) is a meeting. */
export const isTopicRef = (text: string) => /^[Tt]\d{1,9}$/.test(halfWidth(text).trim());

export async function newMeeting(
  tx: Tx,
  scope: Scope,
  input: { title: string; at?: Date; attendees?: number },
): Promise<MeetingDetail> {
  const title = input.title.trim();
  if (!title)
    throw new UsageError(bi('会议名称为空', 'the meeting title is empty'), (s) =>
      bi(
        `例如 ${s.zh(command('meeting new', ['"11月红色议事厅"']))}`,
        `e.g. ${s.en(command('meeting new', ['"11月红色议事厅"']))}`,
      ),
    );
  const at = happenedAt(input.at, scope.now, scope.timeZone);
  const meeting = await insertMeeting(tx, {
    community_id: scope.community.id,
    title,
    at: at.toISOString(),
    attendees: input.attendees ?? null,
    recorded_at: scope.now.toISOString(),
    operator: scope.operator,
  });
  return { ...meeting, topics: [] };
}

/** 居民提问题: a topic on a meeting's agenda, possibly from a demand already taken in. */
export async function raiseTopic(
  tx: Tx,
  scope: Scope,
  input: { meeting: string; issue: string; demand?: string; by?: string; at?: Date },
): Promise<TopicDetail> {
  const title = input.issue.trim();
  if (!title)
    throw new UsageError(
      bi('议题为空', 'the issue is empty'),
      bi('请用几个字说明居民提出的问题', 'say in a few words what residents raise'),
    );
  const meeting = await resolveMeeting(tx, scope.community.id, input.meeting);
  const demand = input.demand === undefined ? undefined : await demandByNumber(scope, tx, input.demand);
  if (demand) {
    const open = (await topicsOfDemand(tx, demand.id)).find((t) => t.role === 'raised_from' && t.step !== 'evaluated');
    if (open) {
      const topic = topicId(open.id);
      throw new NotAllowedError(
        bi(
          `诉求 ${demand.number} 已是议题 ${topic}（${open.title}）`,
          `demand ${demand.number} is already topic ${topic} (${open.title})`,
        ),
        (s) =>
          bi(
            `查看：${s.zh(command('meeting show', [topic]))}`,
            `see it with \`${s.en(command('meeting show', [topic]))}\``,
          ),
      );
    }
  }
  const by = input.by === undefined ? undefined : await resolveResident(tx, scope.community.id, input.by);
  const at = await stepTime(tx, scope, undefined, input.at);
  if (at < new Date(meeting.at))
    throw atBefore(at, bi('会议召开时间', 'the meeting was held'), new Date(meeting.at), scope.timeZone);
  if (demand && at < new Date(demand.received_at))
    throw atBefore(at, bi('该诉求的受理时间', "the demand's intake"), new Date(demand.received_at), scope.timeZone);
  const id = await insertTopic(tx, {
    community_id: scope.community.id,
    meeting_id: meeting.id,
    title,
    step: 'raised',
    demand_id: demand?.id ?? null,
    raised_by_resident_id: by?.id ?? demand?.resident_id ?? null,
    raised_at: at.toISOString(),
  });
  await stepEvent(tx, scope, id, 'raised', meeting.id, demand ? `from demand ${demand.number}` : null, at);
  return topicDetail(tx, scope, id);
}

/** 多方拟方案: a proposal by one of the parties; the first one moves the topic to `proposed`. */
export async function propose(
  tx: Tx,
  scope: Scope,
  input: { topic: string; text: string; by: string; at?: Date },
): Promise<{ topic: TopicDetail; n: number }> {
  const text = input.text.trim();
  if (!text)
    throw new UsageError(
      bi('方案为空', 'the proposal is empty'),
      bi('请写明该方提出的方案', 'say what the party proposes'),
    );
  const topic = await topicByRef(tx, scope, input.topic);
  const step = stepAfter(topic.step, 'propose', topicId(topic.id));
  const team = await resolveTeam(tx, scope.community.id, input.by, scope.notify);
  const at = await stepTime(tx, scope, topic, input.at);
  const n = await nextProposalN(tx, topic.id);
  await insertProposal(tx, { topic_id: topic.id, n, text, team_id: team.id, created_at: at.toISOString() });
  await moveTo(tx, scope, topic, step, `proposal ${n} by ${team.name}`, at);
  return { topic: await topicDetail(tx, scope, topic.id), n };
}

export interface DecideInput {
  topic: string;
  proposal: number;
  for: number;
  against: number;
  abstain: number;
  at?: Date;
}

/** 会议作决议: records the vote; a failed vote is kept and the topic stays `proposed`. */
export async function decide(
  tx: Tx,
  scope: Scope,
  input: DecideInput,
): Promise<{ topic: TopicDetail; passed: boolean }> {
  const passed = votePasses(input.for, input.against);
  const topic = await topicByRef(tx, scope, input.topic);
  const step = stepAfter(topic.step, 'decide', topicId(topic.id), passed);
  const proposals = await proposalsOf(tx, [topic.id]);
  const proposal = proposals.find((p) => p.n === input.proposal);
  if (!proposal) {
    const t = topicId(topic.id);
    const ns = proposals.map((p) => p.n).join(', ');
    throw new NotAllowedError(
      bi(`议题 ${t} 没有第 ${input.proposal} 号方案`, `topic ${t} has no proposal ${input.proposal}`),
      (s) =>
        bi(
          `现有方案：${ns}；查看：${s.zh(command('meeting show', [t]))}`,
          `its proposals are ${ns}; see \`${s.en(command('meeting show', [t]))}\``,
        ),
    );
  }
  const at = await stepTime(tx, scope, topic, input.at);
  const meetingId = await currentMeetingId(tx, scope, topic, at);
  const meeting = await findMeetingById(tx, scope.community.id, meetingId);
  const cast = input.for + input.against + input.abstain;
  if (meeting?.attendees != null && cast > meeting.attendees) {
    throw usageAbout('votes', (name) => ({
      text: bi(
        `共投 ${cast} 票，但“${meeting.title}”只有 ${meeting.attendees} 人参会`,
        `${cast} votes were cast but ${meeting.title} had ${meeting.attendees} attendees`,
      ),
      hint: bi(`请核对${zhWord(name.zh)}的票数`, `check the counts of ${name.en}`),
    }));
  }
  await insertVote(tx, {
    proposal_id: proposal.id,
    meeting_id: meetingId,
    votes_for: input.for,
    votes_against: input.against,
    votes_abstain: input.abstain,
    passed: passed ? 1 : 0,
    at: at.toISOString(),
    operator: scope.operator,
  });
  if (passed) {
    await updateTopic(tx, topic.id, { decided_at: at.toISOString() });
    await moveTo(
      tx,
      scope,
      topic,
      step,
      `proposal ${proposal.n} passed ${input.for}:${input.against}:${input.abstain}`,
      at,
    );
  }
  return { topic: await topicDetail(tx, scope, topic.id), passed };
}

/**
 * 分工抓落实: the task becomes a demand (channel `meeting`) taken in and assigned to the team in
 * one transaction, so it runs through the same loop, deadlines and report as every demand. It
 * takes the category of the demand the topic was raised from (else `other`) and its resident.
 */
export async function addTask(
  tx: Tx,
  scope: Scope,
  input: { topic: string; action: string; to: string; due?: Date; at?: Date },
): Promise<{ topic: TopicDetail; demand: VisitedDemand }> {
  const action = input.action.trim();
  if (!action)
    throw new UsageError(bi('任务为空', 'the action is empty'), bi('请写明队伍要做什么', 'say what the team is to do'));
  const topic = await topicByRef(tx, scope, input.topic);
  const step = stepAfter(topic.step, 'task', topicId(topic.id));
  const team = await resolveTeam(tx, scope.community.id, input.to, scope.notify);
  const at = await stepTime(tx, scope, topic, input.at);
  const source = topic.demand_number ? await demandByNumber(scope, tx, topic.demand_number) : undefined;
  const resident =
    topic.raised_by_resident_id === null
      ? undefined
      : await findResidentById(tx, scope.community.id, topic.raised_by_resident_id);
  const taken = await intake(tx, scope, {
    summary: action,
    channel: 'meeting',
    category: source?.category ?? 'other',
    kind: 'request',
    tier: 'timed',
    resident,
    due: input.due,
    at,
  });
  const demand = await assign(tx, scope, {
    number: taken.number,
    to: { type: 'team', team },
    note: `红色议事厅 ${topicId(topic.id)}`,
    at,
  });
  await insertTopicTask(tx, topic.id, demand.id);
  await moveTo(tx, scope, topic, step, `task ${demand.number} → ${team.name}`, at);
  return { topic: await topicDetail(tx, scope, topic.id), demand };
}

/** 效果大家评: only once every task demand of the topic is resolved or closed. */
export async function evaluate(
  tx: Tx,
  scope: Scope,
  input: { topic: string; rating: Rating; comment?: string; at?: Date },
): Promise<TopicDetail> {
  const topic = await topicByRef(tx, scope, input.topic);
  const step = stepAfter(topic.step, 'evaluate', topicId(topic.id));
  const tasks = await findDemandsByIds(
    tx,
    (await taskLinksOf(tx, [topic.id])).map((l) => l.demand_id),
  );
  const open = blockingTasks(tasks);
  if (open.length) {
    const t = topicId(topic.id);
    const listZh = open
      .map((d) => `${d.number}（${label(statusCodes, d.status, 'zh')}，${d.assignee_name ?? '未分派'}）`)
      .join('；');
    const listEn = open.map((d) => `${d.number} (${d.status}, ${d.assignee_name ?? 'unassigned'})`).join('; ');
    throw new NotAllowedError(
      bi(
        `议题 ${t} 还不能评价：${open.length} 项任务未办结：${listZh}`,
        `topic ${t} cannot be evaluated yet: ${open.length} task${open.length > 1 ? 's are' : ' is'} not resolv` +
          `ed: ${listEn}`,
      ),
      (s) => {
        const resolve = command('resolve', [open[0]!.number], { note: bi('<办理情况>', '<what was done>') });
        return bi(`请先办结：${s.zh(resolve)}`, `resolve ${open.length > 1 ? 'them' : 'it'} first: ${s.en(resolve)}`);
      },
    );
  }
  // An evaluation dated back must come after the work it evaluates.
  const done = tasks
    .filter((d) => d.status !== 'cancelled' && d.resolved_at !== null)
    .map((d) => d.resolved_at!)
    .sort()
    .at(-1);
  const at = await stepTime(tx, scope, topic, input.at);
  if (done && at < new Date(done))
    throw atBefore(at, bi('任务的办结时间', 'the tasks were resolved'), new Date(done), scope.timeZone);
  if (tasks.every((d) => d.status === 'cancelled')) {
    const t = topicId(topic.id);
    throw new NotAllowedError(
      bi(`议题 ${t} 没有可评价的任务（都已撤销）`, `topic ${t} has no task left to evaluate (all were cancelled)`),
      (s) => {
        const task = command('meeting task', [t, bi('<任务>', '<action>')], { to: bi('<队伍>', '<team>') });
        return bi(`请先添加任务：${s.zh(task)}`, `add one: ${s.en(task)}`);
      },
    );
  }
  const comment = input.comment?.trim() || null;
  await updateTopic(tx, topic.id, {
    evaluated_at: at.toISOString(),
    evaluation: input.rating,
    evaluation_comment: comment,
  });
  await moveTo(tx, scope, topic, step, [input.rating, comment].filter(Boolean).join(': '), at);
  return topicDetail(tx, scope, topic.id);
}

export async function showTopic(scope: Scope, ref: string): Promise<TopicDetail> {
  const topic = await topicByRef(scope.db, scope, ref);
  return (await topicDetails(scope.db, [topic]))[0]!;
}

export async function showMeeting(scope: Scope, ref: string): Promise<MeetingDetail> {
  // `meeting show 80` where 80 is a topic, not a meeting: say how to ask for the topic.
  const bare = asId(ref.trim());
  if (
    bare !== undefined &&
    !(await findMeetingById(scope.db, scope.community.id, bare)) &&
    (await findTopic(scope.db, scope.community.id, bare))
  ) {
    const t = topicId(bare);
    throw new NotAllowedError(
      bi(
        `${scope.community.name}没有会议 ${meetingId(bare)}；有议题 ${t}`,
        `no meeting ${meetingId(bare)} in ${scope.community.name}; there is a topic ${t}`,
      ),
      (s) =>
        bi(
          `查看议题：${s.zh(command('meeting show', [t]))}`,
          `see the topic with \`${s.en(command('meeting show', [t]))}\``,
        ),
    );
  }
  const meeting = await resolveMeeting(scope.db, scope.community.id, ref);
  return { ...meeting, topics: await topicDetails(scope.db, await topicsOfMeeting(scope.db, meeting.id)) };
}

export interface MeetingOverview {
  meetings: MeetingDetail[];
  /** Topics not yet evaluated, oldest first; `carried` when raised before the latest meeting. */
  open: (TopicDetail & { carried: boolean })[];
}

/** `meeting list`: every meeting, newest first, with the topics raised at it, and the topics still open. */
export async function meetingOverview(scope: Scope): Promise<MeetingOverview> {
  const meetings = await listMeetings(scope.db, scope.community.id);
  const topics = await topicDetails(
    scope.db,
    await topicsOfMeetings(
      scope.db,
      meetings.map((m) => m.id),
    ),
  );
  const latest = meetings[0];
  return {
    meetings: meetings.map((m) => ({ ...m, topics: topics.filter((t) => t.meeting_id === m.id) })),
    open: topics.filter((t) => t.step !== 'evaluated').map((t) => ({ ...t, carried: t.meeting_id !== latest?.id })),
  };
}

// references and helpers

/** A meeting by id (`M3`, `3`, `#3`) or exact title; several or none fail with exit 1. */
async function resolveMeeting(db: Db | Tx, communityId: number, input: string): Promise<Meeting> {
  const text = input.trim();
  const all = await listMeetings(db, communityId);
  const id = MEETING_REF.exec(halfWidth(text))?.[1];
  const matches = all.filter((m) => m.title === text || (id !== undefined && m.id === Number(id)));
  const describe = (m: Meeting) => `${meetingId(m.id)} ${m.title}`;
  return chooseOne(
    matches,
    text,
    bi('会议', 'meeting'),
    describe,
    () => closest(all, text, (m) => m.title),
    (s) => {
      const [list, start] = [command('meeting list'), command('meeting new', [bi('<标题>', '<title>')])];
      return bi(
        `可用 ${s.zh(list)} 查看；新会议用 ${s.zh(start)}`,
        `see \`${s.en(list)}\`; start one with \`${s.en(start)}\``,
      );
    },
  );
}

async function topicByRef(db: Db | Tx, scope: Scope, ref: string): Promise<TopicView> {
  const m = TOPIC_REF.exec(halfWidth(ref).trim());
  if (!m) {
    throw new UsageError(bi(`“${ref}”不是议题编号`, `"${ref}" is not a topic id`), (s) =>
      bi(
        `议题编号形如 T7（${s.zh(command('meeting raise'))} 打印的那样）`,
        `topics look like T7 (as \`${s.en(command('meeting raise'))}\` printed it)`,
      ),
    );
  }
  const topic = await findTopic(db, scope.community.id, Number(m[1]));
  if (!topic) {
    const t = topicId(Number(m[1]));
    throw new NotAllowedError(
      bi(`${scope.community.name}没有议题 ${t}`, `no topic ${t} in ${scope.community.name}`),
      (s) =>
        bi(
          `可用 ${s.zh(command('meeting list'))} 查看未结议题`,
          `see the open topics with \`${s.en(command('meeting list'))}\``,
        ),
    );
  }
  return topic;
}

/**
 * When a step happened: `--at` (minutes typed in after the meeting) or now; never in the future nor
 * before the topic's latest step, so that its history stays in order (as a demand's does).
 */
async function stepTime(tx: Tx, scope: Scope, topic: TopicView | undefined, input: Date | undefined): Promise<Date> {
  const at = happenedAt(input, scope.now, scope.timeZone);
  const last = topic ? (await topicEventsOf(tx, [topic.id])).at(-1) : undefined;
  if (last && at < new Date(last.at))
    throw atBefore(at, bi('该议题的上一步', "the topic's latest step"), new Date(last.at), scope.timeZone);
  return at;
}

/** Where a step happens: the most recent meeting held by then (the topic's own as a fallback). */
async function currentMeetingId(tx: Tx, scope: Scope, topic: TopicView, at: Date): Promise<number> {
  return (await latestMeeting(tx, scope.community.id, at.toISOString()))?.id ?? topic.meeting_id;
}

/** Moves the topic to `step` at `at`, writing the step event only when the step changes. */
async function moveTo(
  tx: Tx,
  scope: Scope,
  topic: TopicView,
  step: FiveStep,
  note: string | null,
  at: Date,
): Promise<void> {
  if (step === topic.step) return;
  await updateTopic(tx, topic.id, { step });
  await stepEvent(tx, scope, topic.id, step, await currentMeetingId(tx, scope, topic, at), note, at);
}

async function stepEvent(
  tx: Tx,
  scope: Scope,
  topicId: number,
  step: FiveStep,
  meetingId: number,
  note: string | null,
  at: Date,
): Promise<void> {
  await insertTopicEvent(tx, {
    topic_id: topicId,
    step,
    meeting_id: meetingId,
    at: at.toISOString(),
    operator: scope.operator,
    note,
  });
}

async function topicDetail(db: Db | Tx, scope: Scope, id: number): Promise<TopicDetail> {
  return (await topicDetails(db, [(await findTopic(db, scope.community.id, id))!]))[0]!;
}

/** Proposals with their votes, task demands and step events of several topics, in few queries. */
async function topicDetails(db: Db | Tx, topics: readonly TopicView[]): Promise<TopicDetail[]> {
  const ids = topics.map((t) => t.id);
  const [proposals, votes, links, events] = await Promise.all([
    proposalsOf(db, ids),
    votesOf(db, ids),
    taskLinksOf(db, ids),
    topicEventsOf(db, ids),
  ]);
  const demandIds = links.map((l) => l.demand_id);
  const [found, visits] = await Promise.all([findDemandsByIds(db, demandIds), visitsOfDemands(db, demandIds)]);
  const demands = found.map((d) => ({ ...d, visits: visits.get(d.id) ?? [] }));
  return topics.map((t) => {
    const taskIds = new Set(links.filter((l) => l.topic_id === t.id).map((l) => l.demand_id));
    return {
      ...t,
      proposals: proposals
        .filter((p) => p.topic_id === t.id)
        .map((p) => ({ ...p, votes: votes.filter((v) => v.proposal_id === p.id) })),
      tasks: demands.filter((d) => taskIds.has(d.id)),
      events: events.filter((e) => e.topic_id === t.id),
    };
  });
}
