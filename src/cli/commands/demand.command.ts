import { halfWidth } from '../../domain/half-width.js';
import * as codes from '../../domain/codes.js';
import { isHistory } from '../../domain/demand-state.js';
import { bi, inLang, UsageError } from '../../domain/errors.js';
import { formatShort } from '../../domain/time.js';
import * as demands from '../../services/demand.service.js';
import { communities } from '../../services/community.service.js';
import { checkedPhone } from '../../services/resident.service.js';
import { isEveryCommunity, runCommand, type Scope } from '../../services/session.js';
import { withScope, withSession, type Cli } from '../context.js';
import { WORDS } from '../i18n.js';
import { atOption, dueOption, monthOption } from '../dates.js';
import { askCode, askMissing, askText, type Ask } from '../prompts.js';
import { assigneeChoices, residentChoices } from '../searches.js';
import { exportCsv, exportJson, printJson, printTable } from '../render/listing.js';
import {
  demandDetailRecord,
  demandExport,
  demandHistoryExport,
  demandRecord,
  demandTable,
  renderDemand,
} from '../views/demand.view.js';
import {
  argument,
  asked,
  at,
  codeOption,
  codesText,
  command,
  due,
  flag,
  month as monthFlag,
  option,
  reference,
  type Given,
  type GivenOf,
  type ValuesOf,
} from '../declare.js';

/** Prints a demand that a command just changed, with the next step on stderr. */
export function printChanged(
  cli: Cli,
  scope: Scope,
  demand: demands.VisitedDemand,
  headline: string,
  next?: string,
): void {
  if (cli.json) return printJson(cli, demandRecord(demand, scope.timeZone, scope.now));
  cli.io.stdout(`${cli.color.green(headline)}\n${renderDemand(cli, demand, scope.timeZone, scope.now)}`);
  if (next) cli.io.stderr(`${cli.color.dim(next)}\n`);
}

/**
 * A step on one demand that asks on a terminal for what is missing (assign, resolve, rate, cancel,
 * visit): the demand's community is opened, the demand checked to take the step before the clerk
 * answers anything, then the values read and the step done (`work`).
 */
export function demandStep<V>(
  cli: Cli,
  number: string,
  given: Given<V>,
  step: Parameters<typeof demands.checkStep>[2],
  question: (scope: Scope) => Ask,
  work: (scope: Scope, o: V) => Promise<void>,
): Promise<void> {
  return withScope(
    cli,
    async (scope) => work(scope, await given.ask([question(scope)], () => demands.checkStep(scope, number, step))),
    number,
  );
}

/** The answer of the intake's resident prompt that links none. */
const NO_RESIDENT = '\u0000none';
/** The answer of the intake's resident prompt that registers the name after it (with a phone, asked next). */
const NEW_RESIDENT = '\u0000new:';

