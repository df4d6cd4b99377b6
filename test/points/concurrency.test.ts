import { describe, expect, it } from 'vitest';
import { spawnCliAsync } from '../helpers/cli.js';
import { pointsFixture, snapshot } from './fixture.js';

/**
 * Several terminals at the love supermarket at the same moment, as separate processes of the
 * built binary: exactly the affordable redemptions succeed, the others exit 1 and change nothing.
 */
describe('concurrent redemptions', () => {
  it('never spend one balance twice', async () => {
    const { db, env, run } = await pointsFixture();
    expect((await run('points', 'earn', '李四', '100', '--reason', 'patrol')).code).toBe(0);
    expect((await run('points', 'item', 'add', '洗衣液', '--cost', '30')).code).toBe(0);

    const results = await Promise.all(
      Array.from({ length: 6 }, () => spawnCliAsync(['points', 'redeem', '李四', '洗衣液', '--json'], env)),
    );

    const ok = results.filter((r) => r.code === 0);
    const refused = results.filter((r) => r.code !== 0);
    expect(ok).toHaveLength(3);
    for (const r of ok) expect(JSON.parse(r.stdout)).toMatchObject({ resident: '李四', delta: -30, item: '洗衣液' });
    expect(refused.map((r) => [r.code, r.stdout, r.stderr])).toEqual(
      Array(3).fill([
        1,
        '',
        'hongwu: 李四 只有 10 积分；1 × 洗衣液 需要 30\n  未兑换；可用 hongwu points balance 和 hongwu points item list 查看\n',
      ]),
    );
    expect(await snapshot(db)).toMatchObject({ entries: 4, balances: { 3: 10 } });
  });

  it('never sell the last item twice', async () => {
    const { db, env, run } = await pointsFixture();
    for (const who of ['#1', '#2', '李四', '王五'])
      expect((await run('points', 'earn', who, '50', '--reason', 'cleanup')).code).toBe(0);

    const results = await Promise.all(
      ['#1', '#2', '李四', '王五'].map((who) => spawnCliAsync(['points', 'redeem', who, '大米'], env)),
    );

    expect(results.map((r) => r.code).sort()).toEqual([0, 0, 1, 1]);
    for (const r of results.filter((x) => x.code === 1))
      expect(r.stderr).toBe('hongwu: 大米 已无库存\n  补货：hongwu points item restock 大米 <数量>\n');
    const after = await snapshot(db);
    expect(after.stock.大米).toBe(0);
    expect(Object.values(after.balances).sort()).toEqual([20, 20, 50, 50]);
  });
});
