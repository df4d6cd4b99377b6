import { sql } from 'kysely';
import type { Db, Tx } from './connection.js';
import type { Insertable, Selectable } from 'kysely';
import type { MeetingsTable, ProposalsTable, TopicEventsTable, TopicsTable, VotesTable } from './schema.js';

export type Meeting = Selectable<MeetingsTable>;
export type TopicRow = Selectable<TopicsTable>;

/** A topic with the names a reader needs beside the ids. */
export interface TopicView extends TopicRow {
  demand_number: string | null;
  raised_by_name: string | null;
}

export interface ProposalView extends Selectable<ProposalsTable> {
  team_name: string;
}

export interface VoteView extends Selectable<VotesTable> {
  topic_id: number;
  n: number;
}

export interface TopicEventView extends Selectable<TopicEventsTable> {
  meeting_title: string | null;
}

// 会议 meetings

export function insertMeeting(tx: Tx, m: Insertable<MeetingsTable>): Promise<Meeting> {
  return tx.insertInto('meetings').values(m).returningAll().executeTakeFirstOrThrow();
}

export function findMeetingById(db: Db | Tx, communityId: number, id: number): Promise<Meeting | undefined> {
  return db
    .selectFrom('meetings')
    .selectAll()
    .where('community_id', '=', communityId)
    .where('id', '=', id)
    .executeTakeFirst();
}

/** Every meeting of the community, newest first. */
export function listMeetings(db: Db | Tx, communityId: number): Promise<Meeting[]> {
  return db
    .selectFrom('meetings')
    .selectAll()
    .where('community_id', '=', communityId)
    .orderBy('at', 'desc')
    .orderBy('id', 'desc')
    .execute();
}

/** The most recent meeting held at or before the instant: where a topic's later steps happen. */
export function latestMeeting(db: Db | Tx, communityId: number, atMost: string): Promise<Meeting | undefined> {
  return db
    .selectFrom('meetings')
    .selectAll()
    .where('community_id', '=', communityId)
    .where('at', '<=', atMost)
    .orderBy('at', 'desc')
    .orderBy('id', 'desc')
    .executeTakeFirst();
}

// 议题 topics

function selectTopics(db: Db | Tx) {
  return db
    .selectFrom('topics as t')
    .leftJoin('demands as d', 'd.id', 't.demand_id')
    .leftJoin('residents as r', 'r.id', 't.raised_by_resident_id')
    .selectAll('t')
    .select(['d.number as demand_number', 'r.name as raised_by_name']);
}

export async function insertTopic(tx: Tx, t: Insertable<TopicsTable>): Promise<number> {
  const row = await tx.insertInto('topics').values(t).returning('id').executeTakeFirstOrThrow();
  return row.id;
}

export function findTopic(db: Db | Tx, communityId: number, id: number): Promise<TopicView | undefined> {
  return selectTopics(db).where('t.community_id', '=', communityId).where('t.id', '=', id).executeTakeFirst();
}

export async function updateTopic(tx: Tx, id: number, changes: Partial<Omit<TopicsTable, 'id'>>): Promise<void> {
  await tx.updateTable('topics').set(changes).where('id', '=', id).execute();
}

/** The topics on a meeting's board: raised at it, or carried over and moved a step at it. */
export function topicsOfMeeting(db: Db | Tx, meetingId: number): Promise<TopicView[]> {
  return selectTopics(db)
    .where((eb) =>
      eb.or([
        eb('t.meeting_id', '=', meetingId),
        eb('t.id', 'in', eb.selectFrom('topic_events').select('topic_id').where('meeting_id', '=', meetingId)),
      ]),
    )
    .orderBy('t.id')
    .execute();
}

export function topicsOfMeetings(db: Db | Tx, meetingIds: readonly number[]): Promise<TopicView[]> {
  if (meetingIds.length === 0) return Promise.resolve([]);
  return selectTopics(db).where('t.meeting_id', 'in', meetingIds).orderBy('t.id').execute();
}

export interface LinkedTopic extends TopicView {
  role: 'raised_from' | 'task';
}

/** Topics linked to a demand: raised from it, or with it as one of their tasks. */
export function topicsOfDemand(db: Db | Tx, demandId: number): Promise<LinkedTopic[]> {
  return selectTopics(db)
    .select(
      sql<'raised_from' | 'task'>`case when t.demand_id = ${demandId} then 'raised_from' else 'task' end`.as('role'),
    )
    .where((eb) =>
      eb.or([
        eb('t.demand_id', '=', demandId),
        eb('t.id', 'in', eb.selectFrom('topic_tasks').select('topic_id').where('demand_id', '=', demandId)),
      ]),
    )
    .orderBy('t.id')
    .execute();
}

export function insertTopicEvent(tx: Tx, e: Insertable<TopicEventsTable>): Promise<unknown> {
  return tx.insertInto('topic_events').values(e).execute();
}

export function topicEventsOf(db: Db | Tx, topicIds: readonly number[]): Promise<TopicEventView[]> {
  if (topicIds.length === 0) return Promise.resolve([]);
  return db
    .selectFrom('topic_events as e')
    .leftJoin('meetings as m', 'm.id', 'e.meeting_id')
    .selectAll('e')
    .select('m.title as meeting_title')
    .where('e.topic_id', 'in', topicIds)
    .orderBy('e.at')
    .orderBy('e.id')
    .execute();
}

// 方案与表决 proposals and votes

export async function nextProposalN(tx: Tx, topicId: number): Promise<number> {
  const row = await tx
    .selectFrom('proposals')
    .select(sql<number | null>`max(n)`.as('n'))
    .where('topic_id', '=', topicId)
    .executeTakeFirst();
  return (row?.n ?? 0) + 1;
}

export async function insertProposal(tx: Tx, p: Insertable<ProposalsTable>): Promise<void> {
  await tx.insertInto('proposals').values(p).execute();
}

export function proposalsOf(db: Db | Tx, topicIds: readonly number[]): Promise<ProposalView[]> {
  if (topicIds.length === 0) return Promise.resolve([]);
  return db
    .selectFrom('proposals as p')
    .innerJoin('teams as tm', 'tm.id', 'p.team_id')
    .selectAll('p')
    .select('tm.name as team_name')
    .where('p.topic_id', 'in', topicIds)
    .orderBy('p.topic_id')
    .orderBy('p.n')
    .execute();
}

export async function insertVote(tx: Tx, v: Insertable<VotesTable>): Promise<void> {
  await tx.insertInto('votes').values(v).execute();
}

/** Every vote on the topics' proposals, oldest first. */
export function votesOf(db: Db | Tx, topicIds: readonly number[]): Promise<VoteView[]> {
  if (topicIds.length === 0) return Promise.resolve([]);
  return db
    .selectFrom('votes as v')
    .innerJoin('proposals as p', 'p.id', 'v.proposal_id')
    .selectAll('v')
    .select(['p.topic_id', 'p.n'])
    .where('p.topic_id', 'in', topicIds)
    .orderBy('v.at')
    .orderBy('v.id')
    .execute();
}

// 分工抓落实 tasks

export async function insertTopicTask(tx: Tx, topicId: number, demandId: number): Promise<void> {
  await tx.insertInto('topic_tasks').values({ topic_id: topicId, demand_id: demandId }).execute();
}

export function taskLinksOf(
  db: Db | Tx,
  topicIds: readonly number[],
): Promise<{ topic_id: number; demand_id: number }[]> {
  if (topicIds.length === 0) return Promise.resolve([]);
  return db.selectFrom('topic_tasks').select(['topic_id', 'demand_id']).where('topic_id', 'in', topicIds).execute();
}
