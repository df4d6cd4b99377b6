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

  it('keeps every way of reading an ambiguous run (xian = xian or xi + an)', () => {
    const readings = pinyinReadings('xian');
    expect(readings[0]).toEqual(['xian']);
    expect(readings).toContainEqual(['xi', 'an']);
  });

  it('gives nothing for what no pinyin can be, and at most a dozen readings of five syllables', () => {
    expect(pinyinReadings('iii')).toEqual([]);
    expect(pinyinReadings('zs1')).toEqual([]);
    expect(pinyinReadings('')).toEqual([]);
    const long = pinyinReadings('zhangsanlisiwangwu');
    expect(long.length).toBeLessThanOrEqual(12);
    for (const r of long) expect(r.length).toBeLessThanOrEqual(5);
    expect(pinyinReadings('abcdefghzhangsan').every((r) => r.join('') === 'abcdefghzhangsan')).toBe(true);
  });
});
