import { bi, inLang } from '../../domain/errors.js';
import * as codes from '../../domain/codes.js';
import { itemKind, splitParticipants } from '../../domain/ledger.js';
import { formatInstant, formatShort } from '../../domain/time.js';
import * as points from '../../services/points.service.js';
import { runCommand } from '../../services/session.js';
import { withScope, type Cli } from '../context.js';
import { atOption, monthOption } from '../dates.js';
import { teamChoices } from '../searches.js';
import { exportCsv, exportJson, printJson, printListing, type Listing } from '../render/listing.js';
import type { Cell } from '../render/csv.js';
import {
  balanceListing,
  balanceRecord,
  entryListing,
  entryRecord,
  entryWhat,
  itemListing,
  itemRecord,
  signed,
  stockText,
} from '../views/points.view.js';
import { pointsReason } from '../../domain/codes.js';
import {
  argument,
  asked,
  at,
  codeOption,
  command,
  fallback,
  month as monthFlag,
  option,
  reference,
  type GivenOf,
  type ValuesOf,
} from '../declare.js';

/** A listing whose JSON is a contract narrower than its CSV columns (SPEC §5 entries, balances). */
function printRows<T, J extends Record<string, Cell>>(
  cli: Cli,
  listing: Listing<T, J>,
  json: (row: T) => unknown,
): void {
  if (cli.json) printJson(cli, listing.rows.map(json));
  else printListing(cli, listing);
}

const reasonAsk = (cli: Cli) => ({
  key: 'reason',
  type: 'code' as const,
  list: codes.pointsReason,
  message: inLang(bi('积分事由', 'What for?'), cli.lang),
});

async function earn(cli: Cli, _: unknown, given: GivenOf<typeof earnDeclared>): Promise<void> {
  await withScope(cli, async (scope) => {
    const o = await given.ask([reasonAsk(cli)]);
    const { entry, balance } = await runCommand(scope, (tx) =>
      points.earn(tx, scope, {
        resident: o.resident,
        points: o.points,
        reason: o.reason,
        note: o.note,
        at: atOption(o.at, scope),
      }),
    );
    if (cli.json) return printJson(cli, entryRecord(entry, scope.timeZone));
    cli.io.stdout(
      inLang(
        bi(
          `已为 ${entry.resident_name}（#${entry.resident_id}）记 ${signed(entry.delta)} 分（${entryWhat(cli, entry)}` +
            `），流水 #${entry.id}；余额 ${balance} 分\n`,
          `${entry.resident_name} (#${entry.resident_id}) earned ${signed(entry.delta)} (` +
            `${entryWhat(cli, entry)}), entry #${entry.id}; balance ${balance}\n`,
        ),
        cli.lang,
      ),
    );
  });
}

async function activity(cli: Cli, _: unknown, given: GivenOf<typeof activityDeclared>): Promise<void> {
  const L = cli.lang;
  await withScope(cli, async (scope) => {
    const o = await given.ask([
      {
        key: 'team',
        type: 'search',
        message: inLang(bi('组织活动的队伍', 'Which team held it?'), L),
        source: teamChoices(scope, L),
      },
      reasonAsk(cli),
      {
        key: 'points',
        type: 'text',
        message: inLang(bi('每人积分', 'Points for each participant'), L),
        validate: given.check('points'),
      },
      {
        key: 'participants',
        type: 'text',
        message: inLang(bi('参与居民（逗号分隔）', 'Participants (comma-separated)'), L),
      },
    ]);
    const result = await runCommand(scope, (tx) =>
      points.recordActivity(tx, scope, {
        title: o.title,
        team: o.team,
        reason: o.reason,
        points: o.points,
        participants: splitParticipants(o.participants),
        at: atOption(o.at, scope),
      }),
    );
    const a = result.activity;
    if (cli.json) {
      return printJson(cli, {
        activity: {
          id: a.id,
          title: a.title,
          team: result.team.name,
          reason: a.reason,
          points: a.points,
          at: formatInstant(new Date(a.at), scope.timeZone),
          operator: a.operator,
        },
        entries: result.entries.map((e) => entryRecord(e, scope.timeZone)),
      });
    }
    const names = result.entries.map((e) => e.resident_name).join(inLang(bi('、', ', '), L));
    cli.io.stdout(
      inLang(
        bi(
          `已记录活动 #${a.id}「${a.title}」（${result.team.name}，${codes.label(codes.pointsReason, a.reason, L)}，` +
            `${formatShort(new Date(a.at), scope.timeZone)}）：${result.entries.length} 人各 +${a.points} 分：${names}\n`,
          `Recorded activity #${a.id} "${a.title}" (${result.team.name}, ` +
            `${codes.label(codes.pointsReason, a.reason, L)}, ${formatShort(new Date(a.at), scope.timeZone)}): ` +
            `${result.entries.length} participants +${a.points} each: ${names}\n`,
        ),
        L,
      ),
    );
  });
}

