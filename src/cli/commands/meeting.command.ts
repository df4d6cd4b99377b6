import { bi, inLang } from '../../domain/errors.js';
import * as codes from '../../domain/codes.js';
import * as meetings from '../../services/meeting.service.js';
import { meetingId, topicId } from '../../services/meeting.service.js';
import { runCommand, type Scope } from '../../services/session.js';
import { withScope, type Cli } from '../context.js';
import { atOption, dueOption } from '../dates.js';
import { answerCheck, code, integer, lazySchema, parseOptions, text, z } from '../options.js';
import { askMissing, type Ask } from '../prompts.js';
import { teamChoices } from '../searches.js';
import { printJson, printListing } from '../render/listing.js';
import { demandRecord, renderDemand } from '../views/demand.view.js';
import {
  meetingListing,
  meetingRecord,
  renderMeeting,
  renderMeetingList,
  renderTopic,
  topicRecord,
} from '../views/meeting.view.js';
import { rating } from '../../domain/codes.js';
import { at, codesText, due, option, reference, type Declaration } from '../declare.js';

type Raw = Record<string, unknown>;

/** Prints a topic that a command just moved: the headline and its block of the board. */
function printTopic(cli: Cli, scope: Scope, topic: meetings.TopicDetail, headline: string): void {
  if (cli.json) return printJson(cli, topicRecord(topic, scope.timeZone, scope.now));
  cli.io.stdout(`${cli.color.green(headline)}\n${renderTopic(cli, topic, scope.timeZone)}`);
}

/** A search prompt over the community's teams (for --by and --to). */
function teamAsk(scope: Scope, key: string, message: string, lang: codes.Lang): Ask {
  return { key, type: 'search', message, source: teamChoices(scope, lang) };
}

const newSchema = lazySchema(() =>
  z.object({ title: text(), at: z.optional(z.string()), attendees: z.optional(integer(0)) }),
);

export async function create(cli: Cli, title: string, raw: Raw): Promise<void> {
  const o = parseOptions(newSchema(), { ...raw, title }, ['title']);
  await withScope(cli, async (scope) => {
    const meeting = await runCommand(scope, (tx) =>
      meetings.newMeeting(tx, scope, { ...o, at: atOption(o.at, scope) }),
    );
    if (cli.json) return printJson(cli, meetingRecord(meeting, scope.timeZone, scope.now));
    const id = meetingId(meeting.id);
    cli.io.stdout(
      `${cli.color.green(inLang(bi(`已召开会议 ${id}`, `Meeting ${id} opened`), cli.lang))}\n` +
        `${renderMeeting(cli, meeting, scope.timeZone)}`,
    );
  });
}

const raiseSchema = lazySchema(() =>
  z.object({ issue: text(), demand: z.optional(z.string()), by: z.optional(text()), at: z.optional(z.string()) }),
);

export async function raise(cli: Cli, meeting: string, issue: string, raw: Raw): Promise<void> {
  const o = parseOptions(raiseSchema(), { ...raw, issue }, ['issue']);
  await withScope(cli, async (scope) => {
    const topic = await runCommand(scope, (tx) =>
      meetings.raiseTopic(tx, scope, { meeting, ...o, at: atOption(o.at, scope) }),
    );
    printTopic(
      cli,
      scope,
      topic,
      inLang(bi(`已提出议题 ${topicId(topic.id)}`, `Topic ${topicId(topic.id)} raised`), cli.lang),
    );
  });
}

const proposeSchema = lazySchema(() => z.object({ proposal: text(), by: text(), at: z.optional(z.string()) }));

export async function propose(cli: Cli, topic: string, proposal: string, raw: Raw): Promise<void> {
  const values: Raw = { ...raw, proposal };
  await withScope(cli, async (scope) => {
    await askMissing(cli, values, [
      teamAsk(scope, 'by', inLang(bi('提出方案的队伍', 'Team proposing'), cli.lang), cli.lang),
    ]);
    const o = parseOptions(proposeSchema(), values, ['proposal']);
    const { topic: detail, n } = await runCommand(scope, (tx) =>
      meetings.propose(tx, scope, { topic, text: o.proposal, by: o.by, at: atOption(o.at, scope) }),
    );
    printTopic(
      cli,
      scope,
      detail,
      inLang(
        bi(`议题 ${topicId(detail.id)} 已收到方案 ${n}`, `Proposal ${n} added to topic ${topicId(detail.id)}`),
        cli.lang,
      ),
    );
  });
}

