import path from 'node:path';
import { bi, DatabaseError, inLang, spelled, type Bilingual } from '../../domain/errors.js';
import { backupDatabase } from '../../services/backup.service.js';
import {
  runDoctor,
  type Check,
  type CheckName,
  type CheckStatus,
  type DoctorReport,
} from '../../services/doctor.service.js';
import type { Cli, Paint, Style } from '../context.js';
import { confirmed } from '../prompts.js';
import { printJson } from '../render/listing.js';
import { CLI_SPELLING } from '../spelling.js';
import { shellWord } from '../../domain/shell.js';
import { argument, command, yes, type ValuesOf } from '../declare.js';

/** A check with its hint as the clerk reads it: commands written as typed. */
type Told = Omit<Check, 'hint'> & { hint?: Bilingual };
type ToldReport = Omit<DoctorReport, 'checks'> & { checks: Told[] };

/** `hongwu backup <file>`: a consistent copy while other terminals keep working. */
async function backup(cli: Cli, o: ValuesOf<typeof backupDeclared>): Promise<void> {
  const L = cli.lang;
  const result = await backupDatabase({
    source: cli.dbPath,
    // A trailing slash says "a folder": kept, since path.resolve would drop it.
    target: o.file.trim() === '' ? '' : path.resolve(cli.io.cwd, o.file) + (/[\\/]$/.test(o.file) ? path.sep : ''),
    now: new Date(),
    mayReplace: (target) =>
      confirmed(cli, o.yes, inLang(bi(`${target} 已存在，要替换吗？`, `${target} exists. Replace it?`), L)),
  });
  if (cli.json) {
    return printJson(cli, {
      source: result.source,
      target: result.target,
      bytes: result.bytes,
      schema_version: result.schemaVersion,
      replaced: result.replaced,
    });
  }
  const size = `${(result.bytes / 1024).toFixed(0)} KB`;
  const check = `HONGWU_DB=${shellWord(result.target)}`;
  cli.io.stdout(inLang(bi(`已备份到 ${result.target}（${size}）\n`, `Backed up to ${result.target} (${size})\n`), L));
  cli.io.stderr(
    inLang(
      bi(
        `检查备份：${check} hongwu doctor；恢复：先停用 hongwu，再把备份复制为 ${result.source}\n`,
        `Check it: ${check} hongwu doctor; restore: stop using hongwu, then copy it over ${result.source}\n`,
      ),
      L,
    ),
  );
}

const CHECK_LABELS: Record<CheckName, { zh: string; en: string }> = {
  integrity: { zh: '数据完整', en: 'Integrity' },
  calendar: { zh: '工作日历', en: 'Calendar' },
  foreign_keys: { zh: '外键引用', en: 'Foreign keys' },
  schema: { zh: '结构版本', en: 'Schema' },
  journal: { zh: '日志模式', en: 'Journal' },
  permissions: { zh: '文件权限', en: 'Permissions' },
  demands: { zh: '诉求记录', en: 'Demands' },
  ledger: { zh: '积分台账', en: 'Points ledger' },
  append_only: { zh: '只增不改', en: 'Append-only' },
  fees: { zh: '收费台账', en: 'Fee ledger' },
  report_months: { zh: '往月报表', en: 'Kept reports' },
  leftovers: { zh: '临时文件', en: 'Temp files' },
};

const MARKS: Record<CheckStatus, { mark: string; zh: string; en: string; paint: (c: Paint) => Style }> = {
  ok: { mark: '✓', zh: '正常', en: 'ok', paint: (c) => c.green },
  warn: { mark: '!', zh: '注意', en: 'warn', paint: (c) => c.yellow },
  fail: { mark: '✗', zh: '故障', en: 'FAIL', paint: (c) => c.red },
};

/** `hongwu doctor`: exit 0 when healthy (warnings allowed), 3 otherwise. */
async function doctor(cli: Cli): Promise<void> {
  const found = await runDoctor(cli.dbPath, cli.io.env.HONGWU_NOW);
  const checks = found.checks.map((c) => ({ ...c, hint: c.hint && spelled(c.hint, CLI_SPELLING) }));
  const report: ToldReport = { ...found, checks };
  if (cli.json) {
    printJson(cli, {
      db: report.db,
      healthy: report.healthy,
      schema_version: report.schemaVersion,
      program_schema_version: report.programSchemaVersion,
      // Prose in JSON is English, whatever --lang: scripts read `check` and `status`.
      checks: report.checks.map((c) => ({
        check: c.check,
        status: c.status,
        detail: c.detail.en,
        hint: c.hint?.en ?? null,
      })),
    });
  } else {
    cli.io.stdout(renderReport(cli, report));
  }
  const failed = report.checks.filter((c) => c.status === 'fail');
  if (failed.length > 0) {
    const [first, ...more] = failed as [Told, ...Told[]];
    const alsoZh = more.length ? `；另有${more.map((c) => CHECK_LABELS[c.check].zh).join('、')}` : '';
    const alsoEn = more.length ? `; also ${more.map((c) => c.check).join(', ')}` : '';
    throw new DatabaseError(
      bi(
        `体检发现 ${failed.length} 项故障（${report.db}）：${CHECK_LABELS[first.check].zh}：${first.detail.zh}${alsoZh}`,
        `doctor found ${failed.length} problem(s) in ${report.db}: ${first.check}: ${first.detail.en}${alsoEn}`,
      ),
      first.hint,
    );
  }
}

function renderReport(cli: Cli, report: ToldReport): string {
  const L = cli.lang;
  const width = Math.max(...report.checks.map((c) => CHECK_LABELS[c.check][L].length)) + 2;
  const lines = [inLang(bi(`数据库 ${report.db}`, `Database ${report.db}`), L)];
  for (const c of report.checks) {
    const m = MARKS[c.status];
    lines.push(
      `${m.paint(cli.color)(`${m.mark} ${m[L].padEnd(4)}`)} ${CHECK_LABELS[c.check][L].padEnd(width)}` +
        `${inLang(c.detail, L)}`,
    );
    if (c.hint) lines.push(`${' '.repeat(7)}${' '.repeat(width)}→ ${inLang(c.hint, L)}`);
  }
  const warnings = report.checks.filter((c) => c.status === 'warn').length;
  lines.push(
    report.healthy
      ? inLang(
          bi(
            `结论：健康${warnings ? `（${warnings} 项提醒）` : ''}`,
            `Healthy${warnings ? ` (${warnings} warning(s))` : ''}`,
          ),
          L,
        )
      : inLang(
          bi(
            '结论：有故障，先备份现有文件，再按提示处理',
            'Not healthy: keep a copy of the file, then follow the hints',
          ),
          L,
        ),
  );
  return `${lines.join('\n')}\n`;
}

const backupDeclared = command({
  path: 'backup',
  args: [argument('<file>', (r) => r.asTyped())],
  help: '备份数据库（他人可继续录入） a consistent copy while others keep working; <file> may be a folder',
  options: [yes()],
  example: 'backup /srv/backup/hongwu-2026-11-30.db --yes',
  exampleHelp:
    '例 Example (cron, every night at 23:30):\n  30 23 * * * hongwu backup /srv/backup/hongwu-$(date +\\%F).db --yes',
});
export const backupCommand = backupDeclared.runs(backup);

export const doctorCommand = command({
  path: 'doctor',
  help: '体检数据库：完整性、外键、结构版本、日志、权限、台账 check integrity, foreign keys, schema, journal, permissions, ledger',
  example: 'doctor --db /srv/hongwu.db',
}).runs(doctor);
