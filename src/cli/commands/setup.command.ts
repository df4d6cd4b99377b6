import type { Community } from '../../db/schema.js';
import { addCommunity, communities, initDatabase } from '../../services/community.service.js';
import { withSession, type Cli } from '../context.js';
import { say, t } from '../i18n.js';
import { integer, lazySchema, parseOptions, z } from '../options.js';
import { askMissing } from '../prompts.js';
import { printJson, printListing } from '../render/listing.js';

const communityRecord = (c: Community) => ({ id: c.id, code: c.code, name: c.name, street: c.street });

const initSchema = lazySchema(() => z.object({
  code: z.optional(z.string()),
  street: z.optional(z.string()),
  timezone: z.optional(z.string()),
  // A year at most: the deadline is a date, and more than that is no longer a time limit.
  timedDays: z.optional(integer(1, 365)),
}));

/**
 * `hongwu init`: creates (or completes) the database; safe to run again. A file it made for a
 * command that then failed (a mistyped time zone) is removed again (`withSession`).
 */
export async function init(cli: Cli, raw: Record<string, unknown>): Promise<void> {
  const o = parseOptions(initSchema(), raw);
  await withSession(cli, { create: true }, async (session) => {
    // The first community's name: asked at a terminal rather than a 默认社区 nobody can rename, or
    // HONGWU_COMMUNITY taken silently (often another file's code, left set in the shell) — offered.
    const asking = cli.interactive && cli.communityFlag === undefined && (await communities(session)).length === 0;
    const values: Record<string, unknown> = { community: asking ? undefined : cli.communityRef };
    if (asking) {
      await askMissing(cli, values, [{ key: 'community', type: 'text', message: say(cli.lang, '社区名称（如 蓝色港湾）', 'Community name (e.g. 蓝色港湾)'), default: cli.communityRef }]);
    }
    const community = values.community === undefined ? undefined : String(values.community);
    const result = await initDatabase(session, { community, code: o.code, street: o.street, timeZone: o.timezone, timedDays: o.timedDays });
    if (cli.json) {
      return printJson(cli, { db: cli.dbPath, timezone: result.timeZone, timed_days: result.timedDays, community: communityRecord(result.community), created: result.created, teams_created: result.teamsCreated });
    }
    const L = cli.lang;
    const c = result.community;
    cli.io.stdout(
      result.created
        ? say(L, `已创建社区「${c.name}」（代码 ${c.code}），数据库：${cli.dbPath}\n`, `Created community "${c.name}" (code ${c.code}) in ${cli.dbPath}\n`)
        : say(L, `数据库已就绪：${cli.dbPath}（社区「${c.name}」）\n`, `Database ready: ${cli.dbPath} (community "${c.name}")\n`),
    );
    for (const team of result.teamsCreated) cli.io.stdout(say(L, `  + 队伍 ${team}\n`, `  + team ${team}\n`));
    const before = result.timedDaysBefore;
    cli.io.stderr(
      say(
        L,
        `时区 ${result.timeZone}，限时结 ${result.timedDays} 天${before === undefined ? '' : `（原 ${before} 天；只影响此后受理的诉求）`}。\n下一步：hongwu intake "<诉求>" --channel 电话 --category 停车\n`,
        `Time zone ${result.timeZone}, timed demands ${result.timedDays} days${before === undefined ? '' : ` (were ${before}; demands taken in from now on)`}.\nNext: hongwu intake "<summary>" --channel phone --category parking\n`,
      ),
    );
  });
}

const communityAddSchema = lazySchema(() => z.object({ name: z.string(), code: z.optional(z.string()), street: z.optional(z.string()) }));

export async function communityAdd(cli: Cli, name: string, raw: Record<string, unknown>): Promise<void> {
  const o = parseOptions(communityAddSchema(), { ...raw, name }, ['name']);
  await withSession(cli, { create: false }, async (session) => {
    const { community, teamsCreated } = await addCommunity(session, o);
    if (cli.json) return printJson(cli, { ...communityRecord(community), teams_created: teamsCreated });
    cli.io.stdout(say(cli.lang, `已添加社区「${community.name}」（代码 ${community.code}）\n`, `Added community "${community.name}" (code ${community.code})\n`));
    for (const team of teamsCreated) cli.io.stdout(say(cli.lang, `  + 队伍 ${team}\n`, `  + team ${team}\n`));
  });
}

export async function communityList(cli: Cli): Promise<void> {
  await withSession(cli, { create: false }, async (session) => {
    const L = cli.lang;
    printListing(cli, {
      rows: await communities(session),
      record: communityRecord,
      fields: ['id', 'code', 'name', 'street'],
      header: [t('id', L), t('code', L), t('community', L), t('street', L)],
      cells: (c) => [c.id, c.code, c.name, c.street],
      empty: say(L, '还没有社区：hongwu init --community <名称>', 'No community yet: hongwu init --community <name>'),
    });
  });
}

