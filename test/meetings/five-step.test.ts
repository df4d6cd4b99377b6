import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { NotAllowedError } from '../../src/domain/errors.js';
import {
  blockingTasks,
  STEPS,
  stepAfter,
  votePasses,
  type FiveStep,
  type TopicAction,
} from '../../src/domain/five-step.js';

/** Every action from every step: the step it leads to, or the next step the refusal names. */
const TABLE: [FiveStep, TopicAction, FiveStep | string][] = [
  ['raised', 'propose', 'proposed'],
  ['raised', 'decide', 'next step: propose a plan'],
  ['raised', 'task', 'next step: propose a plan'],
  ['raised', 'evaluate', 'next step: propose a plan'],
  ['proposed', 'propose', 'proposed'],
  ['proposed', 'decide', 'decided'],
  ['proposed', 'task', 'next step: vote on a proposal'],
  ['proposed', 'evaluate', 'next step: vote on a proposal'],
  ['decided', 'propose', 'next step: divide the work'],
  ['decided', 'decide', 'next step: divide the work'],
  ['decided', 'task', 'implementing'],
  ['decided', 'evaluate', 'next step: divide the work'],
  ['implementing', 'propose', 'next step: once its tasks are resolved, evaluate'],
  ['implementing', 'decide', 'next step: once its tasks are resolved, evaluate'],
  ['implementing', 'task', 'implementing'],
  ['implementing', 'evaluate', 'evaluated'],
  ['evaluated', 'propose', 'nothing: the topic has been evaluated'],
  ['evaluated', 'decide', 'nothing: the topic has been evaluated'],
  ['evaluated', 'task', 'nothing: the topic has been evaluated'],
  ['evaluated', 'evaluate', 'nothing: the topic has been evaluated'],
];

describe('the five-step machine', () => {
  it.each(TABLE)('%s + %s → %s', (step, action, expected) => {
    if ((STEPS as readonly string[]).includes(expected)) {
      expect(stepAfter(step, action, 'T1')).toBe(expected);
      return;
    }
    try {
      stepAfter(step, action, 'T1');
      expect.unreachable();
    } catch (e) {
      expect(e).toBeInstanceOf(NotAllowedError);
      expect((e as NotAllowedError).exitCode).toBe(1);
      expect((e as NotAllowedError).message).toContain(`topic T1 is at step ${step}`);
      expect((e as NotAllowedError).hint).toContain(expected);
    }
  });

  it('a failed vote keeps the topic proposed', () => {
    expect(stepAfter('proposed', 'decide', 'T1', false)).toBe('proposed');
  });

  it('a proposal passes exactly when more vote for than against', () => {
    fc.assert(fc.property(fc.nat(1000), fc.nat(1000), (f, a) => votePasses(f, a) === f > a));
    expect(votePasses(5, 5)).toBe(false);
    expect(votePasses(0, 0)).toBe(false);
  });

  it('only open and assigned tasks hold up the evaluation', () => {
    const tasks = ['open', 'assigned', 'resolved', 'closed', 'cancelled'].map((status) => ({ status }));
    expect(blockingTasks(tasks).map((t) => t.status)).toEqual(['open', 'assigned']);
  });
});
