// The headers of every API answer: nosniff and no-store everywhere, HSTS only where the API is served over HTTPS.
import { describe, expect, it } from 'vitest';
import { apiResponseHeaders } from '#http/response-headers.ts';
import { ConfigurationError, runtimeKindOf } from '#runtime/config.ts';

describe('apiResponseHeaders', () => {
  it('sends nosniff, no-store and HSTS with includeSubDomains in the cloud', () => {
    expect(apiResponseHeaders('cloud')).toEqual({
      'x-content-type-options': 'nosniff',
      'cache-control': 'no-store',
      'strict-transport-security': 'max-age=31536000; includeSubDomains',
    });
  });

  it('sends no HSTS in the local runtime, which is plain http', () => {
    expect(apiResponseHeaders('local')).toEqual({ 'x-content-type-options': 'nosniff', 'cache-control': 'no-store' });
  });
});

describe('the runtime setting', () => {
  it('is the cloud unless the local runtime says otherwise', () => {
    expect([
      runtimeKindOf({}),
      runtimeKindOf({ LOTSE_RUNTIME: 'local' }),
      runtimeKindOf({ LOTSE_RUNTIME: 'cloud' }),
    ]).toEqual(['cloud', 'local', 'cloud']);
  });

  it('refuses any other value at cold start instead of guessing', () => {
    expect(() => runtimeKindOf({ LOTSE_RUNTIME: 'Local' })).toThrow(ConfigurationError);
  });
});
