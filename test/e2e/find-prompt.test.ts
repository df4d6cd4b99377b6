import { beforeAll, describe, expect, it } from 'vitest';
import { cli, initDb } from '../helpers/cli.js';
import { ENTER, inTerminal } from '../helpers/terminal.js';

/**
 * SPEC §12: a resident prompt matches as `find` does, in a real terminal: pinyin initials, full
 * pinyin and the two mixed (a surname with two readings too), a part of the phone, the address in
 * any form. Each answer is then the one resident it named (the points go to them).
 */
let env: Record<string, string | undefined>;

beforeAll(async () => {
  ({ env } = await initDb());
  const add = async (args: string[]) => expect((await cli(['resident', 'add', ...args], env)).code).toBe(0);
  await add(['张伟', '--phone', '13900000001', '--address', '5-1-302']);
  await add(['单晓明', '--phone', '13812345678', '--address', '3-2-501']);
  await add(['曾国强', '--phone', '13700002222', '--address', '3-2-502']);
  await add(['李四', '--phone', '13600003333']);
});

/** Types `term` at the resident prompt of `points earn`, takes the line offered for `shown`, and says whom the points
 * went to. */
function earnFor(term: string, shown: string) {
  const r = inTerminal(['points', 'earn'], env, [
    { expect: '居民', send: term },
    { expect: shown, send: ENTER },
    { expect: '积分', send: `1${ENTER}` },
    { expect: '积分事由', send: ENTER },
  ]);
  expect(r.timeout, `${term}: the prompt offered ${shown}`).toBeNull();
  expect(r.code).toBe(0);
  return /已为 (\S+)（#(\d+)）记 \+1 分/.exec(r.output)?.slice(1, 3);
}

describe('the resident prompt matches as find does (SPEC §12)', () => {
  it.each([
    ['zw', '张伟  139****0001  #1', '张伟', '1'],
    ['zhangwei', '张伟  139****0001  #1', '张伟', '1'],
    ['zhangw', '张伟  139****0001  #1', '张伟', '1'],
    ['shanxm', '单晓明  138****5678  #2', '单晓明', '2'],
    ['dxm', '单晓明  138****5678  #2', '单晓明', '2'],
    ['zengguoqiang', '曾国强  137****2222  #3', '曾国强', '3'],
    ['zgq', '曾国强  137****2222  #3', '曾国强', '3'],
    ['5678', '单晓明  138****5678  #2', '单晓明', '2'],
    ['3栋2单元501室', '单晓明  138****5678  #2', '单晓明', '2'],
    ['3幢2单元502', '曾国强  137****2222  #3', '曾国强', '3'],
  ])('%s finds %s', (term, shown, name, id) => {
    expect(earnFor(term, shown)).toEqual([name, id]);
  });
});
