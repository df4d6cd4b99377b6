import type { CalendarDay } from '../../db/schema.js';
import { parseDayType } from '../../domain/calendar-file.js';
import { bi, inLang, UsageError } from '../../domain/errors.js';
import { toLocal } from '../../domain/time.js';
import { calendarOfYear, importCalendar, setCalendarDay } from '../../services/calendar.service.js';
import { runCommand } from '../../services/session.js';
import { withSession, type Cli } from '../context.js';
import { WORDS } from '../i18n.js';
import { printJson, printListing } from '../render/listing.js';
import { argument, command, option, type ValuesOf } from '../declare.js';

const WEEKDAYS = {
  zh: ['周日', '周一', '周二', '周三', '周四', '周五', '周六'],
  en: ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'],
};
const TYPE_LABELS = { holiday: { zh: '放假', en: 'day off' }, workday: { zh: '上班（调休）', en: 'working day' } };
const SOURCE_LABELS = { official: { zh: '官方', en: 'official' }, local: { zh: '本地调整', en: 'local' } };

/** `hongwu calendar [--year]`: the year's holidays and make-up working days. */
async function calendar(cli: Cli, o: ValuesOf<typeof showDeclared>): Promise<void> {
  await withSession(cli, { create: false }, async (session) => {
    const L = cli.lang;
    const year = o.year ?? toLocal(session.now, session.timeZone).year;
    const shown = await calendarOfYear(session, year);
    printListing(cli, {
      rows: shown.days,
      record: (d: CalendarDay) => ({ date: d.date, type: d.type, name: d.name, source: d.source }),
      fields: ['date', 'type', 'name', 'source'],
      columns: {
        type: { header: { zh: '安排', en: 'Type' }, codes: { labels: TYPE_LABELS } },
        source: { header: { zh: '来源', en: 'Source' }, codes: { labels: SOURCE_LABELS } },
      },
      header: [
        inLang(bi('日期', 'Date'), L),
        inLang(bi('星期', 'Day'), L),
        inLang(bi('安排', 'Type'), L),
        inLang(bi('名称', 'Name'), L),
        inLang(bi('来源', 'Source'), L),
      ],
      cells: (d) => [
        d.date,
        WEEKDAYS[L][new Date(`${d.date}T00:00:00Z`).getUTCDay()]!,
        TYPE_LABELS[d.type][L],
        d.name ?? '',
        SOURCE_LABELS[d.source][L],
      ],
      empty: inLang(bi(`${year} 年没有节假日或调休记录。`, `No holidays or make-up days listed for ${year}.`), L),
    });
    if (!shown.known) {
      cli.io.stderr(
        inLang(
          bi(
            `注意：日历里还没有 ${year} 年的官方节假日，这一年的工作日只按周末计算。国务院通知发布后（通常在前一年 11 月）：hongwu calendar import <文件>\n`,
            `Note: the official calendar of ${year} is not on file; its working days are counted on weekends ` +
              `only. When the State Council publishes it (usually in November): hongwu calendar import <file>\n`,
          ),
          L,
        ),
      );
    }
  });
}

/** `hongwu calendar set <date> workday|holiday [--name]`: a local change. */
async function calendarSet(cli: Cli, o: ValuesOf<typeof setDeclared>): Promise<void> {
  const type = o.type ?? '';
  const dayType = parseDayType(type);
  if (!dayType) {
    throw new UsageError(
      bi(`<type>：不认识的值“${type}”`, `<type>: unknown value "${type}"`),
      bi('可用：workday（上班）、holiday（放假）', 'use workday or holiday'),
    );
  }
  await withSession(cli, { create: false }, async (session) => {
    const L = cli.lang;
    const { day, before } = await runCommand(session, (tx) =>
      setCalendarDay(tx, { date: o.date, type: dayType, name: o.name }),
    );
    if (cli.json)
      return printJson(cli, {
        date: day.date,
        type: day.type,
        name: day.name,
        source: day.source,
        before: before && { type: before.type, name: before.name, source: before.source },
      });
    cli.io.stdout(
      inLang(
        bi(
          `${day.date} 定为${TYPE_LABELS[day.type].zh}${day.name ? `（${day.name}）` : ''}\n`,
          `${day.date} is now a ${TYPE_LABELS[day.type].en}${day.name ? ` (${day.name})` : ''}\n`,
        ),
        L,
      ),
    );
    cli.io.stderr(
      inLang(
        bi(
          '只影响此后计算的期限；已有诉求的期限不变。\n',
          'Only deadlines counted from now on see it; existing deadlines stay.\n',
        ),
        L,
      ),
    );
  });
}

/** `hongwu calendar import <file>`: a year's official days, from an .ics or a CSV. */
async function calendarImport(cli: Cli, { file }: ValuesOf<typeof importFileDeclared>): Promise<void> {
  await withSession(cli, { create: false }, async (session) => {
    const L = cli.lang;
    const r = await runCommand(session, (tx) => importCalendar(tx, { file }));
    if (cli.json)
      return printJson(cli, {
        file: r.file,
        years: r.years,
        added: r.added,
        changed: r.changed,
        unchanged: r.unchanged,
        kept_local: r.keptLocal,
      });
    const years = r.years.join(inLang(WORDS.and, L));
    cli.io.stdout(
      inLang(
        bi(
          `已导入 ${years} 年：新增 ${r.added} 天，更新 ${r.changed} 天，未变 ${r.unchanged} 天\n`,
          `Imported ${years}: ${r.added} days added, ${r.changed} changed, ${r.unchanged} unchanged\n`,
        ),
        L,
      ),
    );
    if (r.keptLocal.length) {
      const dates = r.keptLocal.join(inLang(WORDS.and, L));
      cli.io.stderr(
        inLang(
          bi(
            `保留了本地调整：${dates}（要改回请用 hongwu calendar set）\n`,
            `Local changes kept: ${dates} (change them with hongwu calendar set)\n`,
          ),
          L,
        ),
      );
    }
  });
}

const showDeclared = command({
  path: 'calendar',
  help: '工作日历：节假日与调休上班日 the calendar of holidays and make-up working days (调休)',
  options: [option('--year <YYYY>', '年份 year (default this year)', (r) => r.integer(1900, 2999))],
  example: 'calendar --year 2026',
  rows: true,
});
export const showCommand = showDeclared.runs(calendar);

const setDeclared = command({
  path: 'calendar set',
  // The type is read by parseDayType, which says what it accepts; an absent one is refused as unknown.
  args: [argument('<date>', (r) => r.isoDate()), argument('[type]', (r) => r.asTyped())],
  help: '本地调整某天：workday 上班 | holiday 放假 make a day a working day or a day off here',
  options: [option('--name <text>', '名称 name, e.g. 社区停水', (r) => r.asTyped())],
  example: 'calendar set 2026-12-31 holiday --name 社区停水检修',
});
export const setCommand = setDeclared.runs(calendarSet);

const importFileDeclared = command({
  path: 'calendar import',
  args: [argument('<file>', (r) => r.asTyped())],
  help: '导入新一年的节假日（.ics 日历或 日期,类型,名称 的 CSV） load a year published later (.ics, or a date,type,name CSV)',
  example: 'calendar import holidays-2027.ics',
});
export const importFileCommand = importFileDeclared.runs(calendarImport);