async function itemAdd(cli: Cli, _: unknown, given: GivenOf<typeof itemAddDeclared>): Promise<void> {
  await withScope(cli, async (scope) => {
    const o = await given.ask([
      { key: 'cost', type: 'text', message: inLang(bi('兑换所需积分', 'Cost in points'), cli.lang) },
    ]);
    const item = await runCommand(scope, (tx) =>
      points.addItem(tx, scope, { name: o.name, cost: o.cost, stock: o.stock, kind: o.kind }),
    );
    if (cli.json) return printJson(cli, itemRecord(item));
    cli.io.stdout(
      inLang(
        bi(
          `已添加爱心超市物品「${item.name}」（#${item.id}，${codes.label(itemKind, item.kind, 'zh')}，${item.cost} 分，库存 ` +
            `${stockText(cli, item.stock)}）\n`,
          `Added "${item.name}" to the love supermarket (#${item.id}, ${codes.label(itemKind, item.kind, 'en')}` +
            `, ${item.cost} points, stock ${stockText(cli, item.stock)})\n`,
        ),
        cli.lang,
      ),
    );
  });
}

async function itemList(cli: Cli): Promise<void> {
  await withScope(cli, async (scope) => printListing(cli, itemListing(cli, await points.itemList(scope))));
}

async function itemRestock(cli: Cli, { item: ref, ...o }: ValuesOf<typeof itemRestockDeclared>): Promise<void> {
  await withScope(cli, async (scope) => {
    const item = await runCommand(scope, (tx) => points.restock(tx, scope, { item: ref, n: o.n }));
    if (cli.json) return printJson(cli, itemRecord(item));
    cli.io.stdout(
      inLang(
        bi(
          `「${item.name}」（#${item.id}）已补货 +${o.n}，库存 ${item.stock}\n`,
          `"${item.name}" (#${item.id}) restocked +${o.n}: stock ${item.stock}\n`,
        ),
        cli.lang,
      ),
    );
  });
}

async function redeem(cli: Cli, { resident, item, ...o }: ValuesOf<typeof redeemDeclared>): Promise<void> {
  await withScope(cli, async (scope) => {
    const r = await runCommand(scope, (tx) =>
      points.redeem(tx, scope, { resident, item, qty: o.qty, at: atOption(o.at, scope) }),
    );
    if (cli.json) return printJson(cli, entryRecord(r.entry, scope.timeZone));
    const stock =
      r.item.stock === null
        ? ''
        : inLang(bi(`；${r.item.name}库存 ${r.item.stock}`, `; ${r.item.name} stock ${r.item.stock}`), cli.lang);
    cli.io.stdout(
      inLang(
        bi(
          `${r.entry.resident_name}（#${r.entry.resident_id}）兑换 ${r.item.name}×${o.qty}，${signed(r.entry.delta)}` +
            ` 分，流水 #${r.entry.id}；余额 ${r.balance} 分${stock}\n`,
          `${r.entry.resident_name} (#${r.entry.resident_id}) redeemed ${r.item.name} × ${o.qty}, ` +
            `${signed(r.entry.delta)} points, entry #${r.entry.id}; balance ${r.balance}${stock}\n`,
        ),
        cli.lang,
      ),
    );
  });
}

