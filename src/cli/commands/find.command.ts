import { bi, inLang } from '../../domain/errors.js';
import { tagsOf } from '../../db/resident.repository.js';
import { localDate } from '../../domain/durations.js';
import { findAnything, WORD_WINDOW } from '../../services/find.service.js';
import { withScope, type Cli } from '../context.js';
import { WORDS } from '../i18n.js';
import { printJson, printTable } from '../render/listing.js';
import { demandRecord, demandTable } from '../views/demand.view.js';
import { residentRecord, residentTable } from '../views/resident.view.js';
import { argument, command, flag, type ValuesOf } from '../declare.js';

/**
 * Words are looked for among the latest demands, so that `find` stays quick on a file of a million
 * (services/find.service.ts): when that left older demands out, stderr says so and how to reach them.
 */
function windowNote(cli: Cli, since: string): void {
  const n = WORD_WINDOW.toLocaleString('en');
  cli.io.stderr(
    inLang(
      bi(
        `注意：字词只在最近 ${n} 条诉求（${since} 以后受理的）中查找；更早的诉求请加 --all（较慢）或按编号查找\n`,
        `Note: words were looked for among the latest ${n} demands only (received after ${since}); ` +
          'add --all for older ones (slower), or find them by number\n',
      ),
      cli.lang,
    ),
  );
}

/**
 * `hongwu find <text>` (SPEC §12): whom and what the text may mean, residents then demands, each
 * as its listing prints it (phones masked); `--json` gives `{residents, demands}`.
 */
async function find(cli: Cli, { text, ...o }: ValuesOf<typeof declared>): Promise<void> {
  await withScope(cli, async (scope) => {
    const found = await findAnything(scope, text, { all: o.all });
    if (found.wordsSince !== undefined) windowNote(cli, localDate(new Date(found.wordsSince), scope.timeZone));
    const tags = await tagsOf(
      scope.db,
      found.residents.map((r) => r.id),
    );
    const residents = found.residents.map((r) => ({
      ...r,
      tags: tags.get(r.id) ?? [],
    }));
    if (cli.json) {
      return printJson(cli, {
        residents: residents.map((r) => residentRecord(r, scope.timeZone)),
        demands: found.demands.map((d) => demandRecord(d, scope.timeZone, scope.now)),
      });
    }
    const L = cli.lang;
    if (residents.length === 0 && found.demands.length === 0) {
      return cli.io.stderr(
        inLang(bi(`没有找到与“${text}”相符的居民或诉求。\n`, `No resident or demand matches "${text}".\n`), L),
      );
    }
    if (residents.length > 0) {
      cli.io.stdout(`${inLang(WORDS.resident, L)} (${residents.length})\n`);
      printTable(cli, {
        rows: residents,
        ...residentTable(L),
        empty: '',
      });
    }
    if (found.demands.length > 0) {
      cli.io.stdout(`${inLang(bi('诉求', 'Demands'), L)} (${found.demands.length})\n`);
      printTable(cli, demandTable(cli, found.demands, scope.timeZone, scope.now));
    }
  });
}

const declared = command({
  path: 'find',
  args: [argument('<text>', (r) => r.asTyped())],
  help: '查找居民和诉求 find residents (name, pinyin, phone, address) and demands (number, words)',
  options: [
    flag(
      '--all',
      '按字词查找全部诉求，不只最近 20,000 条（较慢） words among every demand, not the latest 20,000 (slower)',
    ),
  ],
  example: 'find zs',
});

export const findCommand = declared.runs(find);
