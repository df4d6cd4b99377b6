import type { Community } from '../../db/schema.js';
import { TIER_SETTINGS } from '../../domain/deadlines.js';
import { formatDuration } from '../../domain/durations.js';
import {
  addCommunity,
  checkInitInput,
  communities,
  initDatabase,
  setCommunity,
  showCommunity,
  type CommunitySettings,
} from '../../services/community.service.js';
import { chooseCommunity, runCommand } from '../../services/session.js';
import { withSession, type Cli } from '../context.js';
import { bi, inLang, UsageError } from '../../domain/errors.js';
import { WORDS } from '../i18n.js';
import { askMissing } from '../prompts.js';
import { printJson, printListing } from '../render/listing.js';
import { parseCareInterval } from '../../domain/care.js';
import { label, residentTag } from '../../domain/codes.js';
import { argument, command, option, repeatable, type ValuesOf } from '../declare.js';

const communityRecord = (c: Community) => ({
  id: c.id,
  code: c.code,
  name: c.name,
  street: c.street,
});

/**
 * `hongwu init`: creates (or completes) the database; safe to run again. What it is given is
 * checked first: a mistyped time zone makes no file.
 */
async function init(cli: Cli, o: ValuesOf<typeof initDeclared>): Promise<void> {
  checkInitInput({
    community: cli.communityRef,
    code: o.code,
    timeZone: o.timezone,
  });
  await withSession(cli, { create: true }, async (session) => {
    // The first community's name: asked at a terminal rather than a 默认社区 nobody can rename, or
    // HONGWU_COMMUNITY taken silently (often another file's code, left set in the shell) — offered.
    const asking = cli.interactive && cli.communityFlag === undefined && (await communities(session)).length === 0;
    const values: Record<string, unknown> = {
      community: asking ? undefined : cli.communityRef,
    };
    if (asking) {
      await askMissing(cli, values, [
        {
          key: 'community',
          type: 'text',
          message: inLang(bi('社区名称（如 蓝色港湾）', 'Community name (e.g. 蓝色港湾)'), cli.lang),
          default: cli.communityRef,
        },
      ]);
    }
    const community = values.community === undefined ? undefined : String(values.community);
    const result = await runCommand(session, (tx) =>
      initDatabase(tx, session, {
        community,
        code: o.code,
        street: o.street,
        timeZone: o.timezone,
        timedDays: o.timedDays,
      }),
    );
    if (cli.json) {
      return printJson(cli, {
        db: cli.dbPath,
        timezone: result.timeZone,
        timed_days: result.timedDays,
        community: communityRecord(result.community),
        created: result.created,
        teams_created: result.teamsCreated,
      });
    }
    const L = cli.lang;
    const c = result.community;
    cli.io.stdout(
      result.created
        ? inLang(
            bi(
              `已创建社区「${c.name}」（代码 ${c.code}），数据库：${cli.dbPath}\n`,
              `Created community "${c.name}" (code ${c.code}) in ${cli.dbPath}\n`,
            ),
            L,
          )
        : inLang(
            bi(
              `数据库已就绪：${cli.dbPath}（社区「${c.name}」）\n`,
              `Database ready: ${cli.dbPath} (community "${c.name}")\n`,
            ),
            L,
          ),
    );
    for (const team of result.teamsCreated) cli.io.stdout(inLang(bi(`  + 队伍 ${team}\n`, `  + team ${team}\n`), L));
    const before = result.timedDaysBefore;
    cli.io.stderr(
      inLang(
        bi(
          `时区 ${result.timeZone}，限时结 ${result.timedDays} 天` +
            `${before === undefined ? '' : `（原 ${before} 天；只影响此后受理的诉求）`}。\n下一步：hongwu intake "<诉求>" --channel 电话 ` +
            `--category 停车\n`,
          `Time zone ${result.timeZone}, timed demands ${result.timedDays} days` +
            `${before === undefined ? '' : ` (were ${before}; demands taken in from now on)`}.\nNext: hongwu ` +
            `intake "<summary>" --channel phone --category parking\n`,
        ),
        L,
      ),
    );
  });
}

