import type { Labels } from './codes.js';
import { bi, NotAllowedError, type Bilingual } from './errors.js';
import { step as command, type Said, type Step } from './next-step.js';

/**
 * The five-step method of the consultation meeting (红色议事厅五步法, SPEC §6). A topic moves
 * forward only, one step at a time:
 *
 *   raised 居民提问题 --propose--> proposed 多方拟方案 --decide (passed)--> decided 会议作决议
 *     --task--> implementing 分工抓落实 --evaluate--> evaluated 效果大家评
 *
 * More proposals may be added while the topic is proposed; a failed vote leaves it proposed; more
 * tasks may be added while it is decided or implementing.
 */
export const STEPS = ['raised', 'proposed', 'decided', 'implementing', 'evaluated'] as const;
export type FiveStep = (typeof STEPS)[number];

export type TopicAction = 'propose' | 'decide' | 'task' | 'evaluate';

export const stepLabels = {
  labels: {
    raised: { zh: '居民提问题', en: 'Raised' },
    proposed: { zh: '多方拟方案', en: 'Proposed' },
    decided: { zh: '会议作决议', en: 'Decided' },
    implementing: { zh: '分工抓落实', en: 'Implementing' },
    evaluated: { zh: '效果大家评', en: 'Evaluated' },
  } satisfies Labels,
  codes: [...STEPS],
};

/** The steps in which each action is allowed. */
const ALLOWED: Record<TopicAction, readonly FiveStep[]> = {
  propose: ['raised', 'proposed'],
  decide: ['proposed'],
  task: ['decided', 'implementing'],
  evaluate: ['implementing'],
};

/** The command that takes a topic's next step (none once evaluated). */
export function nextStepCommand(step: Exclude<FiveStep, 'evaluated'>, topic: string): Step {
  switch (step) {
    case 'raised':
      return command('meeting propose', [topic, bi('<方案>', '<proposal>')], { by: bi('<队伍>', '<team>') });
    case 'proposed':
      return command('meeting decide', [topic], { proposal: '<n>', for: '<n>', against: '<n>' });
    case 'decided':
      return command('meeting task', [topic, bi('<任务>', '<action>')], { to: bi('<队伍>', '<team>') });
    case 'implementing':
      return command('meeting evaluate', [topic, bi('满意|基本满意|不满意', 'satisfied|basic|unsatisfied')]);
  }
}

/** What to do next at each step, as the command the clerk types. */
export function nextStepHint(step: FiveStep, topic: string): Bilingual | Said {
  if (step === 'evaluated') return bi('无：议题已评价', 'nothing: the topic has been evaluated');
  const next = nextStepCommand(step, topic);
  const what = {
    raised: bi('多方拟方案', 'propose a plan'),
    proposed: bi('会议表决', 'vote on a proposal'),
    decided: bi('分工抓落实', 'divide the work'),
    implementing: bi('任务办结后，效果大家评', 'once its tasks are resolved, evaluate'),
  }[step];
  return (s) => bi(`下一步：${what.zh} — ${s.zh(next)}`, `next step: ${what.en} — ${s.en(next)}`);
}

/**
 * The step after the action, or a NotAllowedError naming the next step. `passed` is the vote's
 * result for `decide` (a failed vote keeps the topic proposed).
 */
export function stepAfter(current: FiveStep, action: TopicAction, topic: string, passed = true): FiveStep {
  if (!ALLOWED[action].includes(current)) {
    const verb = ACTION_NAMES[action];
    const at = stepLabels.labels[current].zh;
    throw new NotAllowedError(
      bi(
        `议题 ${topic} 处于“${at}”，现在不能${verb.zh}`,
        `topic ${topic} is at step ${current} (${at}); it cannot be ${verb.en} now`,
      ),
      nextStepHint(current, topic),
    );
  }
  switch (action) {
    case 'propose':
      return 'proposed';
    case 'decide':
      return passed ? 'decided' : 'proposed';
    case 'task':
      return 'implementing';
    case 'evaluate':
      return 'evaluated';
  }
}

const ACTION_NAMES: Record<TopicAction, Bilingual> = {
  propose: bi('提方案', 'given a proposal'),
  decide: bi('表决', 'decided'),
  task: bi('分派任务', 'given a task'),
  evaluate: bi('评价', 'evaluated'),
};

/** 会议作决议: a proposal passes with more votes for than against (abstentions do not count). */
export function votePasses(votesFor: number, votesAgainst: number): boolean {
  return votesFor > votesAgainst;
}

/** Task demands that still hold up the evaluation: neither resolved nor closed (cancelled ones were withdrawn). */
export function blockingTasks<T extends { status: string }>(tasks: readonly T[]): T[] {
  return tasks.filter((t) => t.status === 'open' || t.status === 'assigned');
}