async function intake(cli: Cli, _: unknown, given: GivenOf<typeof intakeDeclared>): Promise<void> {
  const L = cli.lang;
  const values = given.values;
  await withScope(cli, async (scope) => {
    const dueAsk: Ask = {
      key: 'due',
      type: 'text',
      message: inLang(bi('办结期限（如 2026-12-31）', 'Resolve by (e.g. 2026-12-31)'), L),
      validate: (v: string) => dueCheck(v, values.at, scope, L),
    };
    const isMajor = () =>
      typeof values.tier === 'string' && codes.parseCode(codes.tier, halfWidth(values.tier)) === 'major';
    const asks: Ask[] = [
      {
        key: 'summary',
        type: 'text',
        positional: true,
        message: inLang(bi('诉求内容', 'What does the resident need?'), L),
      },
      {
        key: 'channel',
        type: 'code',
        list: codes.channel,
        message: inLang(bi('受理渠道', 'Channel'), L),
      },
      {
        key: 'category',
        type: 'code',
        list: codes.category,
        message: inLang(bi('诉求类别', 'Category'), L),
      },
      ...(isMajor() ? [dueAsk] : []),
    ];
    // When the clerk is being asked anyway, the tier and the resident too: Enter on the first
    // choice takes 限时结 or skips the resident, and a demand linked to its resident counts in
    // care services and shows in list --resident. A full command line is never asked them.
    const asking = cli.interactive && asks.some((a) => values[a.key] === undefined || values[a.key] === '');
    if (asking && values.tier === undefined) {
      asks.push({
        key: 'tier',
        type: 'code',
        list: codes.tier,
        default: 'timed',
        message: inLang(bi('分级', 'Tier'), L),
      });
    }
    if (asking && values.resident === undefined && values.phone === undefined) {
      // A name alone creates nobody at intake: no 'as typed' row that could only fail; a name the
      // search does not know is offered for registration, with a phone asked next.
      const residents = residentChoices(scope, L, { asTyped: false });
      asks.push({
        key: 'resident',
        type: 'search',
        message: inLang(bi('居民（回车跳过）', 'Resident (Enter to skip)'), L),
        // Skipping is the first choice until something is typed, then the last.
        source: async (term) => {
          const skip = {
            name: inLang(bi('不登记居民', 'no resident'), L),
            value: NO_RESIDENT,
          };
          if (!term) return [skip];
          const found = await residents(term);
          const name = term.trim();
          const register = {
            name: inLang(bi(`登记新居民“${name}”（接着填电话）`, `register "${name}" as a resident (phone next)`), L),
            value: `${NEW_RESIDENT}${name}`,
            short: name,
          };
          return [...found, ...(found.length === 0 && name ? [register] : []), skip];
        },
      });
    }
    await askMissing(cli, values, asks);
    if (values.resident === NO_RESIDENT) delete values.resident;
    if (typeof values.resident === 'string' && values.resident.startsWith(NEW_RESIDENT)) {
      // The service registers a new name with its phone in the intake's own transaction.
      values.resident = values.resident.slice(NEW_RESIDENT.length);
      await askMissing(cli, values, [
        {
          key: 'phone',
          type: 'text',
          message: inLang(bi('新居民的电话', "The new resident's phone"), L),
          validate: (v) => phoneCheck(v, L),
        },
      ]);
    }
    // A tier chosen at the prompt may be 专项推, which needs its deadline.
    if (isMajor()) await askMissing(cli, values, [dueAsk]);
    const o = given.read();
    const demand = await runCommand(scope, (tx) =>
      demands.intake(tx, scope, {
        ...o,
        due: dueOption(o.due, scope),
        at: atOption(o.at, scope),
      }),
    );
    if (demand.calendarMissing.length) {
      const years = demand.calendarMissing.join(inLang(WORDS.and, L));
      cli.io.stderr(
        inLang(
          bi(
            `注意：日历里还没有 ${years} 年的节假日，期限只按周末计算；导入后：hongwu calendar import <文件>\n`,
            `Note: the calendar does not know ${years} yet; the deadline was counted on weekends only. Load it ` +
              `with hongwu calendar import <file>\n`,
          ),
          L,
        ),
      );
    }
    printChanged(
      cli,
      scope,
      demand,
      inLang(bi(`已受理 ${demand.number}`, `Received ${demand.number}`), L),
      inLang(
        bi(
          `下一步：hongwu assign ${demand.number} --to <队伍或志愿者>`,
          `Next: hongwu assign ${demand.number} --to <team or volunteer>`,
        ),
        L,
      ),
    );
  });
}

/** A phone typed at the prompt, read as `--phone` is, or what is wrong with it. */
function phoneCheck(value: string, L: codes.Lang): true | string {
  try {
    checkedPhone(value);
    return true;
  } catch (e) {
    if (!(e instanceof UsageError)) throw e;
    return inLang(e.hintText ?? e.text, L);
  }
}

/**
 * A deadline typed at the prompt, read as `--due` is: a date or time after the intake (`--at`, else
 * now), or what is wrong with it.
 */
