import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { CLI_SPELLING } from '../../src/cli/spelling.js';
import { shellWord } from '../../src/domain/shell.js';
import { step } from '../../src/domain/next-step.js';
import { baseEnv, BIN, cli, tempDir } from '../helpers/cli.js';

/** Runs a line as a clerk pasting it into a shell would, `hongwu` being the built binary. */
function pasted(line: string, cwd: string) {
  const r = spawnSync('sh', ['-c', line.replace(/(?<=^|\s)hongwu(?=\s|$)/, `${process.execPath} ${BIN}`)], {
    cwd,
    env: { PATH: process.env.PATH, HOME: cwd },
    encoding: 'utf8',
  });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

describe('the commands hongwu suggests can be pasted into a shell', () => {
  it('leaves one-word values as they are and quotes what a shell would split or read', () => {
    expect(shellWord('202611-0007')).toBe('202611-0007');
    expect(shellWord('张三')).toBe('张三');
    expect(shellWord('买买提·艾力')).toBe('买买提·艾力');
    expect(shellWord('/srv/backup/hongwu.db')).toBe('/srv/backup/hongwu.db');
    expect(shellWord('John Smith')).toBe("'John Smith'");
    expect(shellWord('postgres://clerk@db/hongwu?host=/run&port=5433')).toBe(
      "'postgres://clerk@db/hongwu?host=/run&port=5433'",
    );
    expect(shellWord("O'Brien")).toBe(`'O'\\''Brien'`);
    expect(shellWord('#12')).toBe("'#12'");
    expect(shellWord('')).toBe("''");
    expect(shellWord('<n>')).toBe('<n>');
    expect(shellWord('<a b>')).toBe("'<a b>'");
  });

  it('quotes a next step’s values but not its placeholders', () => {
    const s = step('points balance', ['John Smith'], { month: { zh: '<月份>', en: '<month>' } });
    expect(CLI_SPELLING.zh(s)).toBe("hongwu points balance 'John Smith' --month <月份>");
  });

  it('a backup into a folder with a space says how to check it, and that line runs as printed', async () => {
    const dir = tempDir();
    const db = path.join(dir, 'hongwu.db');
    const env = baseEnv(db);
    expect((await cli(['init', '--community', '蓝色港湾', '--code', 'lsgw'], env)).code).toBe(0);
    const target = path.join(dir, '社区 备份', 'hongwu-2026-11-26.db');
    fs.mkdirSync(path.dirname(target));
    const r = await cli(['backup', target, '--yes'], env);
    expect(r.code).toBe(0);
    const check = r.stderr.match(/^检查备份：(.*?)；/)?.[1];
    expect(check).toBe(`HONGWU_DB='${target}' hongwu doctor`);
    const doctor = pasted(check!, dir);
    expect([doctor.code, doctor.stdout]).toEqual([0, expect.stringContaining('结论：健康')]);
  });
});
