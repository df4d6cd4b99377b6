import { bi, inLang } from '../../domain/errors.js';
import * as codes from '../../domain/codes.js';
import * as meetings from '../../services/meeting.service.js';
import { meetingId, topicId } from '../../services/meeting.service.js';
import { runCommand, type Scope } from '../../services/session.js';
import { withScope, type Cli } from '../context.js';
import { atOption, dueOption } from '../dates.js';
import type { Ask } from '../prompts.js';
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
import {
  argument,
  argumentAs,
  asked,
  at,
  codesText,
  command,
  due,
  fallback,
  option,
  reference,
  type GivenOf,
  type ValuesOf,
} from '../declare.js';

/** Prints a topic that a command just moved: the headline and its block of the board. */
function printTopic(cli: Cli, scope: Scope, topic: meetings.TopicDetail, headline: string): void {
  if (cli.json) return printJson(cli, topicRecord(topic, scope.timeZone, scope.now));
  cli.io.stdout(`${cli.color.green(headline)}\n${renderTopic(cli, topic, scope.timeZone)}`);
}

/** A search prompt over the community's teams (for --by and --to). */
function teamAsk(scope: Scope, key: string, message: string, lang: codes.Lang): Ask {
  return { key, type: 'search', message, source: teamChoices(scope, lang) };
}

