import { bi, inLang } from '../../domain/errors.js';
import * as codes from '../../domain/codes.js';
import { formatInstant, formatShort } from '../../domain/time.js';
import { recentCare } from '../../services/care.service.js';
import { residentPoints } from '../../services/points.service.js';
import {
  addResident,
  residentList,
  showResident,
  tagResident,
  type PhoneViews,
} from '../../services/resident.service.js';
import { describeResident } from '../../services/references.js';
import { atOption } from '../dates.js';
import { runCommand } from '../../services/session.js';
import { withScope, type Cli } from '../context.js';
import { WORDS } from '../i18n.js';
import { printJson, printListing } from '../render/listing.js';
import { renderCard } from '../../platform/table.js';
import { careRecord, renderCareServices } from '../views/care.view.js';
import { residentRecord, residentTable, tagLabels } from '../views/resident.view.js';
import { entryRecord, renderResidentPoints } from '../views/points.view.js';
import { residentTag } from '../../domain/codes.js';
import {
  argument,
  at,
  codeOption,
  codesText,
  command,
  fallback,
  option,
  repeatable,
  type ValuesOf,
} from '../declare.js';

async function add(cli: Cli, o: ValuesOf<typeof addDeclared>): Promise<void> {
  await withScope(cli, async (scope) => {
    const r = await runCommand(scope, (tx) =>
      addResident(tx, scope, {
        name: o.name,
        phone: o.phone,
        address: o.address,
        tags: o.tag,
        at: atOption(o.at, scope),
      }),
    );
    if (cli.json) return printJson(cli, residentRecord(r, scope.timeZone));
    cli.io.stdout(
      inLang(
        bi(
          `已登记居民 ${r.name}（#${r.id}）${r.tags.length ? ` · ${tagLabels(r.tags, 'zh')}` : ''}\n`,
          `Registered resident ${r.name} (#${r.id})${r.tags.length ? ` · ${tagLabels(r.tags, 'en')}` : ''}\n`,
        ),
        cli.lang,
      ),
    );
    if (r.namesakes.length > 0) {
      const others = r.namesakes.map(describeResident).join(inLang(WORDS.and, cli.lang));
      cli.io.stderr(
        inLang(
          bi(
            `注意：已有同名居民 ${others}；以后请用编号 #${r.id} 或电话指明这位`,
            `Note: residents of the same name are on file: ${others}; refer to this one as #${r.id} or by phone`,
          ),
          cli.lang,
        ) + '\n',
      );
    }
  });
}

async function list(cli: Cli, o: ValuesOf<typeof listDeclared>): Promise<void> {
  await withScope(cli, async (scope) => {
    const L = cli.lang;
    printListing(cli, {
      rows: await residentList(scope, o.tag),
      record: (r) => residentRecord(r, scope.timeZone),
      fields: ['id', 'name', 'phone', 'address', 'tags', 'created_at'],
      columns: { name: { header: 'resident' } },
      ...residentTable(L),
      empty: inLang(bi('没有符合条件的居民。', 'No residents match.'), L),
    });
  });
}

async function show(cli: Cli, { resident: ref }: ValuesOf<typeof showDeclared>): Promise<void> {
  await withScope(cli, async (scope) => {
    const r = await runCommand(scope, (tx) => showResident(tx, scope, ref));
    const pts = await residentPoints(scope, r.id);
    const care = await recentCare(scope, r.id);
    const views = r.phoneViews;
    if (cli.json) {
      return printJson(cli, {
        ...residentRecord(r, scope.timeZone, true),
        phone_views: views && {
          count: views.count,
          recent: views.recent.slice(0, 5).map((v) => ({
            at: formatInstant(new Date(v.at), scope.timeZone),
            operator: v.operator,
          })),
        },
        points_balance: pts.balance,
        points_recent: pts.recent.map((e) => entryRecord(e, scope.timeZone)),
        care_recent: care.map((c) => careRecord(c, scope.timeZone)),
      });
    }
    const L = cli.lang;
    cli.io.stdout(
      renderCard(cli, [
        [inLang(WORDS.id, L), r.id],
        [inLang(WORDS.resident, L), r.name],
        [inLang(WORDS.phone, L), r.phone],
        [inLang(WORDS.address, L), r.address],
        [inLang(WORDS.tags, L), tagLabels(r.tags, L)],
        [inLang(WORDS.created, L), formatShort(new Date(r.created_at), scope.timeZone)],
        [inLang(WORDS.phoneViews, L), views && phoneViewsLine(views, scope.timeZone, L)],
      ]) +
        renderResidentPoints(cli, pts, scope.timeZone) +
        renderCareServices(cli, care, scope.timeZone),
    );
  });
}