async function communityAdd(cli: Cli, o: ValuesOf<typeof communityAddDeclared>): Promise<void> {
  await withSession(cli, { create: false }, async (session) => {
    const { community, teamsCreated } = await runCommand(session, (tx) => addCommunity(tx, session, o));
    // From the second community on, a plain command no longer knows which one it means (SPEC §12).
    const n = (await communities(session)).length;
    if (n > 1) {
      cli.io.stderr(
        inLang(
          bi(
            `文件里现在有 ${n} 个社区：此后的命令需用 --community <代码|名称> 或环境变量 HONGWU_COMMUNITY 指明社区（给出诉求编号的命令按编号找到其社区）\n`,
            `the file now holds ${n} communities: commands now need --community <code|name> or env ` +
              `HONGWU_COMMUNITY (a command given a demand number finds its community by the number)\n`,
          ),
          cli.lang,
        ),
      );
    }
    if (cli.json)
      return printJson(cli, {
        ...communityRecord(community),
        teams_created: teamsCreated,
      });
    cli.io.stdout(
      inLang(
        bi(
          `已添加社区「${community.name}」（代码 ${community.code}）\n`,
          `Added community "${community.name}" (code ${community.code})\n`,
        ),
        cli.lang,
      ),
    );
    for (const team of teamsCreated) cli.io.stdout(inLang(bi(`  + 队伍 ${team}\n`, `  + team ${team}\n`), cli.lang));
  });
}

async function communityList(cli: Cli): Promise<void> {
  await withSession(cli, { create: false }, async (session) => {
    const L = cli.lang;
    printListing(cli, {
      rows: await communities(session),
      record: communityRecord,
      fields: ['id', 'code', 'name', 'street'],
      columns: { name: { header: 'community' } },
      header: [inLang(WORDS.id, L), inLang(WORDS.code, L), inLang(WORDS.community, L), inLang(WORDS.street, L)],
      cells: (c) => [c.id, c.code, c.name, c.street],
      empty: inLang(
        bi('还没有社区：hongwu init --community <名称>', 'No community yet: hongwu init --community <name>'),
        L,
      ),
    });
  });
}

/** `hongwu community set <c> --timed-resolve 5wd …`: new durations apply to demands taken in after. */
async function communitySet(cli: Cli, { community: ref, ...o }: ValuesOf<typeof communitySetDeclared>): Promise<void> {
  const { maxPoints, careInterval, ...tiers } = o;
  if (Object.values(o).every((v) => v === undefined)) {
    throw new UsageError(
      bi('没有要修改的设置', 'nothing to set'),
      bi(
        '例如：hongwu community set <社区> --timed-resolve 5wd（hongwu community set --help 查看全部）',
        'e.g. hongwu community set <community> --timed-resolve 5wd (see hongwu community set --help)',
      ),
    );
  }
  await withSession(cli, { create: false }, async (session) => {
    const scope = {
      ...session,
      community: await chooseCommunity(session, ref),
    };
    const settings = await runCommand(scope, (tx) =>
      setCommunity(tx, scope, {
        tiers,
        maxPoints,
        careIntervals: careInterval?.map(parseCareInterval),
      }),
    );
    printSettings(cli, settings);
    cli.io.stderr(
      inLang(
        bi(
          '新时限只用于此后受理的诉求；已有诉求的期限不变。\n',
          'New durations apply to demands taken in from now on; existing deadlines stay.\n',
        ),
        cli.lang,
      ),
    );
  });
}

async function communityShow(cli: Cli, { community: ref }: ValuesOf<typeof communityShowDeclared>): Promise<void> {
  await withSession(cli, { create: false }, async (session) => printSettings(cli, await showCommunity(session, ref)));
}

const SETTING_LABELS: Record<(typeof TIER_SETTINGS)[number]['key'], { zh: string; en: string }> = {
  immediateRespond: { zh: '即时办 响应', en: 'immediate: respond within' },
  immediateResolve: { zh: '即时办 办结', en: 'immediate: resolve within' },
  timedRespond: { zh: '限时结 响应', en: 'timed: respond within' },
  timedResolve: { zh: '限时结 办结', en: 'timed: resolve within' },
  majorRespond: { zh: '专项推 响应', en: 'major: respond within' },
};

