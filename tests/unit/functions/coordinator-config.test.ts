// The coordinator function's environment: the coverage report's grid of reporting periods (REPORTING_PERIOD).
import { describe, expect, it } from 'vitest';
import { ConfigurationError, coordinatorConfigSchema, loadConfig } from '#runtime/config.ts';

const base = {
  TABLE_NAME: 'lotse',
  MUNICIPALITY_ID: 'musterstadt',
  STAGE: 'dev',
  USER_POOL_ID: 'eu-central-1_test',
  API_ID: 'api1',
  API_AUTHORIZER_ID: 'auth1',
  API_AUTHORIZER_ISSUER: 'https://cognito-idp.eu-central-1.amazonaws.com/eu-central-1_test',
  API_FIXED_AUDIENCE: 'web-client',
};

describe('the coordinator configuration', () => {
  it('reports in calendar months when no grid is set', () => {
    expect(loadConfig(coordinatorConfigSchema, base).REPORTING_PERIOD).toBe('month');
  });

  it.each(['month', 'quarter'] as const)('takes the grid %s', (grid) => {
    expect(loadConfig(coordinatorConfigSchema, { ...base, REPORTING_PERIOD: grid }).REPORTING_PERIOD).toBe(grid);
  });

  it.each(['week', 'Quarter', 'quarters', ''])('refuses the grid %j, naming the variable and the choices', (grid) => {
    const attempt = () => loadConfig(coordinatorConfigSchema, { ...base, REPORTING_PERIOD: grid });

    expect(attempt).toThrow(ConfigurationError);
    expect(attempt).toThrow('REPORTING_PERIOD: must be "month" (calendar months) or "quarter" (calendar quarters)');
  });
});