async function reverse(cli: Cli, _: unknown, given: GivenOf<typeof reverseDeclared>): Promise<void> {
  await withScope(cli, async (scope) => {
    const { entry, ...o } = await given.ask([
      { key: 'reason', type: 'text', message: inLang(bi('冲正原因', 'Why is it reversed?'), cli.lang) },
    ]);
    const r = await runCommand(scope, (tx) =>
      points.reverse(tx, scope, { entry, reason: o.reason, at: atOption(o.at, scope) }),
    );
    if (cli.json) return printJson(cli, entryRecord(r.entry, scope.timeZone));
    cli.io.stdout(
      inLang(
        bi(
          `已冲正流水 #${r.entry.reverses}：${r.entry.resident_name}（#${r.entry.resident_id}）${signed(r.entry.delta)}` +
            ` 分，流水 #${r.entry.id}；余额 ${r.balance} 分\n`,
          `Reversed entry #${r.entry.reverses}: ${r.entry.resident_name} (#${r.entry.resident_id}) ` +
            `${signed(r.entry.delta)} points, entry #${r.entry.id}; balance ${r.balance}\n`,
        ),
        cli.lang,
      ),
    );
  });
}

async function balance(cli: Cli, { resident }: ValuesOf<typeof balanceDeclared>): Promise<void> {
  await withScope(cli, async (scope) => {
    if (resident === undefined) {
      return printRows(cli, balanceListing(cli, await points.allBalances(scope)), balanceRecord);
    }
    const b = await points.residentBalance(scope, resident);
    const row = { resident_id: b.resident.id, resident_name: b.resident.name, balance: b.balance };
    if (cli.json) return printJson(cli, balanceRecord(row));
    if (cli.csv) return printListing(cli, balanceListing(cli, [row]));
    cli.io.stdout(
      inLang(
        bi(
          `${b.resident.name}（#${b.resident.id}）积分余额 ${b.balance} 分\n`,
          `${b.resident.name} (#${b.resident.id}) has ${b.balance} points\n`,
        ),
        cli.lang,
      ),
    );
  });
}

/** Entries a table shows at most (the newest); JSON and CSV always carry every entry. */
const TABLE_LIMIT = 200;

async function ledger(cli: Cli, { resident, ...o }: ValuesOf<typeof ledgerDeclared>): Promise<void> {
  await withScope(cli, async (scope) => {
    const input = { resident, month: monthOption(o.month, scope) };
    const tz = scope.timeZone;
    // JSON and CSV carry every entry: read and written a chunk at a time.
    if (cli.json) return exportJson(cli, await points.ledgerChunks(scope, input), (e) => entryRecord(e, tz));
    if (cli.csv) return exportCsv(cli, entryListing(cli, [], tz), await points.ledgerChunks(scope, input));
    const page = await points.ledger(scope, { ...input, limit: TABLE_LIMIT });
    printListing(cli, entryListing(cli, page.entries, tz));
    if (page.entries.length === 0) return;
    const L = cli.lang;
    const shown =
      page.total > page.entries.length
        ? inLang(
            bi(
              `只显示最近 ${page.entries.length} 条，共 ${page.total} 条；用 --csv 或 --json 查看全部`,
              `showing the latest ${page.entries.length} of ${page.total}; use --csv or --json for all`,
            ),
            L,
          )
        : inLang(bi(`共 ${page.total} 条`, `${page.total} entries`), L);
    const balanceNote = page.resident
      ? inLang(
          bi(
            ` · ${page.resident.resident.name} 余额 ${page.resident.balance} 分`,
            ` · ${page.resident.resident.name} balance ${page.resident.balance}`,
          ),
          L,
        )
      : '';
    cli.io.stderr(`${shown}${balanceNote}\n`);
  });
}

/** A resident named by name, phone or id, as typed: the service finds them. */
const residentArgument = <const N extends '<resident>' | '[resident]'>(name: N) => argument(name, (r) => r.asTyped());