const decideSchema = lazySchema(() =>
  z.object({
    proposal: integer(1),
    for: integer(0),
    against: integer(0),
    abstain: z._default(integer(0), 0),
    at: z.optional(z.string()),
  }),
);

export async function decide(cli: Cli, topic: string, raw: Raw): Promise<void> {
  const values: Raw = { ...raw };
  const L = cli.lang;
  await withScope(cli, async (scope) => {
    await askMissing(cli, values, [
      {
        key: 'proposal',
        type: 'text',
        message: inLang(bi('表决哪个方案（编号）', 'Which proposal (n)'), L),
        validate: answerCheck(integer(1), L),
      },
      { key: 'for', type: 'text', message: inLang(bi('赞成票', 'Votes for'), L), validate: answerCheck(integer(0), L) },
      {
        key: 'against',
        type: 'text',
        message: inLang(bi('反对票', 'Votes against'), L),
        validate: answerCheck(integer(0), L),
      },
    ]);
    const o = parseOptions(decideSchema(), values);
    const { topic: detail, passed } = await runCommand(scope, (tx) =>
      meetings.decide(tx, scope, { topic, ...o, at: atOption(o.at, scope) }),
    );
    const id = topicId(detail.id);
    printTopic(
      cli,
      scope,
      detail,
      passed
        ? inLang(
            bi(
              `方案 ${o.proposal} 通过（${o.for}:${o.against}），议题 ${id} 已作决议`,
              `Proposal ${o.proposal} passed (${o.for}:${o.against}): topic ${id} decided`,
            ),
            L,
          )
        : inLang(
            bi(
              `方案 ${o.proposal} 未通过（${o.for}:${o.against}），议题 ${id} 仍待决议`,
              `Proposal ${o.proposal} failed (${o.for}:${o.against}): topic ${id} stays proposed`,
            ),
            L,
          ),
    );
  });
}

const taskSchema = lazySchema(() =>
  z.object({ action: text(), to: text(), due: z.optional(z.string()), at: z.optional(z.string()) }),
);

export async function task(cli: Cli, topic: string, action: string, raw: Raw): Promise<void> {
  const values: Raw = { ...raw, action };
  await withScope(cli, async (scope) => {
    await askMissing(cli, values, [
      teamAsk(scope, 'to', inLang(bi('承办队伍', 'Team to carry it out'), cli.lang), cli.lang),
    ]);
    const o = parseOptions(taskSchema(), values, ['action']);
    const { topic: detail, demand } = await runCommand(scope, (tx) =>
      meetings.addTask(tx, scope, { topic, ...o, due: dueOption(o.due, scope), at: atOption(o.at, scope) }),
    );
    if (cli.json) return printJson(cli, demandRecord(demand, scope.timeZone, scope.now));
    const id = topicId(detail.id);
    const made = bi(
      `议题 ${id} 的任务已生成诉求 ${demand.number} → ${demand.assignee_name}`,
      `Task of topic ${id} is demand ${demand.number} → ${demand.assignee_name}`,
    );
    cli.io.stdout(
      `${cli.color.green(inLang(made, cli.lang))}\n${renderDemand(cli, demand, scope.timeZone, scope.now)}`,
    );
    cli.io.stderr(
      cli.color.dim(
        inLang(
          bi(
            `办结后：hongwu resolve ${demand.number} --note <办理情况>，再 hongwu meeting evaluate ${id}`,
            `When done: hongwu resolve ${demand.number} --note <what was done>, then hongwu meeting evaluate ${id}`,
          ),
          cli.lang,
        ),
      ) + '\n',
    );
  });
}

const evaluateSchema = lazySchema(() =>
  z.object({ rating: code(codes.rating), comment: z.optional(z.string()), at: z.optional(z.string()) }),
);

export async function evaluate(cli: Cli, topic: string, rating: string | undefined, raw: Raw): Promise<void> {
  const values: Raw = { ...raw, rating };
  await withScope(cli, async (scope) => {
    await askMissing(cli, values, [
      {
        key: 'rating',
        positional: true,
        type: 'code',
        list: codes.rating,
        message: inLang(bi('效果评价', 'Evaluation'), cli.lang),
      },
    ]);
    const o = parseOptions(evaluateSchema(), values, ['rating']);
    const detail = await runCommand(scope, (tx) =>
      meetings.evaluate(tx, scope, { topic, ...o, at: atOption(o.at, scope) }),
    );
    const label = codes.label(codes.rating, o.rating, cli.lang);
    printTopic(
      cli,
      scope,
      detail,
      inLang(
        bi(`议题 ${topicId(detail.id)} 已评价：${label}`, `Topic ${topicId(detail.id)} evaluated: ${label}`),
        cli.lang,
      ),
    );
  });
}

