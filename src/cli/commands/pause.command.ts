import { bi, inLang } from '../../domain/errors.js';
import { formatShort } from '../../domain/time.js';
import * as pauses from '../../services/pause.service.js';
import { runCommand } from '../../services/session.js';
import { withScope, type Cli } from '../context.js';
import { atOption } from '../dates.js';
import { printChanged } from './demand.command.js';
import { argument, asked, at, command, option, type GivenOf, type ValuesOf } from '../declare.js';

/** `hongwu pause <number> --reason <text>` (挂起): the demand keeps its status; its clock stops. */
async function pause(cli: Cli, { number }: ValuesOf<typeof pauseDeclared>, given: GivenOf<typeof pauseDeclared>) {
  await withScope(
    cli,
    async (scope) => {
      const o = await given.ask([
        {
          key: 'reason',
          type: 'text',
          message: inLang(bi('挂起原因（如 等待配件）', 'What does it wait for?'), cli.lang),
        },
      ]);
      const demand = await runCommand(scope, (tx) =>
        pauses.pause(tx, scope, {
          number,
          reason: o.reason,
          at: atOption(o.at, scope),
        }),
      );
      printChanged(
        cli,
        scope,
        demand,
        inLang(bi(`已挂起 ${demand.number}`, `Paused ${demand.number}`), cli.lang),
        inLang(
          bi(
            `恢复时：hongwu resume ${demand.number}（办结期限顺延挂起的时长）`,
            `When it can go on: hongwu resume ${demand.number} (its deadline moves by the paused span)`,
          ),
          cli.lang,
        ),
      );
    },
    number,
  );
}

/** `hongwu resume <number>` (恢复): the clock runs again, the resolve deadline moved later. */
async function resume(cli: Cli, { number, ...o }: ValuesOf<typeof resumeDeclared>): Promise<void> {
  await withScope(
    cli,
    async (scope) => {
      const demand = await runCommand(scope, (tx) => pauses.resume(tx, scope, { number, at: atOption(o.at, scope) }));
      const due = formatShort(new Date(demand.resolve_due_at), scope.timeZone);
      printChanged(
        cli,
        scope,
        demand,
        inLang(
          bi(`已恢复 ${demand.number}，办结期限顺延至 ${due}`, `Resumed ${demand.number}; resolve by ${due}`),
          cli.lang,
        ),
      );
    },
    number,
  );
}

const pauseDeclared = command({
  path: 'pause',
  args: [argument('<number>', (r) => r.asTyped())],
  help: "挂起诉求（等待配件、居民、法院…），暂停计时 pause a demand's clock while it waits",
  options: [asked(option('--reason <text>', '挂起原因 what it waits for', (r) => r.text())), at()],
  example: 'pause 202611-0007 --reason 等待配件到货',
});
export const pauseCommand = pauseDeclared.runs(pause);

const resumeDeclared = command({
  path: 'resume',
  args: [argument('<number>', (r) => r.asTyped())],
  help: '恢复挂起的诉求，办结期限顺延挂起的时长 resume a paused demand; its deadline moves by the paused span',
  options: [at()],
  example: 'resume 202611-0007',
});
export const resumeCommand = resumeDeclared.runs(resume);