function printSettings(cli: Cli, s: CommunitySettings): void {
  const L = cli.lang;
  const durations = Object.fromEntries(
    TIER_SETTINGS.map(({ key, setting }) => {
      const d = s.tiers[key];
      return [setting, d ? formatDuration(d) : null];
    }),
  );
  if (cli.json) {
    return printJson(cli, {
      ...communityRecord(s.community),
      tiers: durations,
      own: TIER_SETTINGS.filter((t) => s.own.includes(t.key)).map((t) => t.setting),
      max_points: s.maxPoints,
      care_intervals: Object.fromEntries(Object.entries(s.careIntervals).map(([tag, days]) => [tag, `${days}d`])),
    });
  }
  const sameDay = inLang(bi('当天（18:00 后次日）', 'the same day (next day after 18:00)'), L);
  const line = (label: string, value: string | number) => `  ${label}${L === 'en' ? ': ' : '：'}${value}`;
  const lines = TIER_SETTINGS.map(({ key, setting }) =>
    line(
      SETTING_LABELS[key][L],
      `${durations[setting] ?? sameDay}${s.own.includes(key) ? '' : inLang(bi('（默认）', ' (default)'), L)}`,
    ),
  );
  lines.push(line(inLang(bi('专项推 办结', 'major: resolve'), L), inLang(bi('按 --due', 'by --due'), L)));
  if (s.maxPoints !== null) lines.push(line(inLang(bi('单笔积分上限', 'most points per entry'), L), s.maxPoints));
  const intervals = Object.entries(s.careIntervals).map(([tag, days]) => `${label(residentTag, tag, L)} ${days}d`);
  lines.push(line(inLang(bi('关爱走访间隔', 'care visits every'), L), intervals.join(L === 'zh' ? '、' : ', ')));
  cli.io.stdout(`${cli.color.bold(`${s.community.name}（${s.community.code}）`)}\n${lines.join('\n')}\n`);
}

const initDeclared = command({
  path: 'init',
  help: '创建或补全数据库与第一个社区（可重复运行） create the database and first community (idempotent); name it with --community <name>',
  options: [
    option('--code <code>', '社区代码 community code', (r) => r.asTyped()),
    option('--street <name>', '所属街道 street office', (r) => r.asTyped()),
    option('--timezone <IANA>', '时区 time zone (default Asia/Shanghai)', (r) => r.asTyped()),
    // A year at most: the deadline is a date, and more than that is no longer a time limit.
    option('--timed-days <n>', '限时结的办结天数 days to resolve a timed demand (default 7; new intakes only)', (r) =>
      r.integer(1, 365),
    ),
  ],
  example: 'init --community 蓝色港湾 --code LSGW --street 朝阳门街道',
});
export const initCommand = initDeclared.runs(init);

const communityAddDeclared = command({
  path: 'community add',
  args: [argument('<name>', (r) => r.asTyped())],
  help: '添加社区 add a community',
  options: [
    option('--code <code>', '社区代码 code', (r) => r.asTyped()),
    option('--street <name>', '所属街道 street', (r) => r.asTyped()),
  ],
  example: 'community add 金色家园 --code JSJY --street 朝阳门街道',
});
export const communityAddCommand = communityAddDeclared.runs(communityAdd);

export const communityListCommand = command({
  path: 'community list',
  help: '列出社区 list communities',
  example: 'community list --csv',
  rows: true,
}).runs(communityList);

const communitySetDeclared = command({
  path: 'community set',
  args: [argument('<community>', (r) => r.asTyped())],
  help: "社区设置：各级时限（2h 小时 / 7d 自然日 / 5wd 工作日） set a community's tier durations and limits",
  options: [
    option('--immediate-respond <d>', '即时办响应时限 respond within (default 2h)', (r) => r.duration()),
    option(
      '--immediate-resolve <d>',
      '即时办办结时限 resolve within (default: the same day; next day after 18:00)',
      (r) => r.duration(),
    ),
    option('--timed-respond <d>', '限时结响应时限 respond within (default 24h)', (r) => r.duration()),
    option('--timed-resolve <d>', '限时结办结时限 resolve within (default 7d)', (r) => r.duration()),
    option('--major-respond <d>', '专项推响应时限 respond within (default 24h; resolve by --due)', (r) => r.duration()),
    option('--max-points <n>', '单笔积分上限 most points one entry may carry', (r) => r.integer(1)),
    repeatable(
      '--care-interval <group=Nd>',
      '关爱走访间隔，可重复 care-visit interval of a special group (repeatable; default elderly_alone=7d, the others 30d)',
      (r) => r.asTyped(),
    ),
  ],
  example: 'community set 蓝色港湾 --timed-resolve 5wd --major-respond 1wd --care-interval elderly_alone=7d',
});
export const communitySetCommand = communitySetDeclared.runs(communitySet);

const communityShowDeclared = command({
  path: 'community show',
  args: [argument('<community>', (r) => r.asTyped())],
  help: '查看社区设置 show a community and its tier durations',
  example: 'community show 蓝色港湾',
});
export const communityShowCommand = communityShowDeclared.runs(communityShow);