export async function list(cli: Cli): Promise<void> {
  await withScope(cli, async (scope) => {
    const { meetings: all, open } = await meetings.meetingOverview(scope);
    const tz = scope.timeZone;
    if (cli.json)
      return printJson(
        cli,
        all.map((m) => meetingRecord(m, tz, scope.now)),
      );
    const listing = meetingListing(cli, all, tz);
    if (cli.csv || all.length === 0) return printListing(cli, listing);
    cli.io.stdout(renderMeetingList(cli, listing, open, tz));
  });
}

/** `T7` shows a topic; `M3`, `3` or a title shows a meeting's board. */
export async function show(cli: Cli, ref: string): Promise<void> {
  await withScope(cli, async (scope) => {
    const tz = scope.timeZone;
    if (meetings.isTopicRef(ref)) {
      const topic = await meetings.showTopic(scope, ref);
      if (cli.json) return printJson(cli, topicRecord(topic, tz, scope.now));
      return cli.io.stdout(renderTopic(cli, topic, tz));
    }
    const meeting = await meetings.showMeeting(scope, ref);
    if (cli.json) return printJson(cli, meetingRecord(meeting, tz, scope.now));
    cli.io.stdout(renderMeeting(cli, meeting, tz));
  });
}

/** Minutes are often typed in after the meeting: every step may say when it happened. */
const minutesAt = () => at('实际时间 when it happened (minutes typed in later)');

export const createCommand: Declaration = {
  path: 'meeting new',
  args: '<title>',
  help: '召开会议 open a meeting (prints its id, e.g. M3)',
  options: [at('会议时间 when it is held (default now)'), option('--attendees <n>', '出席人数 attendees')],
  example: 'meeting new "11月红色议事厅" --attendees 35',
  run: create,
};

export const raiseCommand: Declaration = {
  path: 'meeting raise',
  args: '<meeting> <issue>',
  help: '居民提问题 raise a topic at a meeting (M3, 3 or its title); prints its id, e.g. T7',
  options: [
    option('--demand <number>', '来自哪条诉求 the demand it comes from'),
    reference('by', 'resident', '提出的居民 the resident raising it'),
    minutesAt(),
  ],
  example: 'meeting raise M3 "小区停车位不足" --by 张三',
  run: raise,
};

export const proposeCommand: Declaration = {
  path: 'meeting propose',
  args: '<topic> <proposal>',
  help: '多方拟方案 a party proposes a plan for a topic (T7)',
  options: [reference('by', 'team', '提出方案的队伍 team proposing'), minutesAt()],
  example: 'meeting propose T7 "夜间开放学校操场停车" --by 物业公司',
  run: propose,
};

export const decideCommand: Declaration = {
  path: 'meeting decide',
  args: '<topic>',
  help: '会议作决议 vote on a proposal: it passes with more votes for than against',
  options: [
    option('--proposal <n>', '方案编号 proposal number'),
    option('--for <n>', '赞成票 votes for'),
    option('--against <n>', '反对票 votes against'),
    option('--abstain <n>', '弃权票 abstentions (default 0)'),
    minutesAt(),
  ],
  example: 'meeting decide T7 --proposal 1 --for 30 --against 3 --abstain 2',
  run: decide,
};

export const taskCommand: Declaration = {
  path: 'meeting task',
  args: '<topic> <action>',
  help: '分工抓落实 divide the work: creates a demand (channel meeting) assigned to the team',
  options: [reference('to', 'team', '承办队伍 team'), due(), minutesAt()],
  example: 'meeting task T7 "与学校签订停车协议" --to 物业公司 --due 2026-12-31',
  run: task,
};

export const evaluateCommand: Declaration = {
  path: 'meeting evaluate',
  args: '<topic> [rating]',
  help: `效果大家评 evaluate: ${codesText(rating)}; every task must be resolved`,
  options: [option('--comment <text>', '评价意见 comment'), minutesAt()],
  example: 'meeting evaluate T7 满意 --comment "停车难明显缓解"',
  run: evaluate,
};

export const listCommand: Declaration = {
  path: 'meeting list',
  help: '列出会议与未结议题 meetings, and the open topics carried over',
  example: 'meeting list --json',
  rows: true,
  run: list,
};

export const showCommand: Declaration = {
  path: 'meeting show',
  args: '<meeting|topic>',
  help: '五步法看板 the five-step board of a meeting (M3, 3 or its title), or one topic (T7)',
  example: 'meeting show M3',
  run: show,
};
