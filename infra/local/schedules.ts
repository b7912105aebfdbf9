// EventBridge schedule rules, reproduced: `rate(...)` expressions and scheduled-event payloads.
import { randomUUID } from 'node:crypto';
import type { ScheduleModel } from './app-model.ts';

export type Schedule = { next(after: Date): Date };

const UNIT_SECONDS: Record<string, number> = {
  minute: 60,
  minutes: 60,
  hour: 3600,
  hours: 3600,
  day: 86400,
  days: 86400,
};

/** A `rate(...)` expression, the kind the stacks schedule with. */
export function parseScheduleExpression(expression: string): Schedule {
  const rate = /^rate\((\d+) (minutes?|hours?|days?)\)$/.exec(expression.trim());
  const seconds = rate === null ? 0 : Number(rate[1]) * (UNIT_SECONDS[rate[2] ?? ''] ?? 0);
  if (seconds <= 0) throw new Error(`unsupported schedule ${expression} (only rate expressions run locally)`);
  // Like EventBridge, the first run is one period after the rule starts.
  return { next: (after) => new Date(after.getTime() + seconds * 1000) };
}

/** The event EventBridge delivers for a scheduled rule. */
export function scheduledEvent(rule: ScheduleModel, time: Date, region: string, accountId: string) {
  return {
    version: '0',
    id: randomUUID(),
    'detail-type': 'Scheduled Event',
    source: 'aws.events',
    account: accountId,
    time: time.toISOString().replace(/\.\d{3}Z$/, 'Z'),
    region,
    resources: [rule.ruleArn],
    detail: {},
  };
}

export type Scheduler = { stop(): void };

/** Fires each enabled rule's targets at the rule's times with the scheduled event. */
export function startScheduler(
  rules: readonly ScheduleModel[],
  options: {
    readonly region: string;
    readonly accountId: string;
    readonly invoke: (functionName: string, event: unknown) => void;
    readonly log: (line: string) => void;
  },
): Scheduler {
  const timers = new Set<NodeJS.Timeout>();
  let stopped = false;
  for (const rule of rules) {
    if (!rule.enabled) continue;
    let schedule: Schedule;
    try {
      schedule = parseScheduleExpression(rule.expression);
    } catch (error) {
      options.log(`schedule ${rule.ruleName}: ${String(error)}; not run locally`);
      continue;
    }
    const arm = (from: Date) => {
      const at = schedule.next(from);
      const timer = setTimeout(
        () => {
          timers.delete(timer);
          if (stopped) return;
          const event = scheduledEvent(rule, at, options.region, options.accountId);
          for (const target of rule.targets) options.invoke(target.functionName, event);
          arm(at);
        },
        Math.max(0, at.getTime() - Date.now()),
      );
      timer.unref();
      timers.add(timer);
    };
    arm(new Date());
  }
  return {
    stop() {
      stopped = true;
      for (const timer of timers) clearTimeout(timer);
      timers.clear();
    },
  };
}
