// EventBridge schedule expressions as the local scheduler reads them.
import { describe, expect, it } from 'vitest';
import { parseScheduleExpression, scheduledEvent } from '#infra/local/schedules.ts';

const AT = new Date('2026-05-04T10:15:30Z');

describe('schedule expressions', () => {
  it('fires a rate one period after the given time', () => {
    expect(parseScheduleExpression('rate(1 minute)').next(AT).toISOString()).toBe('2026-05-04T10:16:30.000Z');
  });

  it('understands hours and days', () => {
    expect([
      parseScheduleExpression('rate(2 hours)').next(AT).toISOString(),
      parseScheduleExpression('rate(1 day)').next(AT).toISOString(),
    ]).toEqual(['2026-05-04T12:15:30.000Z', '2026-05-05T10:15:30.000Z']);
  });

  it('rejects what it cannot run', () => {
    expect(() => parseScheduleExpression('cron(0 8 ? * FRI *)')).toThrow(/only rate expressions/);
    expect(() => parseScheduleExpression('rate(0 minutes)')).toThrow(/unsupported/);
  });

  it('builds the scheduled event EventBridge sends', () => {
    const rule = {
      ruleName: 'r',
      ruleArn: 'arn:aws:events:eu-central-1:0:rule/r',
      expression: '',
      enabled: true,
      targets: [],
    };

    expect(scheduledEvent(rule, new Date('2026-05-04T10:16:00.000Z'), 'eu-central-1', '0')).toMatchObject({
      version: '0',
      'detail-type': 'Scheduled Event',
      source: 'aws.events',
      time: '2026-05-04T10:16:00Z',
      resources: ['arn:aws:events:eu-central-1:0:rule/r'],
      detail: {},
    });
  });
});