function dueCheck(value: string, at: unknown, scope: Scope, L: codes.Lang): true | string {
  let from = scope.now;
  try {
    from = (typeof at === 'string' ? atOption(at, scope) : undefined) ?? scope.now;
  } catch {
    // A malformed --at is the command's to report, once the prompt is answered.
  }
  let due: Date;
  try {
    due = dueOption(value, scope)!;
  } catch {
    return inLang(
      bi('请写日期，如 2026-12-31 或 2026-12-31 17:00', 'give a date such as 2026-12-31 or 2026-12-31 17:00'),
      L,
    );
  }
  return due > from || inLang(bi('期限须晚于受理时间', 'the deadline must be after the intake'), L);
}

async function assign(cli: Cli, { number }: ValuesOf<typeof assignDeclared>, given: GivenOf<typeof assignDeclared>) {
  const to = (scope: Scope): Ask => ({
    key: 'to',
    type: 'search',
    message: inLang(bi('分派给（队伍或居民）', 'Assign to (team or resident)'), cli.lang),
    source: assigneeChoices(scope, cli.lang),
  });
  await demandStep(cli, number, given, 'assign', to, async (scope, o) => {
    const demand = await runCommand(scope, (tx) =>
      demands.assign(tx, scope, {
        number,
        to: o.to,
        note: o.note,
        due: dueOption(o.due, scope),
        at: atOption(o.at, scope),
      }),
    );
    printChanged(
      cli,
      scope,
      demand,
      inLang(
        bi(`已分派 ${demand.number} → ${demand.assignee_name}`, `Assigned ${demand.number} → ${demand.assignee_name}`),
        cli.lang,
      ),
      inLang(
        bi(
          `办结后：hongwu resolve ${demand.number} --note <办理情况>`,
          `When done: hongwu resolve ${demand.number} --note <what was done>`,
        ),
        cli.lang,
      ),
    );
  });
}

async function resolve(cli: Cli, { number }: ValuesOf<typeof resolveDeclared>, given: GivenOf<typeof resolveDeclared>) {
  const note = () => askText(cli, 'note', bi('办理情况', 'What was done?'));
  await demandStep(cli, number, given, 'resolve', note, async (scope, o) => {
    const demand = await runCommand(scope, (tx) => demands.resolve(tx, scope, { ...o, at: atOption(o.at, scope) }));
    printChanged(
      cli,
      scope,
      demand,
      inLang(bi(`已办结 ${demand.number}`, `Resolved ${demand.number}`), cli.lang),
      inLang(
        bi(
          `回访后：hongwu rate ${demand.number} 满意|基本满意|不满意`,
          `After the follow-up: hongwu rate ${demand.number} satisfied|basic|unsatisfied`,
        ),
        cli.lang,
      ),
    );
    // Accepted (a neighbour complaint may well be mediated), but only disputes count in the report.
    if ((o.outcome === 'mediated' || o.outcome === 'not_mediated') && demand.kind !== 'dispute') {
      const kind = inLang(
        bi(codes.label(codes.kind, demand.kind, 'zh'), codes.label(codes.kind, demand.kind, 'en').toLowerCase()),
        cli.lang,
      );
      cli.io.stderr(
        inLang(
          bi(
            `说明：${demand.number} 的性质是“${kind}”，调解结果只在矛盾纠纷中计入调解成功率\n`,
            `Note: ${demand.number} is a ${kind}; a mediation outcome counts toward the mediation success ` +
              `rate only for disputes\n`,
          ),
          cli.lang,
        ),
      );
    }
  });
}

