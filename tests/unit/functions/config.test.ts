import { describe, expect, it } from 'vitest';
import { ConfigurationError, loadConfig, sweeperConfigSchema } from '#runtime/config.ts';

const base = { TABLE_NAME: 'lotse', MUNICIPALITY_ID: 'musterstadt', STAGE: 'dev', ROUTING_QUEUE_URL: 'http://q' };

describe('loadConfig', () => {
  it('parses the environment of a function', () => {
    expect(loadConfig(sweeperConfigSchema, { ...base, STUCK_AFTER_SECONDS: '120' })).toMatchObject({
      TABLE_NAME: 'lotse',
      STUCK_AFTER_SECONDS: 120,
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
