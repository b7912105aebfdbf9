import { describe, expect, it } from 'vitest';
import {
  ConfigurationError,
  coordinatorConfigSchema,
  intakeConfigSchema,
  loadConfig,
  officeConfigSchema,
  referrerConfigSchema,
  routerConfigSchema,
  sweeperConfigSchema,
  tokenConfigSchema,
} from '#runtime/config.ts';
import { notifierConfigSchema } from '../../../functions/notifier/config.ts';

const base = {
  TABLE_NAME: 'lotse',
  PERSONAL_TABLE_NAME: 'lotse-personal',
  MUNICIPALITY_ID: 'musterstadt',
  STAGE: 'dev',
  ROUTING_QUEUE_URL: 'http://q',
  BODY_HASH_SECRET_ARN: 'arn:aws:secretsmanager:eu-central-1:000000000000:secret:BodyHashSecret-AbCdEf',
  NOTIFICATION_QUEUE_URL: 'http://n',
  API_ID: 'api1',
  API_AUTHORIZER_ID: 'auth1',
  API_AUTHORIZER_ISSUER: 'https://cognito-idp.eu-central-1.amazonaws.com/pool',
  API_FIXED_AUDIENCE: 'web-client',
};

describe('loadConfig', () => {
  it('parses the environment of a function', () => {
    expect(loadConfig(sweeperConfigSchema, { ...base, STUCK_AFTER_SECONDS: '120' })).toMatchObject({
      TABLE_NAME: 'lotse',
      STUCK_AFTER_SECONDS: 120,
      API_FIXED_AUDIENCE: ['web-client'],
    });
  });

  it('fails fast naming a missing resource variable', () => {
    const { TABLE_NAME: _omitted, ...rest } = base;

    expect(() => loadConfig(sweeperConfigSchema, { ...rest, STUCK_AFTER_SECONDS: '120' })).toThrow(/TABLE_NAME/);
  });

  it('refuses a threshold that is not a number', () => {
    expect(() => loadConfig(sweeperConfigSchema, { ...base, STUCK_AFTER_SECONDS: 'soon' })).toThrow(ConfigurationError);
  });
});

describe('the office configuration', () => {
  it('reads the response deadlines per urgency and the retention days', () => {
    const config = loadConfig(officeConfigSchema, {
      ...base,
      RESPONSE_DEADLINE_DAYS: '{"urgent":2,"soon":4,"routine":6}',
      RETENTION_DAYS: '30',
    });

    expect(config.RESPONSE_DEADLINE_DAYS).toEqual({ urgent: 2, soon: 4, routine: 6 });
    expect(config.RETENTION_DAYS).toBe(30);
  });

  it('falls back to the documented defaults (1/3/5 working days, 180 days)', () => {
    const config = loadConfig(officeConfigSchema, base);

    expect(config.RESPONSE_DEADLINE_DAYS).toEqual({ urgent: 1, soon: 3, routine: 5 });
    expect(config.RETENTION_DAYS).toBe(180);
  });

  it('refuses deadlines that are not JSON or not per urgency, naming the variable', () => {
    expect(() => loadConfig(officeConfigSchema, { ...base, RESPONSE_DEADLINE_DAYS: 'soon' })).toThrow(
      /RESPONSE_DEADLINE_DAYS/,
    );
    expect(() => loadConfig(officeConfigSchema, { ...base, RESPONSE_DEADLINE_DAYS: '{"urgent":1}' })).toThrow(
      /RESPONSE_DEADLINE_DAYS/,
    );
  });

  it('requires the notification queue', () => {
    const { NOTIFICATION_QUEUE_URL: _omitted, ...rest } = base;

    expect(() => loadConfig(officeConfigSchema, rest)).toThrow(/NOTIFICATION_QUEUE_URL/);
  });
});

describe('the personal table in the configuration', () => {
  const { PERSONAL_TABLE_NAME: _omitted, ...withoutPersonal } = base;

  it.each([
    ['intake', intakeConfigSchema],
    ['referrer', referrerConfigSchema],
    ['office', officeConfigSchema],
    ['router', routerConfigSchema],
    ['sweeper', sweeperConfigSchema],
  ] as const)('%s needs PERSONAL_TABLE_NAME and fails fast without it', (_name, schema) => {
    const environment = { ...withoutPersonal, STUCK_AFTER_SECONDS: '120' };

    expect(loadConfig(schema, { ...environment, PERSONAL_TABLE_NAME: 'lotse-personal' })).toMatchObject({
      PERSONAL_TABLE_NAME: 'lotse-personal',
    });
    expect(() => loadConfig(schema, environment)).toThrow(/PERSONAL_TABLE_NAME/);
  });

  it.each([
    ['coordinator', coordinatorConfigSchema],
    ['token', tokenConfigSchema],
    ['notifier', notifierConfigSchema],
  ] as const)('%s does not take PERSONAL_TABLE_NAME even when the environment has it', (_name, schema) => {
    const config = loadConfig(schema, { ...base, USER_POOL_ID: 'pool', WEBHOOK_SECRET_ARN: 'arn:x' });

    expect(config).not.toHaveProperty('PERSONAL_TABLE_NAME');
  });
});

describe('the messages of a refused configuration', () => {
  it('names every bad variable and what is wrong with it, never its value', () => {
    const attempt = () =>
      loadConfig(sweeperConfigSchema, {
        ...base,
        STAGE: '   ',
        STUCK_AFTER_SECONDS: '1.5',
        RETENTION_DAYS: '0',
        LOTSE_RUNTIME: 'lambda',
        API_ID: undefined,
      });

    expect(attempt).toThrow(
      'Invalid function configuration: STAGE: must not be empty; LOTSE_RUNTIME: must be "cloud" or "local"; ' +
        'API_ID: is required; STUCK_AFTER_SECONDS: must be a whole number; RETENTION_DAYS: must be at least 1',
    );
  });

  it('names the urgency of a bad response deadline', () => {
    expect(() => loadConfig(routerConfigSchema, { ...base, RESPONSE_DEADLINE_DAYS: '{"urgent":0,"soon":3}' })).toThrow(
      'RESPONSE_DEADLINE_DAYS: urgent: must be at least 1, routine: is required',
    );
  });

  it('keeps the defaults and reads numbers and client ids', () => {
    const config = loadConfig(coordinatorConfigSchema, { ...base, USER_POOL_ID: 'pool', API_FIXED_AUDIENCE: 'a,,b' });

    expect(config).toMatchObject({
      CLIENT_ACCESS_TOKEN_MINUTES: 60,
      API_FIXED_AUDIENCE: ['a', 'b'],
      LOTSE_RUNTIME: 'cloud',
    });
    expect(() =>
      loadConfig(coordinatorConfigSchema, { ...base, USER_POOL_ID: 'pool', CLIENT_ACCESS_TOKEN_MINUTES: '2000' }),
    ).toThrow('CLIENT_ACCESS_TOKEN_MINUTES: must be at most 1440');
  });
});
