import { describe, expect, it } from 'vitest';
import { pinyinReadings } from '../../src/domain/pinyin-typing.js';

/** SPEC §12: pinyin typed as a clerk types it, syllables in full or by initial, mixed. */
describe('pinyinReadings', () => {
  it('cuts mixed typing into syllables and initials, the fewest pieces first', () => {
    expect(pinyinReadings('shanxm')[0]).toEqual(['shan', 'x', 'm']);
    expect(pinyinReadings('zhangw')[0]).toEqual(['zhang', 'w']);
    expect(pinyinReadings('zhangwei')[0]).toEqual(['zhang', 'wei']);
    expect(pinyinReadings('zw')).toEqual([['z', 'w']]);
    // zh, ch and sh are typed as initials too.
    expect(pinyinReadings('zhw')).toContainEqual(['zh', 'w']);
  });

  it('reads the last syllable half typed, as a prompt narrows', () => {
    expect(pinyinReadings('zhangwe')).toContainEqual(['zhang', 'we']);
    expect(pinyinReadings('xiaomi')).toContainEqual(['xiao', 'mi']);
  });

  it('keeps the ways of reading a run that a clerk may mean, not a vowel cut off its syllable', () => {
    expect(pinyinReadings('shanxm')).toEqual([
      ['shan', 'x', 'm'],
      ['sha', 'n', 'x', 'm'],
      ['s', 'han', 'x', 'm'],
    ]);
    // ling, lin + g, li + n + g: each may be a name (凌, 林刚, 李娜刚).
    expect(pinyinReadings('ling')).toEqual([['ling'], ['lin', 'g'], ['li', 'n', 'g']]);
    expect(pinyinReadings('xian')).toEqual([['xian'], ['xia', 'n']]);
  });

  it('gives nothing for what no pinyin can be, and at most six readings of four syllables', () => {
    expect(pinyinReadings('iii')).toEqual([]);
    expect(pinyinReadings('zs1')).toEqual([]);
    expect(pinyinReadings('')).toEqual([]);
    const long = pinyinReadings('zhangsanlisiwangwu');
    expect(long).toEqual([]);
    const three = pinyinReadings('zhangsanfeng');
    expect(three[0]).toEqual(['zhang', 'san', 'feng']);
    expect(three.length).toBeLessThanOrEqual(6);
    for (const r of three) expect(r.length).toBeLessThanOrEqual(4);
    expect(pinyinReadings('abcdefghzhangsan').every((r) => r.join('') === 'abcdefghzhangsan')).toBe(true);
  });
});
