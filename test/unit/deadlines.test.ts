import { describe, expect, it } from 'vitest';
import { deadlinesFor, defaultTiers } from '../../src/domain/deadlines.js';
import { formatInstant } from '../../src/domain/time.js';

const SH = 'Asia/Shanghai';
const at = (local: string) => new Date(`${local}+08:00`);
const show = (d: { responseDueAt: Date; resolveDueAt: Date }) => ({
  respond: formatInstant(d.responseDueAt, SH),
  resolve: formatInstant(d.resolveDueAt, SH),
});

describe('deadlines per tier (简单问题即时办、复杂问题限时结、重大事项专项推)', () => {
  it('immediate: respond in 2 hours, resolve by the end of the day', () => {
    expect(show(deadlinesFor('immediate', at('2026-11-26T09:30:00'), SH))).toEqual({
      respond: '2026-11-26T11:30:00+08:00',
      resolve: '2026-11-26T23:59:59.999+08:00',
    });
  });

  it('immediate after 18:00: resolve by the end of the next day', () => {
    expect(show(deadlinesFor('immediate', at('2026-11-26T17:59:59'), SH)).resolve).toBe(
      '2026-11-26T23:59:59.999+08:00',
    );
    expect(show(deadlinesFor('immediate', at('2026-11-26T18:00:00'), SH)).resolve).toBe(
      '2026-11-26T23:59:59.999+08:00',
    );
    expect(show(deadlinesFor('immediate', at('2026-11-26T18:00:00.001'), SH)).resolve).toBe(
      '2026-11-27T23:59:59.999+08:00',
    );
    expect(show(deadlinesFor('immediate', at('2026-11-26T18:01:00'), SH)).resolve).toBe(
      '2026-11-27T23:59:59.999+08:00',
    );
    expect(show(deadlinesFor('immediate', at('2026-11-26T23:30:00'), SH))).toEqual({
      respond: '2026-11-27T01:30:00+08:00',
      resolve: '2026-11-27T23:59:59.999+08:00',
    });
  });

  it('immediate after 18:00 on the last day of a month and of a year rolls over', () => {
    expect(show(deadlinesFor('immediate', at('2026-11-30T19:00:00'), SH)).resolve).toBe(
      '2026-12-01T23:59:59.999+08:00',
    );
    expect(show(deadlinesFor('immediate', at('2026-12-31T20:00:00'), SH)).resolve).toBe(
      '2027-01-01T23:59:59.999+08:00',
    );
    expect(show(deadlinesFor('immediate', at('2028-02-28T18:30:00'), SH)).resolve).toBe(
      '2028-02-29T23:59:59.999+08:00',
    );
  });

  it('timed: respond in 24 hours, resolve 7 calendar days later (configurable), or by --due', () => {
    expect(show(deadlinesFor('timed', at('2026-12-28T10:00:00'), SH))).toEqual({
      respond: '2026-12-29T10:00:00+08:00',
      resolve: '2027-01-04T10:00:00+08:00',
    });
    expect(show(deadlinesFor('timed', at('2026-11-26T10:00:00'), SH, { tiers: defaultTiers(3) })).resolve).toBe(
      '2026-11-29T10:00:00+08:00',
    );
    const due = at('2026-12-10T23:59:59.999');
    expect(deadlinesFor('timed', at('2026-11-26T10:00:00'), SH, { due }).resolveDueAt).toEqual(due);
  });

  it('major: respond in 24 hours, resolve by --due, which is required', () => {
    const due = at('2027-03-31T23:59:59.999');
    expect(show(deadlinesFor('major', at('2026-11-26T10:00:00'), SH, { due }))).toEqual({
      respond: '2026-11-27T10:00:00+08:00',
      resolve: '2027-03-31T23:59:59.999+08:00',
    });
    expect(() => deadlinesFor('major', at('2026-11-26T10:00:00'), SH)).toThrow(/due/);
  });

  it('counts the 18:00 rule in the database zone, not UTC', () => {
    // 11:00 UTC is 19:00 in Shanghai: after 18:00 there, though morning in UTC.
    const received = new Date('2026-11-26T11:00:00Z');
    expect(show(deadlinesFor('immediate', received, SH)).resolve).toBe('2026-11-27T23:59:59.999+08:00');
    expect(formatInstant(deadlinesFor('immediate', received, 'UTC').resolveDueAt, 'UTC')).toBe(
      '2026-11-26T23:59:59.999+00:00',
    );
  });
});

describe('per-community tier durations (SPEC §9)', () => {
  const tiers = {
    ...defaultTiers(),
    timedResolve: { n: 5, unit: 'wd' as const },
    majorRespond: { n: 1, unit: 'wd' as const },
    immediateResolve: { n: 4, unit: 'h' as const },
  };

  it('a wd resolve deadline is the end of the N-th working day after intake, and says its unit', () => {
    const d = deadlinesFor('timed', at('2026-11-26T10:00:00'), SH, { tiers });
    expect(show(d)).toEqual({ respond: '2026-11-27T10:00:00+08:00', resolve: '2026-12-03T23:59:59.999+08:00' });
    expect(d.resolveUnit).toBe('wd');
  });

  it('--due still overrides, and its deadline moves in wall time', () => {
    const due = at('2026-12-10T23:59:59.999');
    expect(deadlinesFor('timed', at('2026-11-26T10:00:00'), SH, { tiers, due })).toMatchObject({
      resolveDueAt: due,
      resolveUnit: null,
    });
  });

  it('major responds in working days; immediate may resolve in hours instead of the same day', () => {
    const due = at('2027-03-31T23:59:59.999');
    expect(show(deadlinesFor('major', at('2026-11-27T10:00:00'), SH, { tiers, due })).respond).toBe(
      '2026-11-30T23:59:59.999+08:00',
    );
    expect(show(deadlinesFor('immediate', at('2026-11-26T19:00:00'), SH, { tiers })).resolve).toBe(
      '2026-11-26T23:00:00+08:00',
    );
  });
});
