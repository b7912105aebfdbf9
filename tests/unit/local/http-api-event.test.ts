// API Gateway HTTP API payload 2.0: the event the local gateway builds and how it maps a function's result.
import { describe, expect, it } from 'vitest';
import { buildHttpApiEvent, mapHttpApiResult, requestTime } from '#infra/local/http-api-event.ts';

const NOW = new Date('2026-03-12T19:03:58.123Z');

function event(overrides: { url?: string; headers?: Record<string, string[]>; body?: string; method?: string } = {}) {
  return buildHttpApiEvent(
    {
      method: overrides.method ?? 'POST',
      url: overrides.url ?? '/v1/referrals/abc?b=2&a=1&a=3',
      headers: overrides.headers ?? {
        Host: ['127.0.0.1:3000'],
        'Content-Type': ['application/json'],
        'User-Agent': ['curl/8'],
        'X-Multi': ['one', 'two'],
        Cookie: ['a=1; b=2'],
      },
      body: Buffer.from(overrides.body ?? '{"x":1}'),
      sourceIp: '127.0.0.1',
    },
    {
      routeKey: 'POST /v1/referrals/{referralId}',
      pathParameters: { referralId: 'abc' },
      authorizer: { claims: { scope: 'lotse/referrer', exp: '1700000000' }, scopes: ['lotse/referrer'] },
      requestId: 'JKJaXmPLvHcESHA=',
      now: NOW,
      apiId: 'api1',
      accountId: '000000000000',
    },
  );
}

describe('the payload 2.0 event', () => {
  it('carries version, route key, raw path and raw query string', () => {
    const built = event();

    expect([built.version, built.routeKey, built.rawPath, built.rawQueryString]).toEqual([
      '2.0',
      'POST /v1/referrals/{referralId}',
      '/v1/referrals/abc',
      'b=2&a=1&a=3',
    ]);
  });

  it('lowercases header names and joins repeated values with commas', () => {
    const { headers } = event();

    expect(headers).toEqual({
      host: '127.0.0.1:3000',
      'content-type': 'application/json',
      'user-agent': 'curl/8',
      'x-multi': 'one,two',
    });
  });

  it('moves cookies out of the headers into their own list', () => {
    expect(event().cookies).toEqual(['a=1', 'b=2']);
  });

  it('joins repeated query parameters with commas', () => {
    expect(event().queryStringParameters).toEqual({ b: '2', a: '1,3' });
  });

  it('leaves out queryStringParameters when there is no query string', () => {
    expect('queryStringParameters' in event({ url: '/v1/referrals/abc' })).toBe(false);
  });

  it('carries path parameters and the JWT authorizer context', () => {
    const built = event();

    expect(built.pathParameters).toEqual({ referralId: 'abc' });
    expect(built.requestContext.authorizer).toEqual({
      jwt: { claims: { scope: 'lotse/referrer', exp: '1700000000' }, scopes: ['lotse/referrer'] },
    });
  });

  it('fills the request context as API Gateway does', () => {
    const { requestContext } = event();

    expect(requestContext).toMatchObject({
      accountId: '000000000000',
      apiId: 'api1',
      domainName: '127.0.0.1:3000',
      http: {
        method: 'POST',
        path: '/v1/referrals/abc',
        protocol: 'HTTP/1.1',
        sourceIp: '127.0.0.1',
        userAgent: 'curl/8',
      },
      requestId: 'JKJaXmPLvHcESHA=',
      routeKey: 'POST /v1/referrals/{referralId}',
      stage: '$default',
      time: '12/Mar/2026:19:03:58 +0000',
      timeEpoch: NOW.getTime(),
    });
  });

  it('passes a JSON body as text', () => {
    const built = event();

    expect([built.body, built.isBase64Encoded]).toEqual(['{"x":1}', false]);
  });

  it('base64-encodes a body of a non-text media type', () => {
    const built = event({ headers: { 'content-type': ['application/octet-stream'] }, body: 'raw' });

    expect([built.body, built.isBase64Encoded]).toEqual([Buffer.from('raw').toString('base64'), true]);
  });

  it('has no body field for an empty body', () => {
    const built = event({ method: 'GET', body: '' });

    expect(['body' in built, built.isBase64Encoded]).toEqual([false, false]);
  });

  it('formats the request time like API Gateway', () => {
    expect(requestTime(new Date('2026-01-02T03:04:05Z'))).toBe('02/Jan/2026:03:04:05 +0000');
  });
});

describe('mapping the function result', () => {
  it('takes status, headers and body from a structured response', () => {
    const response = mapHttpApiResult({ statusCode: 202, headers: { Location: '/v1/x' }, body: '{"ok":true}' });

    expect(response.statusCode).toBe(202);
    expect(response.headers).toEqual({ location: '/v1/x', 'content-type': 'application/json' });
    expect(response.body.toString()).toBe('{"ok":true}');
  });

  it('decodes a base64 body', () => {
    const response = mapHttpApiResult({
      statusCode: 200,
      body: Buffer.from('hi').toString('base64'),
      isBase64Encoded: true,
    });

    expect(response.body.toString()).toBe('hi');
  });

  it('passes cookies on as Set-Cookie values', () => {
    expect(mapHttpApiResult({ statusCode: 200, cookies: ['a=1; Secure'] }).cookies).toEqual(['a=1; Secure']);
  });

  it('infers a 200 JSON response from an object without statusCode', () => {
    const response = mapHttpApiResult({ hello: 'world' });

    expect([response.statusCode, response.headers['content-type'], response.body.toString()]).toEqual([
      200,
      'application/json',
      '{"hello":"world"}',
    ]);
  });

  it('infers a 200 response with a string result as the body', () => {
    expect(mapHttpApiResult('plain').body.toString()).toBe('plain');
  });

  it('answers 500 for a status code that is not one', () => {
    expect(mapHttpApiResult({ statusCode: 'soon' }).statusCode).toBe(500);
  });
});
