import type { Declaration } from '../declare.js';

/**
 * A command in the list: its path (`points item add`) and the loader of the module that declares it
 * (the `Declaration` there with that path, beside its handler). Modules are loaded only for the
 * command a command line names, or for help: start-up reads this list alone.
 */
type Listed = readonly [path: string, module: () => Promise<object>];

/** Every command of hongwu, in the order the help lists them. A new command is one line here. */
export const COMMANDS: readonly Listed[] = [
  ['init', () => import('./setup.command.js')],
  ['community add', () => import('./setup.command.js')],
  ['community list', () => import('./setup.command.js')],
  ['community set', () => import('./setup.command.js')],
  ['community show', () => import('./setup.command.js')],
  ['team add', () => import('./team.command.js')],
  ['team list', () => import('./team.command.js')],
  ['team show', () => import('./team.command.js')],
  ['resident add', () => import('./resident.command.js')],
  ['resident list', () => import('./resident.command.js')],
  ['resident show', () => import('./resident.command.js')],
  ['resident tag', () => import('./resident.command.js')],
  ['intake', () => import('./demand.command.js')],
  ['assign', () => import('./demand.command.js')],
  ['resolve', () => import('./demand.command.js')],
  ['rate', () => import('./demand.command.js')],
  ['visit', () => import('./visit.command.js')],
  ['cancel', () => import('./demand.command.js')],
  ['pause', () => import('./pause.command.js')],
  ['resume', () => import('./pause.command.js')],
  ['list', () => import('./demand.command.js')],
  ['show', () => import('./demand.command.js')],
  ['find', () => import('./find.command.js')],
  ['today', () => import('./today.command.js')],
  ['care', () => import('./care.command.js')],
  ['meeting new', () => import('./meeting.command.js')],
  ['meeting raise', () => import('./meeting.command.js')],
  ['meeting propose', () => import('./meeting.command.js')],
  ['meeting decide', () => import('./meeting.command.js')],
  ['meeting task', () => import('./meeting.command.js')],
  ['meeting evaluate', () => import('./meeting.command.js')],
  ['meeting list', () => import('./meeting.command.js')],
  ['meeting show', () => import('./meeting.command.js')],
  ['report', () => import('./report.command.js')],
  ['calendar', () => import('./calendar.command.js')],
  ['calendar set', () => import('./calendar.command.js')],
  ['calendar import', () => import('./calendar.command.js')],
  ['points earn', () => import('./points.command.js')],
  ['points activity', () => import('./points.command.js')],
  ['points item add', () => import('./points.command.js')],
  ['points item list', () => import('./points.command.js')],
  ['points item restock', () => import('./points.command.js')],
  ['points redeem', () => import('./points.command.js')],
  ['points reverse', () => import('./points.command.js')],
  ['points balance', () => import('./points.command.js')],
  ['points ledger', () => import('./points.command.js')],
  ['house add', () => import('./house.command.js')],
  ['house list', () => import('./house.command.js')],
  ['house show', () => import('./house.command.js')],
  ['import houses', () => import('./import.command.js')],
  ['import residents', () => import('./import.command.js')],
  ['import teams', () => import('./import.command.js')],
  ['import demands', () => import('./import.command.js')],
  ['import points', () => import('./import.command.js')],
  ['fee rule set', () => import('./fee.command.js')],
  ['fee bill', () => import('./fee.command.js')],
  ['fee pay', () => import('./fee.command.js')],
  ['fee waive', () => import('./fee.command.js')],
  ['fee reverse', () => import('./fee.command.js')],
  ['fee arrears', () => import('./fee.command.js')],
  ['fee ledger', () => import('./fee.command.js')],
  ['demo', () => import('./demo.command.js')],
  ['backup', () => import('./safety.command.js')],
  ['doctor', () => import('./safety.command.js')],
  ['copy', () => import('./copy.command.js')],
];

/** The groups of commands (`hongwu points …`), with their help. */
export const GROUPS: Readonly<Record<string, string>> = {
  community: '社区 communities in this file',
  team: '队伍 teams: 三方联动, 党员先锋队, 志愿服务队',
  resident: '居民 residents and their special-group tags',
  meeting: '红色议事厅 consultation meetings: 居民提问题 → 多方拟方案 → 会议作决议 → 分工抓落实 → 效果大家评',
  points: '志愿积分与爱心超市 volunteer points and the love supermarket',
  'points item': '爱心超市物品 items of the love supermarket',
  house: '房屋 houses, the units property fees are billed to',
  import: '导入台账 bring existing ledgers in',
  fee: '物业费 property fees: rules, bills, payments, waivers, arrears',
  'fee rule': '收费标准 fee rules',
};

const loaded = new Map<string, Declaration>();

/** The declaration with `path` among a module's exports. */
function declarationIn(module: object, path: string): Declaration {
  const found = Object.values(module).find(
    (d: Partial<Declaration> | undefined) => d?.path === path && typeof d.run === 'function',
  );
  if (!found) throw new Error(`no declaration of "${path}" in its module`);
  return found as Declaration;
}

/**
 * Loads the modules of the commands whose first word is `first` (`points` → `points earn`,
 * `points item add`…); none for null (no command: `--version`); every command's when `first` is
 * none of theirs (help, a mistyped name, to suggest the right one).
 */
export async function loadCommands(first?: string | null): Promise<void> {
  if (first === null) return;
  const all = !COMMANDS.some(([path]) => path.split(' ')[0] === first);
  const wanted = COMMANDS.filter(([path]) => !loaded.has(path) && (all || path.split(' ')[0] === first));
  await Promise.all(wanted.map(async ([path, module]) => loaded.set(path, declarationIn(await module(), path))));
}

/** The commands loaded so far (by `loadCommands`), in the order of the list. */
export const loadedCommands = (): Declaration[] => COMMANDS.flatMap(([path]) => loaded.get(path) ?? []);

/** Every command's declaration, each module loaded: for help and the tests that go through them all. */
export async function allCommands(): Promise<Declaration[]> {
  await loadCommands();
  return loadedCommands();
}
