import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ENTER, inTerminal } from '../helpers/terminal.js';
import { importFixture } from './helpers.js';

/** On a terminal: progress on stderr, the plan, and a question before anything is written (SPEC §11). */
describe('import on a terminal', () => {
  it('shows progress and the plan, then asks; no writes nothing, yes imports', () => {
    const f = importFixture();
    const sheet = path.join(f.dir, f.fixture('居民花名册-wps.csv'));
    const declined = inTerminal(['import', 'residents', sheet], f.env, [
      { expect: '导入这 4 条居民？', send: `n${ENTER}` },
    ]);
    expect(declined.code).toBe(0);
    expect(declined.output).toContain('检查居民 4/4 行');
    expect(declined.output).toContain('4 行检查通过：新增居民 4 条，已有 0 条');
    expect(declined.output).toContain('未导入，数据库没有改动');
    expect(f.json('resident', 'list')).toEqual([]);
    const accepted = inTerminal(['import', 'residents', sheet], f.env, [
      { expect: '导入这 4 条居民？', send: `y${ENTER}` },
    ]);
    expect(accepted.code).toBe(0);
    expect(accepted.output).toContain('写入居民 4/4');
    expect(accepted.output).toContain('已导入幸福里居民 4 条；已有 0 条跳过');
    expect(f.json('resident', 'list')).toHaveLength(4);
  });
});
