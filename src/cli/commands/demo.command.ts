import path from 'node:path';
import { bi, inLang, NotAllowedError } from '../../domain/errors.js';
import { buildDemo, type DemoProgress, type DemoResult } from '../../services/demo.service.js';
import { defaultDbPath, type Cli } from '../context.js';
import { printJson } from '../render/listing.js';
import { command, yes, type ValuesOf } from '../declare.js';
import { shellWord } from '../../domain/shell.js';

/** Where the demo goes unless `--db` names a file: never the working database. */
export const DEMO_FILE = 'hongwu-demo.db';

/**
 * `hongwu demo`: builds a realistic demo database (three communities, thirteen months) and shows
 * what is in it. It never falls back to HONGWU_DB or the default database: only an explicit
 * `--db` moves it, and the working database is refused even then.
 */
async function demo(cli: Cli, o: ValuesOf<typeof declared>): Promise<void> {
  const file = path.resolve(cli.io.cwd, cli.dbFlag ?? DEMO_FILE);
  const working = path.resolve(cli.io.cwd, cli.io.env.HONGWU_DB || defaultDbPath(cli.io.env));
  if (file === working) {
    throw new NotAllowedError(
      bi(
        `${file} 是您的工作数据库，演示数据从不写入那里`,
        `${file} is your working database; the demo never writes there`,
      ),
      bi(
        `不加 --db 则写入 ./${DEMO_FILE}，或换一个文件名`,
        `leave out --db to write ./${DEMO_FILE}, or name another file`,
      ),
    );
  }
  const result = await buildDemo({
    path: file,
    replace: o.yes,
    operator: cli.operator,
    nowOverride: cli.io.env.HONGWU_NOW,
    onProgress: cli.io.stderrIsTTY ? progressLine(cli) : undefined,
  });
  if (cli.json) return printJson(cli, demoRecord(result));
  printSummary(cli, result);
  // Last month's report, rolled up over the demo's communities, as the street office sees it.
  const { report } = await import('./report.command.js');
  await report(
    { ...cli, dbPath: result.path, communityRef: 'all' },
    { month: result.lastMonth, format: undefined, out: undefined, bom: false, labels: false },
  );
  printExplore(cli, result);
}

function progressLine(cli: Cli): (p: DemoProgress) => void {
  return (p) => {
    const line = inLang(
      bi(
        `生成演示数据 ${p.month}（${p.monthsDone}/${p.months} 月，${p.demands} 条诉求）`,
        `Generating demo data ${p.month} (${p.monthsDone}/${p.months} months, ${p.demands} demands)`,
      ),
      cli.lang,
    );
    cli.io.stderr(`\r${line}${p.monthsDone === p.months ? '\n' : ''}`);
  };
}

function demoRecord(r: DemoResult) {
  return {
    db: r.path,
    first_month: r.firstMonth,
    last_month: r.lastMonth,
    communities: r.communities,
    counts: r.counts,
  };
}

function printSummary(cli: Cli, r: DemoResult): void {
  const c = r.counts;
  const L = cli.lang;
  cli.io.stdout(
    inLang(
      bi(
        `演示数据库已生成：${r.path}\n` +
          `  ${r.communities.join('、')}，${r.firstMonth} 至 ${r.lastMonth}\n` +
          `  居民 ${c.residents} 人（标签 ${c.resident_tags} 个），队伍 ${c.teams} 支\n` +
          `  诉求 ${c.demands} 件，办理记录 ${c.demand_events} 条\n` +
          `  志愿活动 ${c.activities} 次，积分记录 ${c.ledger} 条，爱心超市商品 ${c.items} 种\n` +
          `  红色议事厅 ${c.meetings} 次，议题 ${c.topics} 个，方案 ${c.proposals} 个，表决 ${c.votes} 次\n`,
        `Demo database written: ${r.path}\n` +
          `  ${r.communities.join(', ')}, ${r.firstMonth} to ${r.lastMonth}\n` +
          `  ${c.residents} residents (${c.resident_tags} tags), ${c.teams} teams\n` +
          `  ${c.demands} demands, ${c.demand_events} events\n` +
          `  ${c.activities} volunteer activities, ${c.ledger} points entries, ${c.items} items in the love ` +
          `supermarket\n` +
          `  ${c.meetings} consultation meetings, ${c.topics} topics, ${c.proposals} proposals, ${c.votes} votes\n`,
      ),
      L,
    ),
  );
}

function printExplore(cli: Cli, r: DemoResult): void {
  const rel = path.relative(cli.io.cwd, r.path) || r.path;
  const db = rel.startsWith('..') ? r.path : rel;
  // Run through npx (the Quick start), plain `hongwu` is not on the PATH: suggest what works.
  const bin = cli.io.env.npm_lifecycle_event === 'npx' ? 'npx hongwu' : 'hongwu';
  const use = `HONGWU_DB=${shellWord(db)} ${bin}`;
  cli.io.stderr(
    inLang(
      bi(
        `用时 ${r.seconds.toFixed(1)} 秒。试试：\n  ${use} list --community ${r.communities[0]}` +
          `\n  ${use} list --status overdue --community ${r.communities[0]}\n`,
        `Took ${r.seconds.toFixed(1)} s. Try:\n  ${use} list --community ${r.communities[0]}` +
          `\n  ${use} list --status overdue --community ${r.communities[0]}\n`,
      ),
      cli.lang,
    ),
  );
}

const declared = command({
  path: 'demo',
  help: '生成演示数据库并展示上月情况（不动正式数据库） build a realistic demo database (./hongwu-demo.db or --db) and show last month',
  options: [yes()],
  example: 'demo --db /tmp/hongwu-demo.db --yes',
  exampleHelp: '例 Example:\n  hongwu demo && HONGWU_DB=hongwu-demo.db hongwu list --community 蓝色港湾',
});
export const demoCommand = declared.runs(demo);
