// EventBridge schedule rules, reproduced: `rate(...)` and `cron(...)` expressions (UTC), scheduled-event payloads.
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

const MONTH_NAMES = ['JAN', 'FEB', 'MAR', 'APR', 'MAY', 'JUN', 'JUL', 'AUG', 'SEP', 'OCT', 'NOV', 'DEC'];
const DAY_NAMES = ['SUN', 'MON', 'TUE', 'WED', 'THU', 'FRI', 'SAT'];

/** One cron field as the set of values it allows (`*`, `?`, lists, ranges, steps, month/day names). */
function cronField(field: string, min: number, max: number, names: readonly string[] = [], offset = 0): Set<number> {
  const values = new Set<number>();
  const value = (token: string) => {
    const index = names.indexOf(token.toUpperCase());
    const number = index >= 0 ? index + offset : Number(token);
    if (!Number.isInteger(number) || number < min || number > max) throw new Error(`cron field value ${token}`);
    return number;
  };
  for (const part of field.split(',')) {
    const [range = '', stepText] = part.split('/');
    const step = stepText === undefined ? 1 : Number(stepText);
    if (!Number.isInteger(step) || step < 1) throw new Error(`cron step ${part}`);
    let from: number;
    let to: number;
    if (range === '*' || range === '?') [from, to] = [min, max];
    else if (range.includes('-')) {
      const [a = '', b = ''] = range.split('-');
      [from, to] = [value(a), value(b)];
    } else {
      from = value(range);
      to = stepText === undefined ? from : max;
    }
    for (let item = from; item <= to; item += step) values.add(item);
  }
  return values;
}

export function parseScheduleExpression(expression: string): Schedule {
  const rate = /^rate\((\d+) (minutes?|hours?|days?)\)$/.exec(expression.trim());
  if (rate) {
    const seconds = Number(rate[1]) * (UNIT_SECONDS[rate[2] ?? ''] ?? 0);
    if (seconds <= 0) throw new Error(`unsupported schedule ${expression}`);
    // Like EventBridge, the first run is one period after the rule starts.
    return { next: (after) => new Date(after.getTime() + seconds * 1000) };
  }
  const cron = /^cron\((.+)\)$/.exec(expression.trim());
  if (cron) {
    const fields = (cron[1] ?? '').trim().split(/\s+/);
    if (fields.length !== 6 || fields.some((field) => /[LW#]/.test(field))) {
      throw new Error(`unsupported schedule ${expression} (six fields; L, W and # are not supported locally)`);
    }
    const [minute = '', hour = '', dayOfMonth = '', month = '', dayOfWeek = '', year = ''] = fields;
    const minutes = cronField(minute, 0, 59);
    const hours = cronField(hour, 0, 23);
    const days = cronField(dayOfMonth, 1, 31);
    const months = cronField(month, 1, 12, MONTH_NAMES, 1);
    // EventBridge numbers weekdays 1 (SUN) to 7 (SAT).
    const weekdays = cronField(dayOfWeek, 1, 7, DAY_NAMES, 1);
    const years = cronField(year, 1970, 2199);
    return {
      next(after) {
        const candidate = new Date(after.getTime());
        candidate.setUTCSeconds(0, 0);
        for (let step = 0; step < 5 * 366 * 24 * 60; step += 1) {
          candidate.setUTCMinutes(candidate.getUTCMinutes() + 1);
          if (
            minutes.has(candidate.getUTCMinutes()) &&
            hours.has(candidate.getUTCHours()) &&
            days.has(candidate.getUTCDate()) &&
            months.has(candidate.getUTCMonth() + 1) &&
            weekdays.has(candidate.getUTCDay() + 1) &&
            years.has(candidate.getUTCFullYear())
          ) {
            return candidate;
          }
        }
        throw new Error(`schedule ${expression} never fires`);
      },
    };
  }
  throw new Error(`unsupported schedule ${expression}`);
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
