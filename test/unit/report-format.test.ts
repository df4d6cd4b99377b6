import { describe, expect, it } from 'vitest';
import { formatValue } from '../../src/cli/views/report.view.js';
import { isSigned, METRICS } from '../../src/domain/metrics.js';

describe('report values for people', () => {
  it('shows a change with its sign, a rate without; nothing for no value', () => {
    expect(isSigned('complaints_yoy_change')).toBe(true);
    expect(Object.keys(METRICS).filter((m) => isSigned(m as keyof typeof METRICS))).toEqual(['complaints_yoy_change']);
    expect(formatValue(22.2, 'percent', 'zh', true)).toBe('+22.2%');
    expect(formatValue(-58, 'percent', 'zh', true)).toBe('-58.0%');
    expect(formatValue(0, 'percent', 'zh', true)).toBe('0.0%');
    expect(formatValue(98.8, 'percent', 'zh')).toBe('98.8%');
    expect(formatValue(null, 'percent', 'en', true)).toBe('—');
  });
});
