import { describe, expect, it } from 'vitest';
import { baseEnv, spawnCli, tempDbPath } from '../helpers/cli.js';

/** SPEC §12: a command's --help lists its codes with their Chinese labels, from domain/codes.ts. */
describe('--help names the codes in Chinese', () => {
  const env = baseEnv(tempDbPath());
  const squeeze = (text: string): string => text.replace(/\s+/g, '');
  /** Help of the built binary without whitespace: where it wraps depends on the width. */
  const help = (...args: string[]): string => {
    const r = spawnCli([...args, '--help'], env);
    expect(r).toMatchObject({ code: 0, stderr: '' });
    return squeeze(r.stdout);
  };

  it('intake: exactly these lines for channel and tier at 80 columns (a pipe)', () => {
    const r = spawnCli(['intake', '--help'], env);
    expect(r.code).toBe(0);
    const lines = r.stdout.split('\n');
    const from = lines.findIndex((l) => l.startsWith('  --channel'));
    expect(lines.slice(from, from + 3)).toEqual([
      '  --channel <ch>              渠道 channel：walk_in 窗口来访、phone 电话、online',
      '                              线上平台、collection_point 民情收集点、grid',
      '                              网格员/楼长上报、patrol 巡查发现、meeting 议事会',
    ]);
    const tier = lines.findIndex((l) => l.startsWith('  --tier'));
    expect(lines.slice(tier, tier + 2)).toEqual([
      '  --tier <tier>               分级 tier：immediate 即时办、timed 限时结、major',
      '                              专项推（默认 default timed）',
    ]);
  });

  it('every command taking a code lists each code with its label', () => {
    expect(help('intake')).toContain(squeeze('repair 设施维修、'));
    expect(help('intake')).toContain(squeeze('suggestion 建议（默认 default request）'));
    expect(help('resolve')).toContain(squeeze('mediated 调解成功、'));
    expect(help('rate')).toContain(squeeze('satisfied 满意、basic 基本满意、unsatisfied 不满意'));
    expect(help('list')).toContain(squeeze('closed 已评价、cancelled 已撤销；另有 also overdue|paused|all|active'));
    expect(help('team', 'add')).toContain(squeeze('property 物业服务企业、'));
    expect(help('points', 'earn')).toContain(squeeze('patrol 巡逻、cleanup 环境整治、'));
    expect(help('points', 'activity')).toContain(squeeze('mediation 矛盾调解、other 其他'));
    expect(help('resident', 'add')).toContain(squeeze('elderly_alone 独居老人、'));
    expect(help('resident', 'list')).toContain(squeeze('left_behind_child 留守儿童、'));
    expect(help('care')).toContain(squeeze('escort 接送陪护、other 其他（默认 default visit）'));
    expect(help('meeting', 'evaluate')).toContain(squeeze('satisfied 满意、basic 基本满意'));
    expect(help('visit')).toContain(squeeze('unreachable 未接通、declined 拒绝评价'));
    expect(help('fee', 'pay')).toContain(squeeze('wechat 微信、alipay 支付宝、'));
    expect(help('fee', 'rule', 'set')).toContain(squeeze('quarter 季度、year 年（默认 default month）'));
  });
});
