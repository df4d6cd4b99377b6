import { describe, expect, it } from 'vitest';
import { addressLabel, normaliseAddress } from '../../src/domain/address.js';

describe('normaliseAddress: one normal form for a house (SPEC §12, §15)', () => {
  it.each([
    ['3-2-501', '3-2-501'],
    ['3栋2单元501室', '3-2-501'],
    ['3幢2单元501', '3-2-501'],
    ['3号楼2单元501号', '3-2-501'],
    ['３－２－５０１', '3-2-501'],
    ['３栋２单元５０１室', '3-2-501'],
    [' 3 栋 2 单元 501 ', '3-2-501'],
    ['03-02-0501', '3-2-501'],
    ['3/2/501', '3-2-501'],
    ['a座1单元1201', 'A-1-1201'],
    ['12栋302', '12-302'],
    ['12-302', '12-302'],
    ['第3栋第2单元501室', '3-2-501'],
  ])('%s → %s', (input, normal) => {
    expect(normaliseAddress(input)).toBe(normal);
  });

  it.each(['', '幸福里', '3栋', '501', '3-2-501-7', '3栋2单元'])('%s is no address', (input) => {
    expect(normaliseAddress(input)).toBeUndefined();
  });

  it('reads the normal form back for people', () => {
    expect(addressLabel('3-2-501', 'zh')).toBe('3栋2单元501室');
    expect(addressLabel('12-302', 'zh')).toBe('12栋302室');
    expect(addressLabel('3-2-501', 'en')).toBe('Bldg 3, Unit 2, Room 501');
  });
});