async function rate(cli: Cli, { number }: ValuesOf<typeof rateDeclared>, given: GivenOf<typeof rateDeclared>) {
  const rating = () => askCode(cli, 'rating', codes.rating, bi('居民评价', 'Rating'));
  await demandStep(cli, number, given, 'rate', rating, async (scope, o) => {
    const demand = await runCommand(scope, (tx) => demands.rate(tx, scope, { ...o, at: atOption(o.at, scope) }));
    const reopened = demand.status === 'open' || demand.status === 'assigned';
    printChanged(
      cli,
      scope,
      demand,
      reopened
        ? inLang(bi(`${demand.number} 不满意，已重新打开`, `${demand.number} rated unsatisfied: reopened`), cli.lang)
        : inLang(bi(`${demand.number} 已评价并关闭`, `${demand.number} rated and closed`), cli.lang),
      reopened
        ? inLang(
            bi('原期限不变；继续办理后再次 hongwu resolve', 'The deadlines stay; resolve it again when done'),
            cli.lang,
          )
        : undefined,
    );
  });
}

async function cancel(cli: Cli, { number }: ValuesOf<typeof cancelDeclared>, given: GivenOf<typeof cancelDeclared>) {
  const reason = () => askText(cli, 'reason', bi('撤销原因', 'Why is it withdrawn?'));
  await demandStep(cli, number, given, 'cancel', reason, async (scope, o) => {
    const demand = await runCommand(scope, (tx) =>
      demands.cancel(tx, scope, {
        number,
        reason: o.reason,
        at: atOption(o.at, scope),
      }),
    );
    printChanged(cli, scope, demand, inLang(bi(`已撤销 ${demand.number}`, `Cancelled ${demand.number}`), cli.lang));
  });
}

async function show(cli: Cli, { number }: ValuesOf<typeof showDeclared>): Promise<void> {
  await withScope(
    cli,
    async (scope) => {
      const demand = await demands.showDemand(scope, number);
      if (cli.json) return printJson(cli, demandDetailRecord(demand, scope.timeZone, scope.now));
      cli.io.stdout(renderDemand(cli, demand, scope.timeZone, scope.now));
    },
    number,
  );
}

const STATUS_FILTERS = [...codes.status.codes, 'overdue', 'paused', 'all', 'active'] as const;
/** The filters beyond the statuses, as a clerk may call them (the statuses go by their labels). */
const FILTER_WORDS: Record<string, { zh: string; en: string; also: string[] }> = {
  overdue: { zh: '已超期', en: 'overdue', also: ['超期', '逾期'] },
  paused: { zh: '挂起中', en: 'paused', also: ['挂起'] },
  all: { zh: '全部', en: 'all', also: ['所有'] },
  active: { zh: '在办', en: 'active', also: ['未办结', '办理中'] },
};
function statusFilter(typed: string): string | undefined {
  const text = halfWidth(typed).trim();
  const status = codes.parseCode(codes.status, text);
  if (status) return status;
  const word = Object.entries(FILTER_WORDS).find(
    ([code, w]) => code === text.toLowerCase() || w.zh === text || w.also.includes(text),
  );
  return word?.[0];
}
/**
 * The communities a listing looks in: the chosen one, or with `--community all` every one, whose
 * names the table then shows in a column (JSON and CSV always carry the community's code).
 */
async function withListScope(
  cli: Cli,
  work: (scope: demands.ListScope, communityNames?: ReadonlyMap<number, string>) => Promise<void>,
): Promise<void> {
  if (!isEveryCommunity(cli.communityRef)) return withScope(cli, (scope) => work(scope));
  await withSession(cli, { create: false }, async (session) => {
    const all = await communities(session);
    await work({ ...session, community: null }, new Map(all.map((c) => [c.id, c.name])));
  });
}

/** Rows a table shows at most; JSON and CSV always carry every row. */
const TABLE_LIMIT = 200;