async function create(cli: Cli, o: ValuesOf<typeof createDeclared>): Promise<void> {
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

async function raise(cli: Cli, o: ValuesOf<typeof raiseDeclared>): Promise<void> {
  await withScope(cli, async (scope) => {
    const topic = await runCommand(scope, (tx) => meetings.raiseTopic(tx, scope, { ...o, at: atOption(o.at, scope) }));
    printTopic(
      cli,
      scope,
      topic,
      inLang(bi(`已提出议题 ${topicId(topic.id)}`, `Topic ${topicId(topic.id)} raised`), cli.lang),
    );
  });
}

async function propose(cli: Cli, _: unknown, given: GivenOf<typeof proposeDeclared>): Promise<void> {
  await withScope(cli, async (scope) => {
    const { topic, ...o } = await given.ask([
      teamAsk(scope, 'by', inLang(bi('提出方案的队伍', 'Team proposing'), cli.lang), cli.lang),
    ]);
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

async function decide(cli: Cli, _: unknown, given: GivenOf<typeof decideDeclared>): Promise<void> {
  const L = cli.lang;
  await withScope(cli, async (scope) => {
    const o = await given.ask([
      {
        key: 'proposal',
        type: 'text',
        message: inLang(bi('表决哪个方案（编号）', 'Which proposal (n)'), L),
        validate: given.check('proposal'),
      },
      { key: 'for', type: 'text', message: inLang(bi('赞成票', 'Votes for'), L), validate: given.check('for') },
      {
        key: 'against',
        type: 'text',
        message: inLang(bi('反对票', 'Votes against'), L),
        validate: given.check('against'),
      },
    ]);
    const { topic: detail, passed } = await runCommand(scope, (tx) =>
      meetings.decide(tx, scope, { ...o, at: atOption(o.at, scope) }),
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

async function task(cli: Cli, _: unknown, given: GivenOf<typeof taskDeclared>): Promise<void> {
  await withScope(cli, async (scope) => {
    const o = await given.ask([
      teamAsk(scope, 'to', inLang(bi('承办队伍', 'Team to carry it out'), cli.lang), cli.lang),
    ]);
    const { topic: detail, demand } = await runCommand(scope, (tx) =>
      meetings.addTask(tx, scope, { ...o, due: dueOption(o.due, scope), at: atOption(o.at, scope) }),
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

async function evaluate(cli: Cli, _: unknown, given: GivenOf<typeof evaluateDeclared>): Promise<void> {
  await withScope(cli, async (scope) => {
    const o = await given.ask([
      {
        key: 'rating',
        positional: true,
        type: 'code',
        list: codes.rating,
        message: inLang(bi('效果评价', 'Evaluation'), cli.lang),
      },
    ]);
    const detail = await runCommand(scope, (tx) => meetings.evaluate(tx, scope, { ...o, at: atOption(o.at, scope) }));
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

async function list(cli: Cli): Promise<void> {
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
async function show(cli: Cli, { meeting: ref }: ValuesOf<typeof showDeclared>): Promise<void> {
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

/** A topic, `T7`, as typed: the service finds it. */
const topicArgument = () => argument('<topic>', (r) => r.asTyped());

const createDeclared = command({
  path: 'meeting new',
  args: [argument('<title>', (r) => r.text())],
  help: '召开会议 open a meeting (prints its id, e.g. M3)',
  options: [
    at('会议时间 when it is held (default now)'),
    option('--attendees <n>', '出席人数 attendees', (r) => r.integer(0)),
  ],
  example: 'meeting new "11月红色议事厅" --attendees 35',
});
export const createCommand = createDeclared.runs(create);

const raiseDeclared = command({
  path: 'meeting raise',
  args: [argument('<meeting>', (r) => r.asTyped()), argument('<issue>', (r) => r.text())],
  help: '居民提问题 raise a topic at a meeting (M3, 3 or its title); prints its id, e.g. T7',
  options: [
    option('--demand <number>', '来自哪条诉求 the demand it comes from', (r) => r.asTyped()),
    reference('by', 'resident', '提出的居民 the resident raising it', (r) => r.text()),
    minutesAt(),
  ],
  example: 'meeting raise M3 "小区停车位不足" --by 张三',
});
export const raiseCommand = raiseDeclared.runs(raise);

const proposeDeclared = command({
  path: 'meeting propose',
  args: [topicArgument(), argument('<proposal>', (r) => r.text())],
  help: '多方拟方案 a party proposes a plan for a topic (T7)',
  options: [asked(reference('by', 'team', '提出方案的队伍 team proposing', (r) => r.text())), minutesAt()],
  example: 'meeting propose T7 "夜间开放学校操场停车" --by 物业公司',
});
export const proposeCommand = proposeDeclared.runs(propose);

const decideDeclared = command({
  path: 'meeting decide',
  args: [topicArgument()],
  help: '会议作决议 vote on a proposal: it passes with more votes for than against',
  options: [
    asked(option('--proposal <n>', '方案编号 proposal number', (r) => r.integer(1))),
    asked(option('--for <n>', '赞成票 votes for', (r) => r.integer(0))),
    asked(option('--against <n>', '反对票 votes against', (r) => r.integer(0))),
    fallback(
      option('--abstain <n>', '弃权票 abstentions (default 0)', (r) => r.integer(0)),
      0,
    ),
    minutesAt(),
  ],
  example: 'meeting decide T7 --proposal 1 --for 30 --against 3 --abstain 2',
});
export const decideCommand = decideDeclared.runs(decide);

const taskDeclared = command({
  path: 'meeting task',
  args: [topicArgument(), argument('<action>', (r) => r.text())],
  help: '分工抓落实 divide the work: creates a demand (channel meeting) assigned to the team',
  options: [asked(reference('to', 'team', '承办队伍 team', (r) => r.text())), due(), minutesAt()],
  example: 'meeting task T7 "与学校签订停车协议" --to 物业公司 --due 2026-12-31',
});
export const taskCommand = taskDeclared.runs(task);

const evaluateDeclared = command({
  path: 'meeting evaluate',
  args: [topicArgument(), asked(argument('[rating]', (r) => r.code(rating)))],
  help: `效果大家评 evaluate: ${codesText(rating)}; every task must be resolved`,
  options: [option('--comment <text>', '评价意见 comment', (r) => r.asTyped()), minutesAt()],
  example: 'meeting evaluate T7 满意 --comment "停车难明显缓解"',
});
export const evaluateCommand = evaluateDeclared.runs(evaluate);

export const listCommand = command({
  path: 'meeting list',
  help: '列出会议与未结议题 meetings, and the open topics carried over',
  example: 'meeting list --json',
  rows: true,
}).runs(list);

const showDeclared = command({
  path: 'meeting show',
  args: [
    argumentAs(
      'meeting',
      argument('<meeting|topic>', (r) => r.asTyped()),
    ),
  ],
  help: '五步法看板 the five-step board of a meeting (M3, 3 or its title), or one topic (T7)',
  example: 'meeting show M3',
});
export const showCommand = showDeclared.runs(show);
