import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { isAboutField, naming, UsageError } from '../../src/domain/errors.js';
import * as demands from '../../src/services/demand.service.js';
import { chooseCommunity, openSession, runCommand, type Scope } from '../../src/services/session.js';
import { cli, initDb } from '../helpers/cli.js';

/**
 * Use cases word an error about an input field in the domain's terms, keyed by the field; the CLI
 * names the flag, an importer would name the row and the column.
 */
describe('errors keyed by field', () => {
  let scope: Scope;
  let env: Record<string, string | undefined>;

  beforeEach(async () => {
    const made = await initDb();
    env = made.env;
    const session = await openSession({ path: made.db, create: false, operator: 'test', nowOverride: env.HONGWU_NOW });
    scope = { ...session, community: await chooseCommunity(session, undefined) };
  });
  afterEach(async () => {
    await scope.store.close();
  });

  async function refusal(work: Parameters<typeof runCommand>[1]): Promise<unknown> {
    try {
      await runCommand(scope, work);
    } catch (e) {
      return e;
    }
    throw new Error('expected a refusal');
  }

  it("says an empty note in the domain's words, with no flag in it", async () => {
    const taken = await runCommand(scope, (tx) =>
      demands.intake(tx, scope, {
        summary: '路灯不亮',
        channel: 'phone',
        category: 'repair',
        kind: 'request',
        tier: 'timed',
      }),
    );
    const e = await refusal((tx) =>
      demands.resolve(tx, scope, { number: taken.number, note: '  ', outcome: 'resolved' }),
    );
    expect(e).toBeInstanceOf(UsageError);
    expect(e).toMatchObject({ field: 'note', exitCode: 2, text: { zh: '办结说明为空', en: 'the note is empty' } });
    // An importer names the row and the column instead.
    expect(
      isAboutField(e) && naming(e, { zh: '第17行，办结说明', en: 'row 17, note', noun: 'row 17, note' }).text,
    ).toEqual({
      zh: '第17行，办结说明为空',
      en: 'row 17, note is empty',
    });
  });

  it('says a time before the intake about the field `at`, its hint too', async () => {
    const taken = await runCommand(scope, (tx) =>
      demands.intake(tx, scope, {
        summary: '路灯不亮',
        channel: 'phone',
        category: 'repair',
        kind: 'request',
        tier: 'timed',
        at: new Date('2026-11-20T09:00:00+08:00'),
      }),
    );
    const e = await refusal((tx) =>
      demands.cancel(tx, scope, {
        number: taken.number,
        reason: '重复登记',
        at: new Date('2026-11-19T00:00:00+08:00'),
      }),
    );
    expect(e).toMatchObject({
      field: 'at',
      text: {
        zh: '发生时间 2026-11-19 00:00:00 早于该诉求的受理时间（2026-11-20 09:00:00）',
        en: "the time 2026-11-19 00:00:00 is before the demand's intake (2026-11-20 09:00:00)",
      },
      hintText: { zh: '请给一个更晚的发生时间', en: 'give a later time' },
    });
  });

  it('reaches the clerk with the flag named, as before', async () => {
    await cli(['intake', '路灯不亮', '--channel', 'phone', '--category', 'repair', '--at', '2026-11-20 09:00'], env);
    expect(await cli(['cancel', '202611-0001', '--reason', '重复登记', '--at', '2026-11-19'], env)).toEqual({
      code: 2,
      stdout: '',
      stderr: 'hongwu: --at 2026-11-19 00:00:00 早于该诉求的受理时间（2026-11-20 09:00:00）\n  请给一个更晚的 --at\n',
    });
    expect(
      await cli(['--lang', 'en', 'cancel', '202611-0001', '--reason', '重复登记', '--at', '2026-11-19'], env),
    ).toEqual({
      code: 2,
      stdout: '',
      stderr:
        "hongwu: --at 2026-11-19 00:00:00 is before the demand's intake (2026-11-20 09:00:00)\n  give a later --at\n",
    });
  });
});
