import * as codes from '../../domain/codes.js';
import { checkStep } from '../../services/demand.service.js';
import { visit as recordVisit } from '../../services/visit.service.js';
import { runCommand } from '../../services/session.js';
import { withScope, type Cli } from '../context.js';
import { atOption } from '../dates.js';
import { code, lazySchema, parseOptions, z } from '../options.js';
import { askMissing } from '../prompts.js';
import { printJson } from '../render/listing.js';
import { demandRecord, renderDemand } from '../views/demand.view.js';
import { bi, inLang } from '../../domain/errors.js';
import { careService, visitOutcome } from '../../domain/codes.js';
import { at, codeOption, codesText, option, reference, type Declaration } from '../declare.js';

const visitSchema = lazySchema(() =>
  z.object({
    outcome: code(codes.visitOutcome),
    note: z.optional(z.string()),
    final: z._default(z.boolean(), false),
    at: z.optional(z.string()),
  }),
);

/** 回访 that reached no rating: 未接通 or 拒绝评价; `--final` closes the demand unrated. */
export async function visit(
  cli: Cli,
  number: string,
  outcome: string | undefined,
  raw: Record<string, unknown>,
): Promise<void> {
  const values: Record<string, unknown> = { ...raw, outcome };
  await withScope(
    cli,
    async (scope) => {
      await askMissing(
        cli,
        values,
        [
          {
            key: 'outcome',
            positional: true,
            type: 'code',
            list: codes.visitOutcome,
            message: inLang(bi('回访结果', 'How did the visit go?'), cli.lang),
          },
        ],
        () => checkStep(scope, number, 'visit'),
      );
      const o = parseOptions(visitSchema(), values, ['outcome']);
      const demand = await runCommand(scope, (tx) =>
        recordVisit(tx, scope, number, { ...o, at: atOption(o.at, scope) }),
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
    },
    number,
  );
}

export const visitCommand: Declaration = {
  path: 'visit',
  args: '<number> [outcome]',
  help: `回访未获评价 a return visit that reached no rating: ${codesText(visitOutcome)}; one that did is \`rate\``,
  options: [
    option('--note <text>', '说明 note'),
    option('--final', '不再回访，未评价关闭 stop trying: close it unrated'),
    at(),
  ],
  example: 'visit 202611-0007 未接通 --note "上午、下午各打一次"',
  run: visit,
};