/**
 * `共 3 次：2026-11-26 10:00 前台小李；…` — who has seen the full number, this time first; one
 * operator's views in a row are one entry, at the latest, with how many (`前台小李 ×3`).
 */
function phoneViewsLine(views: PhoneViews, tz: string, L: codes.Lang): string {
  const runs: { at: string; operator: string; n: number }[] = [];
  for (const v of views.recent) {
    const last = runs.at(-1);
    if (last?.operator === v.operator) last.n++;
    else runs.push({ ...v, n: 1 });
  }
  const shown = runs.slice(0, 5);
  const list = shown
    .map((r) => `${formatShort(new Date(r.at), tz)} ${r.operator}${r.n > 1 ? ` ×${r.n}` : ''}`)
    .join(inLang(WORDS.then, L));
  const more = views.count > shown.reduce((n, r) => n + r.n, 0) ? `${inLang(WORDS.then, L)}…` : '';
  return inLang(
    bi(`共 ${views.count} 次：${list}${more}`, `${views.count} time${views.count === 1 ? '' : 's'}: ${list}${more}`),
    L,
  );
}

async function tag(cli: Cli, { resident: ref, ...o }: ValuesOf<typeof tagDeclared>): Promise<void> {
  await withScope(cli, async (scope) => {
    const { resident, change } = await runCommand(scope, (tx) =>
      tagResident(tx, scope, {
        resident: ref,
        tag: o.tag,
        at: atOption(o.at, scope),
      }),
    );
    if (cli.json) return printJson(cli, residentRecord(resident, scope.timeZone));
    const name = codes.label(codes.residentTag, o.tag, cli.lang);
    const since = o.at ? formatShort(new Date(resident.created_at), scope.timeZone) : '';
    cli.io.stdout(
      change === 'added'
        ? inLang(
            bi(
              `${resident.name}（#${resident.id}）已标记为${name}\n`,
              `${resident.name} (#${resident.id}) tagged ${name}\n`,
            ),
            cli.lang,
          )
        : change === 'backdated'
          ? inLang(
              bi(
                `${resident.name}（#${resident.id}）的${name}标签已改为自 --at 起（登记自 ${since}）\n`,
                `${resident.name} (#${resident.id}) is now ${name} from --at on (registered since ${since})\n`,
              ),
              cli.lang,
            )
          : inLang(
              bi(
                `${resident.name}（#${resident.id}）已有标签${name}，未改动${o.at ? '（--at 未采用）' : ''}\n`,
                `${resident.name} (#${resident.id}) already tagged ${name}; nothing changed` +
                  `${o.at ? ' (--at not applied)' : ''}\n`,
              ),
              cli.lang,
            ),
    );
  });
}

const addDeclared = command({
  path: 'resident add',
  args: [argument('<name>', (r) => r.text())],
  help: '登记居民 register a resident',
  options: [
    option('--phone <p>', '电话 phone', (r) => r.asTyped()),
    option('--address <building-unit-room>', '住址 address, e.g. 3-2-501', (r) => r.asTyped()),
    fallback(
      repeatable('--tag <tag>', `标签，可重复 tag (repeatable)：${codesText(residentTag)}`, (r) => r.code(residentTag)),
      [],
    ),
    at('登记为何时起的居民 known since when (default now; tags count from then)'),
  ],
  example: 'resident add 张三 --phone 13812345678 --address 3-2-501 --tag elderly_alone',
});
export const addCommand = addDeclared.runs(add);

const listDeclared = command({
  path: 'resident list',
  help: '列出居民 list residents',
  options: [codeOption('--tag <tag>', '按标签筛选 only residents with this tag', residentTag)],
  example: 'resident list --tag 独居老人',
  rows: true,
});
export const listCommand = listDeclared.runs(list);

const showDeclared = command({
  path: 'resident show',
  args: [argument('<resident>', (r) => r.asTyped())],
  help: '查看居民（含完整电话，查看会被记录） show a resident, full phone (access is logged)',
  example: 'resident show 张三',
});
export const showCommand = showDeclared.runs(show);

const tagDeclared = command({
  path: 'resident tag',
  args: [argument('<resident>', (r) => r.asTyped()), argument('<tag>', (r) => r.code(residentTag))],
  help: '给居民加标签 tag a resident',
  options: [at('何时起属于该群体 since when (the report counts the tag from then)')],
  example: 'resident tag 张三 党员 --at 2026-01-01',
});
export const tagCommand = tagDeclared.runs(tag);
