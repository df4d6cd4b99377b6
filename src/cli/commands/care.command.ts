import * as codes from '../../domain/codes.js';
import { formatShort } from '../../domain/time.js';
import { recordCare } from '../../services/care.service.js';
import { runCommand } from '../../services/session.js';
import { withScope, type Cli } from '../context.js';
import { atOption } from '../dates.js';
import { printJson } from '../render/listing.js';
import { careRecord } from '../views/care.view.js';
import { bi, inLang } from '../../domain/errors.js';
import { careService } from '../../domain/codes.js';
import { argument, at, codeOption, command, option, reference, type ValuesOf } from '../declare.js';

/** 关爱服务: a service to a special-group resident, with the volunteer's points in the same transaction. */
async function care(cli: Cli, o: ValuesOf<typeof declared>): Promise<void> {
  await withScope(cli, async (scope) => {
    const { service: c, inArchive } = await runCommand(scope, (tx) =>
      recordCare(tx, scope, { ...o, at: atOption(o.at, scope) }),
    );
    if (cli.json) return printJson(cli, careRecord(c, scope.timeZone));
    const L = cli.lang;
    const kind = codes.label(codes.careService, c.service, L);
    const by = c.by_name ? inLang(bi(`，${c.by_name}`, `, by ${c.by_name}`), L) : '';
    const points = c.points
      ? inLang(
          bi(`，记 ${c.points} 积分（流水 #${c.ledger_id}）`, `, ${c.points} points credited (entry #${c.ledger_id})`),
          L,
        )
      : '';
    cli.io.stdout(
      inLang(
        bi(
          `已登记关爱服务 #${c.id}：${c.resident_name} · ${kind} · ${formatShort(new Date(c.at), scope.timeZone)}${by}` +
            `${points}\n`,
          `Care service #${c.id} recorded: ${c.resident_name} · ${kind} · ` +
            `${formatShort(new Date(c.at), scope.timeZone)}${by}${points}\n`,
        ),
        L,
      ),
    );
    if (!inArchive) {
      cli.io.stderr(
        inLang(
          bi(
            `注意：${c.resident_name} 不在特殊群体档案中；需要定期走访请先 hongwu resident tag ${c.resident_id} <elderly_alone|elder` +
              `ly|disabled|left_behind_child>\n`,
            `Note: ${c.resident_name} is in no special group's archive; for regular visits tag them: hongwu ` +
              `resident tag ${c.resident_id} <elderly_alone|elderly|disabled|left_behind_child>\n`,
          ),
          L,
        ),
      );
    }
  });
}

const declared = command({
  path: 'care',
  args: [argument('<resident>', (r) => r.text())],
  help: '登记关爱服务（特殊群体档案） record a care service to a special-group resident',
  options: [
    codeOption('--service <kind>', '服务 service', careService, 'visit'),
    option('--note <text>', '说明 note', (r) => r.asTyped()),
    reference('by', 'team|resident', '服务的队伍或志愿者 who served', (r) => r.asTyped()),
    option('--points <n>', '给志愿者记积分（需 --by <居民>） points for the volunteer (with --by <resident>)', (r) =>
      r.integer(1),
    ),
    at(),
  ],
  example: 'care 王秀英 --service 送水送物 --by 张三 --points 5',
});

export const careCommand = declared.runs(care);
