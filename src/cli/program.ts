import { Command, Help, Option } from 'commander';
import { csvRefused, makeCli, type Cli, type GlobalFlags } from './context.js';
import type { Io } from './io.js';
import { displayWidth, wrapText } from './render/table.js';

/**
 * The program for one command line. Only the command it names is built: building all ~40 with
 * their options cost more than the command itself. For help, for a name that is no command
 * (`hongwu lsit`, to suggest `list`) and whenever unsure, every command is built.
 */
export function programFor(io: Io, version: string, argv: readonly string[]): Command {
  const program = buildProgram(io, version, argv);
  const named = commandNamed(program, argv);
  const built = typeof named !== 'string' || program.commands.some((c) => c.name() === named || c.aliases().includes(named));
  return built ? program : buildProgram(io, version);
}

/**
 * The command a command line names (the first argument that is no global option or its value);
 * null for none at all (`--version`); undefined for every command (help, or unsure).
 */
function commandNamed(program: Command, argv: readonly string[]): string | null | undefined {
  let version = false;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (!arg.startsWith('-')) return arg;
    const option = program.options.find((o) => o.long === arg.split('=')[0] || o.short === arg);
    if (!option) return undefined;
    if (option.long === '--version') version = true;
    else if ((option.required || option.optional) && !arg.includes('=')) i++;
  }
  return version ? null : undefined;
}

/**
 * Every command, flag and help text of hongwu, wired in one place (SPEC §3). Actions load their
 * command module only when they run, so start-up pays for one command, not for all of them.
 * With `argv`, only the command it names is added (see `programFor`).
 */