async function list(cli: Cli, o: ValuesOf<typeof listDeclared>): Promise<void> {
  // A resident's demands: all of them unless --status says otherwise ("I called last week…").
  const status = o.status === undefined ? (o.resident === undefined ? 'active' : 'all') : statusFilter(o.status);
  if (status === undefined) {
    const zh = STATUS_FILTERS.map((s) => `${s}（${FILTER_WORDS[s]?.zh ?? codes.label(codes.status, s, 'zh')}）`).join(
      '、',
    );
    throw new UsageError(
      bi(`--status：不认识的值“${o.status}”`, `--status: unknown value "${o.status}"`),
      bi(`可用：${zh}`, `use one of ${STATUS_FILTERS.join(', ')}`),
    );
  }
  await withListScope(cli, async (scope, communityNames) => {
    const query: demands.ListInput = {
      status: status as demands.ListInput['status'],
      month: monthOption(o.month, scope),
      category: o.category,
      kind: o.kind,
      resident: o.resident,
      limit: o.limit,
    };
    // JSON and CSV carry every demand: read and written a chunk at a time.
    if (cli.json)
      return exportJson(cli, demands.visitedDemandChunksFor(scope, query), (d) =>
        demandRecord(d, scope.timeZone, scope.now),
      );
    if (cli.csv) {
      const names = communityNames ?? new Map(scope.community ? [[scope.community.id, scope.community.name]] : []);
      if (o.history)
        return exportCsv(
          cli,
          demandHistoryExport(scope.timeZone, scope.now, names),
          demands.historyChunksFor(scope, query),
        );
      return exportCsv(cli, demandExport(scope.timeZone, scope.now, names), demands.demandChunksFor(scope, query));
    }
    if (o.history) {
      throw new UsageError(
        bi('--history 用于 CSV 导出', '--history is for the CSV export'),
        bi(
          '请加 --csv（如 hongwu list --status all --csv --history）',
          'add --csv (e.g. hongwu list --status all --csv --history)',
        ),
      );
    }
    // People get the table, which reads a line of each demand, not every field; one more than the
    // page tells whether there are more. A page of history is its latest demands, so the extra one
    // is the oldest: first in order of intake.
    const page = o.limit ?? TABLE_LIMIT;
    const rows = await demands.listDemandLinesFor(scope, {
      ...query,
      limit: page + 1,
    });
    const history = isHistory(query.status ?? 'active');
    const shown = rows.length <= page ? rows : history ? rows.slice(1) : rows.slice(0, page);
    printTable(cli, demandTable(cli, shown, scope.timeZone, scope.now, query.status === 'cancelled', communityNames));
    if (shown.length < rows.length && o.limit !== undefined) {
      cli.io.stderr(
        history
          ? inLang(bi(`按 --limit 显示最近 ${page} 条\n`, `The latest ${page}, as --limit asks\n`), cli.lang)
          : inLang(bi(`按 --limit 显示前 ${page} 条\n`, `The first ${page}, as --limit asks\n`), cli.lang),
      );
    } else if (shown.length < rows.length) {
      cli.io.stderr(
        history
          ? inLang(
              bi(
                `只显示最近 ${page} 条；用 --limit、--csv 或 --json 查看更早的。\n`,
                `Showing the latest ${page}; use --limit, --csv or --json for earlier ones.\n`,
              ),
              cli.lang,
            )
          : inLang(
              bi(
                `只显示前 ${page} 条；用 --limit、--csv 或 --json 查看更多。\n`,
                `Showing the first ${page}; use --limit, --csv or --json for more.\n`,
              ),
              cli.lang,
            ),
      );
    } else if (rows.length) {
      cli.io.stderr(
        inLang(
          bi(
            `共 ${rows.length} 条 · ${formatShort(scope.now, scope.timeZone)}\n`,
            `${rows.length} demands · ${formatShort(scope.now, scope.timeZone)}\n`,
          ),
          cli.lang,
        ),
      );
    }
  });
}

const intakeDeclared = command({
  path: 'intake',
  args: [asked(argument('[summary]', (r) => r.text()))],
  help: '受理诉求 take in a demand',
  options: [
    asked(codeOption('--channel <ch>', '渠道 channel', codes.channel)),
    asked(codeOption('--category <cat>', '类别 category', codes.category)),
    codeOption('--kind <kind>', '性质 kind', codes.kind, 'request'),
    codeOption('--tier <tier>', '分级 tier', codes.tier, 'timed'),
    reference('resident', 'name|phone|id', '居民 resident (with a new --phone, registers them)', (r) => r.asTyped()),
    option('--phone <p>', '联系电话 contact phone', (r) => r.asTyped()),
    option('--address <a>', '地址 address', (r) => r.asTyped()),
    due('办结期限 resolve by (required for major)'),
    at('实际受理时间 when it was received (paper slips)'),
  ],
  example: 'intake "3栋门口乱停车" --channel 电话 --category 停车 \\\n    --resident 张三 --phone 13812345678',
});
export const intakeCommand = intakeDeclared.runs(intake);

