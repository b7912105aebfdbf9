// The local Cognito admin API sits behind the control plane's guard: loopback callers without a foreign Origin only,
// and state changes only in the AWS JSON 1.1 content type the SDK sends (which no HTML form can send either).
import { describe, expect, it } from 'vitest';
import { COGNITO_PATH, localControlPlaneRefusal } from '#infra/local/gateway.ts';

const OWN = 'http://127.0.0.1:3000';
const request = (headers: Record<string, string>, url = COGNITO_PATH) => ({
  method: 'POST',
  url,
  headers: { host: '127.0.0.1:3000', ...headers },
});

describe('the guard before the local Cognito admin API', () => {
  it("lets the functions' SDK requests through, with or without the trailing slash", () => {
    const json11 = { 'content-type': 'application/x-amz-json-1.1' };

    expect(localControlPlaneRefusal(request(json11), OWN)).toBeUndefined();
    expect(localControlPlaneRefusal(request(json11, `${COGNITO_PATH}/`), OWN)).toBeUndefined();
  });

  it('refuses any other content type with 415, plain JSON and a form included', () => {
    for (const type of ['application/json', 'application/x-www-form-urlencoded', 'text/plain']) {
      expect(localControlPlaneRefusal(request({ 'content-type': type }), OWN)?.statusCode).toBe(415);
    }
  });

  it('refuses a foreign Origin and a foreign Host with 403', () => {
    const json11 = { 'content-type': 'application/x-amz-json-1.1' };

    expect(localControlPlaneRefusal(request({ ...json11, origin: 'https://evil.example' }), OWN)?.statusCode).toBe(403);
    expect(localControlPlaneRefusal(request({ ...json11, host: 'evil.example:3000' }), OWN)?.statusCode).toBe(403);
  });

  it('keeps asking for JSON on the other control-plane paths', () => {
    const json11 = { 'content-type': 'application/x-amz-json-1.1' };

    expect(localControlPlaneRefusal(request(json11, '/_local/token'), OWN)?.statusCode).toBe(415);
  });
});