export function buildProgram(io: Io, version: string, argv?: readonly string[]): Command {
  const program = new Command('hongwu');
  program
    .description('红物 hongwu — 红色物业社区治理：诉求受理、分派、办结、评价，志愿积分，红色议事厅，月度报表')
    .version(version, '-V, --version')
    .option('--db <path>', '数据库文件 database file (env HONGWU_DB)')
    .option('--community <code|name>', '社区 community (env HONGWU_COMMUNITY)')
    .option('--lang <zh|en>', '界面语言 display language (env HONGWU_LANG)')
    .option('--json', '输出 JSON output one JSON value')
    .option('--csv', '输出 CSV (listings)')
    .option('--no-color', '不用颜色 no colour (also NO_COLOR)')
    .option('--operator <name>', '经办人 who is acting (env HONGWU_OPERATOR)')
    .exitOverride()
    // Help asked for goes to stdout; help shown for a missing sub-command goes to stderr. Errors
    // are printed by main.ts, in the clerk's language, so commander's own are silenced.
    .configureOutput({ writeOut: (s) => io.stdout(s), writeErr: (s) => io.stderr(s), outputError: () => undefined })
    // Help wraps its descriptions to the terminal by columns, a Chinese character taking two and
    // Chinese text breaking between characters (commander counts characters and breaks at spaces).
    // When the terminal leaves a description fewer than 40 columns beside its term, it goes on the
    // lines below, indented (commander would leave it unwrapped, for the terminal to cut mid-word).
    .configureHelp({
      displayWidth,
      boxWrap: (text, width) => (width < 40 ? text : wrapText(text, width)),
      formatItem(this: Help, term, termWidth, description, helper) {
        const width = this.helpWidth ?? 80;
        if (!description || width - termWidth - 4 >= 40) return Help.prototype.formatItem.call(this, term, termWidth, description, helper);
        return `  ${term}\n${wrapText(description, Math.max(20, width - 6)).replace(/^/gm, '      ')}`;
      },
    })
    .showSuggestionAfterError(true);

  /**
   * Wraps an action: the global flags become a Cli, the arguments pass through. `--csv` is for
   * rows (`rows` marks the commands that print them); elsewhere it is refused before anything is
   * done, rather than ignored.
   */
  const act =
    <A extends unknown[]>(run: (cli: Cli, ...args: A) => Promise<void>, rows = false) =>
    async (...args: unknown[]) => {
      const command = args[args.length - 1] as Command;
      const cli = await makeCli(command.optsWithGlobals<GlobalFlags>(), io);
      if (cli.csv && !rows) throw csvRefused();
      const positional = args.slice(0, -2) as unknown[];
      const options = command.opts();
      await run(cli, ...([...positional, options] as A));
    };
  const collect = (value: string, previous: string[] = []) => [...previous, value];
  const named = argv && commandNamed(program, argv);
  const wanted = (name: string) => named === undefined || named === name;

  if (wanted('init')) {
    program
      .command('init')
      .description('创建或补全数据库与第一个社区（可重复运行） create the database and first community (idempotent); name it with --community <name>')
      .option('--code <code>', '社区代码 community code')
      .option('--street <name>', '所属街道 street office')
      .option('--timezone <IANA>', '时区 time zone (default Asia/Shanghai)')
      .option('--timed-days <n>', '限时结的办结天数 days to resolve a timed demand (default 7; new intakes only)')
      .action(act(async (cli, opts: Record<string, unknown>) => (await import('./commands/setup.command.js')).init(cli, opts)));
  }
  if (wanted('community')) {
    const community = program.command('community').description('社区 communities in this file');
    community
      .command('add <name>')
      .description('添加社区 add a community')
      .option('--code <code>', '社区代码 code')
      .option('--street <name>', '所属街道 street')
      .action(act(async (cli, name: string, opts: Record<string, unknown>) => (await import('./commands/setup.command.js')).communityAdd(cli, name, opts)));
    community
      .command('list')
      .description('列出社区 list communities')
      .action(act(async (cli) => (await import('./commands/setup.command.js')).communityList(cli), true));
  }
  if (wanted('team')) {
    const team = program.command('team').description('队伍 teams: 三方联动, 党员先锋队, 志愿服务队');
    team
      .command('add <name>')
      .description('添加队伍 add a team')
      .option('--kind <kind>', 'party_org|owners_committee|property|party_vanguard|volunteer|grid|other')
      .action(act(async (cli, name: string, opts: Record<string, unknown>) => (await import('./commands/team.command.js')).add(cli, name, opts)));
    team
      .command('list')
      .description('列出队伍 list teams')
      .action(act(async (cli) => (await import('./commands/team.command.js')).list(cli), true));
    team
      .command('show <team>')
      .description('查看队伍 show a team')
      .action(act(async (cli, ref: string) => (await import('./commands/team.command.js')).show(cli, ref)));
  }
  if (wanted('resident')) {
    const resident = program.command('resident').description('居民 residents and their special-group tags');
    resident
      .command('add <name>')
      .description('登记居民 register a resident')
      .option('--phone <p>', '电话 phone')
      .option('--address <building-unit-room>', '住址 address, e.g. 3-2-501')
      .option('--tag <tag>', '标签，可重复 tag (repeatable): party_member|elderly_alone|elderly|disabled|left_behind_child|building_leader|household_liaison|volunteer', collect)
      .option('--at <t>', '登记为何时起的居民 known since when (default now; tags count from then)')
      .action(act(async (cli, name: string, opts: Record<string, unknown>) => (await import('./commands/resident.command.js')).add(cli, name, opts)));
    resident
      .command('list')
      .description('列出居民 list residents')
      .option('--tag <tag>', '按标签筛选 only residents with this tag')
      .action(act(async (cli, opts: Record<string, unknown>) => (await import('./commands/resident.command.js')).list(cli, opts), true));
    resident
      .command('show <resident>')
      .description('查看居民（含完整电话，查看会被记录） show a resident, full phone (access is logged)')
      .action(act(async (cli, ref: string) => (await import('./commands/resident.command.js')).show(cli, ref)));
    resident
      .command('tag <resident> <tag>')
      .option('--at <t>', '何时起属于该群体 since when (the report counts the tag from then)')
      .description('给居民加标签 tag a resident')
      .action(act(async (cli, ref: string, tag: string, opts: Record<string, unknown>) => (await import('./commands/resident.command.js')).tag(cli, ref, tag, opts)));
  }
  if (wanted('intake')) {
    program
      .command('intake [summary]')
      .description('受理诉求 take in a demand')
      .option('--channel <ch>', '渠道 walk_in|phone|online|collection_point|grid|patrol|meeting (中文亦可)')
      .option('--category <cat>', '类别 parking|repair|environment|security|fire_safety|neighbour|noise|greening|utilities|fee|care|other')
      .option('--kind <kind>', '性质 request|complaint|dispute|suggestion (default request)')
      .option('--tier <tier>', '分级 immediate|timed|major (default timed)')
      .option('--resident <name|phone|id>', '居民 resident (with a new --phone, registers them)')
      .option('--phone <p>', '联系电话 contact phone')
      .option('--address <a>', '地址 address')
      .option('--due <date>', '办结期限 resolve by (required for major)')
      .option('--at <time>', '实际受理时间 when it was received (paper slips)')
      .addHelpText('after', '\n例 Example:\n  hongwu intake "3栋门口乱停车" --channel 电话 --category 停车 \\\n    --resident 张三 --phone 13812345678')
      .action(act(async (cli, summary: string | undefined, opts: Record<string, unknown>) => (await import('./commands/demand.command.js')).intake(cli, summary, opts)));
  }
  if (wanted('assign')) {
    program
      .command('assign <number>')
      .description('分派诉求 assign a demand to a team or a volunteer')
      .option('--to <team|resident>', '承办队伍或居民 team or resident')
      .option('--due <date>', '调整办结期限 move the resolve deadline')
      .option('--note <text>', '说明（如调整期限的原因） note, e.g. why the deadline moved')
      .option('--at <time>', '实际时间 when it happened')
      .action(act(async (cli, number: string, opts: Record<string, unknown>) => (await import('./commands/demand.command.js')).assign(cli, number, opts)));
  }
  if (wanted('resolve')) {
    program
      .command('resolve <number>')
      .description('办结诉求 resolve a demand')
      .option('--note <what was done>', '办理情况 what was done')
      .addOption(new Option('--outcome <outcome>', '结果 resolved|mediated|not_mediated|referred|unresolvable (default resolved)'))
      .option('--at <time>', '实际时间 when it happened')
      .action(act(async (cli, number: string, opts: Record<string, unknown>) => (await import('./commands/demand.command.js')).resolve(cli, number, opts)));
  }
  if (wanted('rate')) {
    program
      .command('rate <number> [rating]')
      .description('居民评价 rate: satisfied|basic|unsatisfied (满意|基本满意|不满意)')
      .option('--comment <text>', '评价意见 comment')
      .option('--final', '不满意也关闭，不再重办 close even when unsatisfied')
      .option('--at <time>', '实际时间 when it happened')
      .action(act(async (cli, number: string, rating: string | undefined, opts: Record<string, unknown>) => (await import('./commands/demand.command.js')).rate(cli, number, rating, opts)));
  }
  if (wanted('cancel')) {
    program
      .command('cancel <number>')
      .description('撤销误录的诉求 withdraw a demand entered by mistake')
      .option('--reason <text>', '原因 reason')
      .option('--at <time>', '实际时间 when it happened')
      .action(act(async (cli, number: string, opts: Record<string, unknown>) => (await import('./commands/demand.command.js')).cancel(cli, number, opts)));
  }
  if (wanted('list')) {
    program
      .command('list')
      .description('列出诉求（默认在办） list demands (default: open, assigned, resolved)')
      .option('--status <status>', 'open|assigned|resolved|closed|cancelled|overdue|all|active')
      .option('--month <YYYY-MM>', '受理月份 month received')
      .option('--category <c>', '类别 category')
      .option('--kind <k>', '性质 kind')
      .option('--resident <name|phone|id>', '某位居民的诉求（默认全部状态） one resident\'s demands (every status unless --status)')
      .option('--limit <n>', '最多几条 at most n rows')
      .action(act(async (cli, opts: Record<string, unknown>) => (await import('./commands/demand.command.js')).list(cli, opts), true));
  }
  if (wanted('show')) {
    program
      .command('show <number>')
      .description('查看诉求及办理记录 show a demand and its history')
      .action(act(async (cli, number: string) => (await import('./commands/demand.command.js')).show(cli, number)));
  }
  if (wanted('meeting')) {
    const meeting = program.command('meeting').description('红色议事厅 consultation meetings: 居民提问题 → 多方拟方案 → 会议作决议 → 分工抓落实 → 效果大家评');
    const meetingCommand = () => import('./commands/meeting.command.js');
    meeting
      .command('new <title>')
      .description('召开会议 open a meeting (prints its id, e.g. M3)')
      .option('--at <t>', '会议时间 when it is held (default now)')
      .option('--attendees <n>', '出席人数 attendees')
      .addHelpText('after', '\n例 Example:\n  hongwu meeting new "11月红色议事厅" --attendees 35')
      .action(act(async (cli, title: string, opts: Record<string, unknown>) => (await meetingCommand()).create(cli, title, opts)));
    meeting
      .command('raise <meeting> <issue>')
      .description('居民提问题 raise a topic at a meeting (M3, 3 or its title); prints its id, e.g. T7')
      .option('--demand <number>', '来自哪条诉求 the demand it comes from')
      .option('--by <resident>', '提出的居民 the resident raising it')
      .option('--at <t>', '实际时间 when it happened (minutes typed in later)')
      .action(act(async (cli, ref: string, issue: string, opts: Record<string, unknown>) => (await meetingCommand()).raise(cli, ref, issue, opts)));
    meeting
      .command('propose <topic> <proposal>')
      .description('多方拟方案 a party proposes a plan for a topic (T7)')
      .option('--by <team>', '提出方案的队伍 team proposing')
      .option('--at <t>', '实际时间 when it happened (minutes typed in later)')
      .action(act(async (cli, topic: string, proposal: string, opts: Record<string, unknown>) => (await meetingCommand()).propose(cli, topic, proposal, opts)));
    meeting
      .command('decide <topic>')
      .description('会议作决议 vote on a proposal: it passes with more votes for than against')
      .option('--proposal <n>', '方案编号 proposal number')
      .option('--for <n>', '赞成票 votes for')
      .option('--against <n>', '反对票 votes against')
      .option('--abstain <n>', '弃权票 abstentions (default 0)')
      .option('--at <t>', '实际时间 when it happened (minutes typed in later)')
      .action(act(async (cli, topic: string, opts: Record<string, unknown>) => (await meetingCommand()).decide(cli, topic, opts)));
    meeting
      .command('task <topic> <action>')
      .description('分工抓落实 divide the work: creates a demand (channel meeting) assigned to the team')
      .option('--to <team>', '承办队伍 team')
      .option('--due <date>', '办结期限 resolve by')
      .option('--at <t>', '实际时间 when it happened (minutes typed in later)')
      .action(act(async (cli, topic: string, action: string, opts: Record<string, unknown>) => (await meetingCommand()).task(cli, topic, action, opts)));
    meeting
      .command('evaluate <topic> [rating]')
      .description('效果大家评 evaluate: satisfied|basic|unsatisfied (满意|基本满意|不满意); every task must be resolved')
      .option('--comment <text>', '评价意见 comment')
      .option('--at <t>', '实际时间 when it happened (minutes typed in later)')
      .action(act(async (cli, topic: string, rating: string | undefined, opts: Record<string, unknown>) => (await meetingCommand()).evaluate(cli, topic, rating, opts)));
    meeting
      .command('list')
      .description('列出会议与未结议题 meetings, and the open topics carried over')
      .action(act(async (cli) => (await meetingCommand()).list(cli), true));
    meeting
      .command('show <meeting|topic>')
      .description('五步法看板 the five-step board of a meeting (M3, 3 or its title), or one topic (T7)')
      .action(act(async (cli, ref: string) => (await meetingCommand()).show(cli, ref)));
  }
  if (wanted('report')) {
    program
      .command('report')
      .description('月度报表 the monthly report; --community all rolls up every community')
      .option('--month <YYYY-MM|this|last>', '统计月份 month (default last; this = partial)')
      .option('--format <format>', '格式 table|md|csv|json (default table; --json = json; or from the --out extension)')
      .option('--out <file|dir>', '写入文件；目录则写 .md 和 .csv 两个文件 write a file, or .md and .csv into a folder (atomic)')
      .option('--bom', 'CSV 加 UTF-8 BOM（Excel/WPS 打开不乱码） UTF-8 BOM for Excel/WPS')
      .addHelpText('after', '\n例 Examples:\n  hongwu report --month 2026-10 --format md\n  0 6 1 * * HONGWU_DB=/srv/hongwu.db hongwu report --out /srv/reports/ --bom')
      .action(act(async (cli, opts: Record<string, unknown>) => (await import('./commands/report.command.js')).report(cli, opts), true));
  }
  if (wanted('points')) {
    const pointsCommand = () => import('./commands/points.command.js');
    const pointsGroup = program.command('points').description('志愿积分与爱心超市 volunteer points and the love supermarket');
    pointsGroup
      .command('earn <resident> <points>')
      .description('记积分 credit a resident for volunteer service')
      .option('--reason <reason>', '事由 patrol|cleanup|persuasion|service|mediation|other (巡逻|环境整治|文明劝导|志愿服务|矛盾调解|其他)')
      .option('--note <text>', '说明 note')
      .option('--at <time>', '实际时间 when it happened')
      .addHelpText('after', '\n例 Example:\n  hongwu points earn 张三 10 --reason 巡逻 --note "夜间巡逻两小时"')
      .action(act(async (cli, resident: string, n: string, opts: Record<string, unknown>) => (await pointsCommand()).earn(cli, resident, n, opts)));
    pointsGroup
      .command('activity <title>')
      .description('记录队伍的一次志愿活动，参与者各得积分（全部成功或全部不记） record a team activity; every participant is credited, or none')
      .option('--team <team>', '组织队伍 the team that held it')
      .option('--reason <reason>', '事由 patrol|cleanup|persuasion|service|mediation|other')
      .option('--points <n>', '每人积分 points for each participant')
      .option('--participants <r1,r2,...>', '参与居民，逗号分隔（姓名、电话或 ID） participants: names, phones or ids, comma-separated')
      .option('--at <time>', '实际时间 when it happened')
      .addHelpText('after', '\n例 Example:\n  hongwu points activity "周六夜间巡逻" --team 党员先锋队 --reason patrol \\\n    --points 10 --participants 张三,李四,#12')
      .action(act(async (cli, title: string, opts: Record<string, unknown>) => (await pointsCommand()).activity(cli, title, opts)));
    const pointsItem = pointsGroup.command('item').description('爱心超市物品 items of the love supermarket');
    pointsItem
      .command('add <name>')
      .description('添加物品或服务 add goods or a service')
      .option('--cost <points>', '兑换所需积分 cost in points')
      .option('--stock <n>', '库存（不填为不限） stock (omitted: unlimited)')
      .option('--kind <kind>', '类型 goods|service (物品|服务), default goods')
      .action(act(async (cli, name: string, opts: Record<string, unknown>) => (await pointsCommand()).itemAdd(cli, name, opts)));
    pointsItem
      .command('list')
      .description('列出物品 list items')
      .action(act(async (cli) => (await pointsCommand()).itemList(cli), true));
    pointsItem
      .command('restock <item> <n>')
      .description('补货 add n to an item\'s stock')
      .action(act(async (cli, ref: string, n: string) => (await pointsCommand()).itemRestock(cli, ref, n)));
    pointsGroup
      .command('redeem <resident> <item>')
      .description('积分兑换 redeem points for an item (cost × qty)')
      .option('--qty <n>', '数量 quantity (default 1)')
      .option('--at <time>', '实际时间 when it happened')
      .action(act(async (cli, resident: string, ref: string, opts: Record<string, unknown>) => (await pointsCommand()).redeem(cli, resident, ref, opts)));
    pointsGroup
      .command('reverse <entry>')
      .description('冲正一条流水（追加相反的一条，唯一的更正方式） reverse an entry: the only correction')
      .option('--reason <text>', '冲正原因 why')
      .option('--at <t>', '实际时间 when it happened')
      .action(act(async (cli, entry: string, opts: Record<string, unknown>) => (await pointsCommand()).reverse(cli, entry, opts)));
    pointsGroup
      .command('balance [resident]')
      .description('积分余额（不填居民则列出全部） balance of one resident, or of everyone with points')
      .action(act(async (cli, resident: string | undefined) => (await pointsCommand()).balance(cli, resident), true));
    pointsGroup
      .command('ledger [resident]')
      .description('积分流水 the ledger, oldest first')
      .option('--month <YYYY-MM>', '月份 month')
      .action(act(async (cli, resident: string | undefined, opts: Record<string, unknown>) => (await pointsCommand()).ledger(cli, resident, opts), true));
  }
  if (wanted('demo')) {
    program
      .command('demo')
      .description('生成演示数据库并展示上月情况（不动正式数据库） build a realistic demo database (./hongwu-demo.db or --db) and show last month')
      .option('--yes', '覆盖已有文件 replace an existing file')
      .addHelpText('after', '\n例 Example:\n  hongwu demo && HONGWU_DB=hongwu-demo.db hongwu list --community 蓝色港湾')
      .action(act(async (cli, opts: Record<string, unknown>) => (await import('./commands/demo.command.js')).demo(cli, opts)));
  }
  if (wanted('backup')) {
    program
      .command('backup <file>')
      .description('备份数据库（他人可继续录入） a consistent copy while others keep working; <file> may be a folder')
      .option('--yes', '覆盖已有文件 replace an existing file')
      .addHelpText('after', '\n例 Example (cron, every night at 23:30):\n  30 23 * * * hongwu backup /srv/backup/hongwu-$(date +\\%F).db --yes')
      .action(act(async (cli, file: string, opts: Record<string, unknown>) => (await import('./commands/safety.command.js')).backup(cli, file, opts)));
  }
  if (wanted('doctor')) {
    program
      .command('doctor')
      .description('体检数据库：完整性、外键、结构版本、日志、权限、台账 check integrity, foreign keys, schema, journal, permissions, ledger')
      .action(act(async (cli) => (await import('./commands/safety.command.js')).doctor(cli)));
  }
  return program;
}
