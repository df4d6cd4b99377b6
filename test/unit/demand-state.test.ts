import { describe, expect, it } from 'vitest';
import type { Rating, Status } from '../../src/domain/codes.js';
import { isOverdue, nextStatus, type DemandAction } from '../../src/domain/demand-state.js';
import { NotAllowedError } from '../../src/domain/errors.js';

const STATUSES: Status[] = ['open', 'assigned', 'resolved', 'closed', 'cancelled'];
const rate = (rating: Rating, final = false, hasAssignee = true): DemandAction => ({
  type: 'rate',
  rating,
  final,
  hasAssignee,
});

/** Every allowed transition of SPEC §4; everything else must be refused. */
const ALLOWED: [Status, string, DemandAction, Status][] = [
  ['open', 'assign', { type: 'assign' }, 'assigned'],
  ['assigned', 'reassign', { type: 'assign' }, 'assigned'],
  ['open', 'resolve at the desk', { type: 'resolve' }, 'resolved'],
  ['assigned', 'resolve', { type: 'resolve' }, 'resolved'],
  ['resolved', 'rate satisfied', rate('satisfied'), 'closed'],
  ['resolved', 'rate basic', rate('basic'), 'closed'],
  ['resolved', 'rate unsatisfied (reopen to assigned)', rate('unsatisfied'), 'assigned'],
  ['resolved', 'rate unsatisfied, never assigned (reopen to open)', rate('unsatisfied', false, false), 'open'],
  ['resolved', 'rate unsatisfied --final', rate('unsatisfied', true), 'closed'],
  ['resolved', 'rate satisfied --final', rate('satisfied', true), 'closed'],
  ['open', 'cancel', { type: 'cancel' }, 'cancelled'],
  ['assigned', 'cancel', { type: 'cancel' }, 'cancelled'],
];

const ACTIONS: DemandAction[] = [
  { type: 'assign' },
  { type: 'resolve' },
  rate('satisfied'),
  rate('unsatisfied'),
  { type: 'cancel' },
];

describe('the demand state machine', () => {
  it.each(ALLOWED)('%s --%s--> %s', (from, _name, action, to) => {
    expect(nextStatus(from, action, '202611-0001')).toBe(to);
  });

  const refused = STATUSES.flatMap((from) =>
    ACTIONS.filter((a) => !ALLOWED.some(([f, , x]) => f === from && x.type === a.type)).map(
      (a) => [from, a.type, a] as const,
    ),
  );

  it('refuses exactly the other transitions', () => {
    expect(refused.map(([f, t]) => `${f}:${t}`).sort()).toEqual(
      [
        'open:rate',
        'open:rate',
        'assigned:rate',
        'assigned:rate',
        'resolved:assign',
        'resolved:resolve',
        'resolved:cancel',
        'closed:assign',
        'closed:resolve',
        'closed:rate',
        'closed:rate',
        'closed:cancel',
        'cancelled:assign',
        'cancelled:resolve',
        'cancelled:rate',
        'cancelled:rate',
        'cancelled:cancel',
      ].sort(),
    );
  });

  it.each(refused)('refuses %s --%s with exit 1 and names the next step', (from, _type, action) => {
    let error: unknown;
    try {
      nextStatus(from, action, '202611-0001');
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(NotAllowedError);
    expect((error as NotAllowedError).exitCode).toBe(1);
    expect((error as NotAllowedError).message).toContain(`is ${from}`);
    expect((error as NotAllowedError).hint).toMatch(/^next step for 202611-0001: /);
  });
});

describe('overdue (超期)', () => {
  const due = '2026-11-26T02:00:00.000Z';
  const after = new Date('2026-11-26T02:00:00.001Z');
  it('is an unresolved demand past its resolve deadline', () => {
    expect(STATUSES.filter((status) => isOverdue({ status, resolve_due_at: due, paused_at: null }, after))).toEqual([
      'open',
      'assigned',
    ]);
  });
  it('is not yet at the deadline itself', () => {
    expect(isOverdue({ status: 'open', resolve_due_at: due, paused_at: null }, new Date(due))).toBe(false);
  });
  it('is never a paused demand: its clock is stopped', () => {
    expect(isOverdue({ status: 'assigned', resolve_due_at: due, paused_at: '2026-11-25T02:00:00.000Z' }, after)).toBe(
      false,
    );
  });
});
