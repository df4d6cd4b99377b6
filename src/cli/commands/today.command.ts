import { bi, UsageError } from '../../domain/errors.js';
import { today as todayOf } from '../../services/today.service.js';
import { withScope, type Cli } from '../context.js';
import { code, integer, lazySchema, parseOptions, z } from '../options.js';
import { FORMAT_NAMES, type Format } from '../render/formats.js';
import { renderTodayMarkdown, renderTodayTable, todayCsv, todayJson } from '../views/today.view.js';

const schema = lazySchema(() => z.object({
  days: z._default(integer(1, 31), 1),
  limit: z._default(integer(1), 20),
  format: z.optional(code(FORMAT_NAMES)),
}));

/** `hongwu today` (今日待办): the desk's morning list, each row with the command that does it. */
export async function today(cli: Cli, raw: Record<string, unknown>): Promise<void> {
  const o = parseOptions(schema(), raw);
  const implied: Format | undefined = cli.json ? 'json' : cli.csv ? 'csv' : undefined;
  if (implied && o.format && o.format !== implied) {
    throw new UsageError(bi(`--${implied} 与 --format ${o.format} 矛盾`, `--${implied} and --format ${o.format} disagree`), bi('请只给其中一个', 'give one of them'));
  }
  const format = o.format ?? implied ?? 'table';
  await withScope(cli, async (scope) => {
    const page = { ...(await todayOf(scope, { days: o.days, limit: o.limit })), community: scope.community, now: scope.now, timeZone: scope.timeZone };
    const L = cli.lang;
    const text = {
      table: () => renderTodayTable(cli, page),
      md: () => renderTodayMarkdown(page, L),
      json: () => todayJson(page, L),
      csv: () => todayCsv(page, L),
    }[format]();
    cli.io.stdout(text);
  });
}