const earnDeclared = command({
  path: 'points earn',
  args: [argument('<resident>', (r) => r.text()), argument('<points>', (r) => r.integer(1))],
  help: '记积分 credit a resident for volunteer service',
  options: [
    asked(codeOption('--reason <reason>', '事由 reason', pointsReason)),
    option('--note <text>', '说明 note', (r) => r.asTyped()),
    at(),
  ],
  example: 'points earn 张三 10 --reason 巡逻 --note "夜间巡逻两小时"',
});
export const earnCommand = earnDeclared.runs(earn);

const activityDeclared = command({
  path: 'points activity',
  args: [argument('<title>', (r) => r.text())],
  help: '记录队伍的一次志愿活动，参与者各得积分（全部成功或全部不记） record a team activity; every participant is credited, or none',
  options: [
    asked(reference('team', 'team', '组织队伍 the team that held it', (r) => r.text())),
    asked(codeOption('--reason <reason>', '事由 reason', pointsReason)),
    asked(option('--points <n>', '每人积分 points for each participant', (r) => r.integer(1))),
    // Split into names by splitParticipants.
    asked(
      option(
        '--participants <r1,r2,...>',
        '参与居民，逗号分隔（姓名、电话或 ID） participants: names, phones or ids, comma-separated',
        (r) => r.text(),
      ),
    ),
    at(),
  ],
  example:
    'points activity "周六夜间巡逻" --team 党员先锋队 --reason patrol \\\n    --points 10 --participants 张三,李四,#12',
});
export const activityCommand = activityDeclared.runs(activity);

const itemAddDeclared = command({
  path: 'points item add',
  args: [argument('<name>', (r) => r.text())],
  help: '添加物品或服务 add goods or a service',
  options: [
    asked(option('--cost <points>', '兑换所需积分 cost in points', (r) => r.integer(1))),
    option('--stock <n>', '库存（不填为不限） stock (omitted: unlimited)', (r) => r.integer(0)),
    fallback(
      option('--kind <kind>', '类型 goods|service (物品|服务), default goods', (r) => r.code(itemKind)),
      'goods',
    ),
  ],
  example: 'points item add 大米 --cost 50 --stock 20',
});
export const itemAddCommand = itemAddDeclared.runs(itemAdd);

export const itemListCommand = command({
  path: 'points item list',
  help: '列出物品 list items',
  example: 'points item list --csv',
  rows: true,
}).runs(itemList);

const itemRestockDeclared = command({
  path: 'points item restock',
  args: [argument('<item>', (r) => r.asTyped()), argument('<n>', (r) => r.integer(1))],
  help: "补货 add n to an item's stock",
  example: 'points item restock 大米 10',
});
export const itemRestockCommand = itemRestockDeclared.runs(itemRestock);

const redeemDeclared = command({
  path: 'points redeem',
  args: [residentArgument('<resident>'), argument('<item>', (r) => r.asTyped())],
  help: '积分兑换 redeem points for an item (cost × qty)',
  options: [
    fallback(
      option('--qty <n>', '数量 quantity (default 1)', (r) => r.integer(1)),
      1,
    ),
    at(),
  ],
  example: 'points redeem 张三 大米 --qty 2',
});
export const redeemCommand = redeemDeclared.runs(redeem);

const reverseDeclared = command({
  path: 'points reverse',
  args: [argument('<entry>', (r) => r.asTyped())],
  help: '冲正一条流水（追加相反的一条，唯一的更正方式） reverse an entry: the only correction',
  options: [asked(option('--reason <text>', '冲正原因 why', (r) => r.text())), at()],
  example: 'points reverse 42 --reason 重复记分',
});
export const reverseCommand = reverseDeclared.runs(reverse);

const balanceDeclared = command({
  path: 'points balance',
  args: [residentArgument('[resident]')],
  help: '积分余额（不填居民则列出全部） balance of one resident, or of everyone with points',
  example: 'points balance 张三',
  rows: true,
});
export const balanceCommand = balanceDeclared.runs(balance);

const ledgerDeclared = command({
  path: 'points ledger',
  args: [residentArgument('[resident]')],
  help: '积分流水 the ledger, oldest first',
  options: [monthFlag()],
  example: 'points ledger --month 2026-11 --csv',
  rows: true,
});
export const ledgerCommand = ledgerDeclared.runs(ledger);