/** A demand's number, as typed: the service finds it (SPEC §12). */
const demandNumber = () => argument('<number>', (r) => r.asTyped());

const assignDeclared = command({
  path: 'assign',
  args: [demandNumber()],
  help: '分派诉求 assign a demand to a team or a volunteer',
  options: [
    asked(reference('to', 'team|resident', '承办队伍或居民 team or resident', (r) => r.text())),
    due('调整办结期限 move the resolve deadline'),
    option('--note <text>', '说明（如调整期限的原因） note, e.g. why the deadline moved', (r) => r.asTyped()),
    at('实际时间 when it happened'),
  ],
  example: 'assign 202611-0007 --to 物业公司',
});
export const assignCommand = assignDeclared.runs(assign);

const resolveDeclared = command({
  path: 'resolve',
  args: [demandNumber()],
  help: '办结诉求 resolve a demand',
  options: [
    asked(option('--note <what was done>', '办理情况 what was done', (r) => r.text())),
    codeOption('--outcome <outcome>', '结果 outcome', codes.outcome, 'resolved'),
    at(),
  ],
  example: 'resolve 202611-0007 --note "已协调挪车，加装提示牌"',
});
export const resolveCommand = resolveDeclared.runs(resolve);

const rateDeclared = command({
  path: 'rate',
  args: [demandNumber(), asked(argument('[rating]', (r) => r.code(codes.rating)))],
  help: `居民评价 rate: ${codesText(codes.rating)}`,
  options: [
    option('--comment <text>', '评价意见 comment', (r) => r.asTyped()),
    flag('--final', '不满意也关闭，不再重办 close even when unsatisfied'),
    at(),
  ],
  example: 'rate 202611-0007 满意 --comment "处理及时"',
});
export const rateCommand = rateDeclared.runs(rate);

const cancelDeclared = command({
  path: 'cancel',
  args: [demandNumber()],
  help: '撤销误录的诉求 withdraw a demand entered by mistake',
  options: [asked(option('--reason <text>', '原因 reason', (r) => r.text())), at()],
  example: 'cancel 202611-0007 --reason 重复录入',
});
export const cancelCommand = cancelDeclared.runs(cancel);

const listDeclared = command({
  path: 'list',
  help: '列出诉求（默认在办） list demands (default: open, assigned, resolved)',
  options: [
    // Its own reader (statusFilter): the statuses and the filters beyond them, in the clerk's words.
    option('--status <status>', `状态 status：${codesText(codes.status)}；另有 also overdue|paused|all|active`, (r) =>
      r.asTyped(),
    ),
    monthFlag('受理月份 month received'),
    codeOption('--category <c>', '类别 category', codes.category),
    codeOption('--kind <k>', '性质 kind', codes.kind),
    reference(
      'resident',
      'name|phone|id',
      "某位居民的诉求（默认全部状态） one resident's demands (every status unless --status)",
      (r) => r.text(),
    ),
    option('--limit <n>', '最多几条 at most n rows', (r) => r.integer(1)),
    flag(
      '--history',
      "CSV 末尾加办理记录和回访记录（可原样导入） CSV with each demand's events and return visits (an exact import)",
    ),
  ],
  example: 'list --status overdue --csv',
  rows: true,
});
export const listCommand = listDeclared.runs(list);

const showDeclared = command({
  path: 'show',
  args: [demandNumber()],
  help: '查看诉求及办理记录 show a demand and its history',
  example: 'show 202611-0007',
});
export const showCommand = showDeclared.runs(show);
