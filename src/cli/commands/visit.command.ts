import * as codes from '../../domain/codes.js';
import { visit as recordVisit } from '../../services/visit.service.js';
import { runCommand } from '../../services/session.js';
import type { Cli } from '../context.js';
import { askCode } from '../prompts.js';
import { demandStep } from './demand.command.js';
import { atOption } from '../dates.js';
import { printJson } from '../render/listing.js';
import { demandRecord, renderDemand } from '../views/demand.view.js';
import { bi, inLang } from '../../domain/errors.js';
import { visitOutcome } from '../../domain/codes.js';
import { argument, asked, at, codesText, command, flag, option, type GivenOf, type ValuesOf } from '../declare.js';

/** 回访 that reached no rating: 未接通 or 拒绝评价; `--final` closes the demand unrated. */
async function visit(cli: Cli, { number }: ValuesOf<typeof declared>, given: GivenOf<typeof declared>) {
  const outcome = () => askCode(cli, 'outcome', codes.visitOutcome, bi('回访结果', 'How did the visit go?'));
  await demandStep(cli, number, given, 'visit', outcome, async (scope, o) => {
    const demand = await runCommand(scope, (tx) =>
      recordVisit(tx, scope, number, {
        outcome: o.outcome,
        note: o.note,
        final: o.final,
        at: atOption(o.at, scope),
      }),
    );
    if (cli.json) return printJson(cli, demandRecord(demand, scope.timeZone, scope.now));
    const L = cli.lang;
    const tries = demand.visits.filter((v) => v.outcome !== 'reached').length;
    const what = codes.label(codes.visitOutcome, o.outcome, L);
    cli.io.stdout(
      `${cli.color.green(
        o.final
          ? inLang(
              bi(
                `${demand.number} 回访${what}，回访结束，未评价关闭`,
                `${demand.number} visit ${what.toLowerCase()}: visits ended, closed unrated`,
              ),
              L,
            )
          : inLang(
              bi(
                `${demand.number} 回访${what}，已记录（第 ${tries} 次）`,
                `${demand.number} visit ${what.toLowerCase()}: recorded (try ${tries})`,
              ),
              L,
            ),
      )}\n${renderDemand(cli, demand, scope.timeZone, scope.now)}`,
    );
    if (!o.final) {
      cli.io.stderr(
        `${cli.color.dim(
          inLang(
            bi(
              `仍待回访：联系上后 hongwu rate ${demand.number} 满意|基本满意|不满意；不再回访用 hongwu visit ${demand.number} ` +
                `${o.outcome} --final`,
              `Still due for a visit: once reached, hongwu rate ${demand.number} satisfied|basic|unsatisfied;` +
                ` to stop trying, hongwu visit ${demand.number} ${o.outcome} --final`,
            ),
            L,
          ),
        )}\n`,
      );
    }
  });
}

const declared = command({
  path: 'visit',
  args: [argument('<number>', (r) => r.asTyped()), asked(argument('[outcome]', (r) => r.code(codes.visitOutcome)))],
  help: `回访未获评价 a return visit that reached no rating: ${codesText(visitOutcome)}; one that did is \`rate\``,
  options: [
    option('--note <text>', '说明 note', (r) => r.asTyped()),
    flag('--final', '不再回访，未评价关闭 stop trying: close it unrated'),
    at(),
  ],
  example: 'visit 202611-0007 未接通 --note "上午、下午各打一次"',
});

export const visitCommand = declared.runs(visit);
