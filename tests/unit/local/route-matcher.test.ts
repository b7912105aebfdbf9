// Route selection as API Gateway HTTP APIs do it: literal segments before parameters, exact method before ANY.
import { describe, expect, it } from 'vitest';
import type { RouteModel } from '#infra/local/app-model.ts';
import { createRouteMatcher } from '#infra/local/route-matcher.ts';

function route(routeKey: string, functionName = routeKey): RouteModel {
  const [method = 'ANY', path] = routeKey === '$default' ? ['ANY', undefined] : routeKey.split(' ');
  return {
    apiId: 'api',
    routeKey,
    method,
    ...(path === undefined ? {} : { path }),
    authorization: { type: 'NONE' },
    functionName,
  };
}

const matcher = createRouteMatcher([
  route('GET /v1/cases/{caseId}'),
  route('GET /v1/cases/inbox'),
  route('ANY /v1/cases/{caseId}'),
  route('POST /v1/referrals/{referralId}/withdraw'),
  route('GET /files/{proxy+}'),
]);

describe('matching a request to a route', () => {
  it('binds path parameters', () => {
    expect(matcher.match('GET', '/v1/cases/01ABC')).toMatchObject({
      route: { routeKey: 'GET /v1/cases/{caseId}' },
      pathParameters: { caseId: '01ABC' },
    });
  });

  it('prefers a literal segment over a parameter', () => {
    expect(matcher.match('GET', '/v1/cases/inbox')?.route.routeKey).toBe('GET /v1/cases/inbox');
  });

  it('prefers the exact method over ANY', () => {
    expect(matcher.match('GET', '/v1/cases/x')?.route.routeKey).toBe('GET /v1/cases/{caseId}');
  });

  it('falls back to ANY for another method', () => {
    expect(matcher.match('DELETE', '/v1/cases/x')?.route.routeKey).toBe('ANY /v1/cases/{caseId}');
  });

  it('decodes percent-encoded parameter values', () => {
    expect(matcher.match('POST', '/v1/referrals/a%20b/withdraw')?.pathParameters).toEqual({ referralId: 'a b' });
  });

  it('matches a greedy parameter over the rest of the path', () => {
    expect(matcher.match('GET', '/files/a/b/c')?.pathParameters).toEqual({ proxy: 'a/b/c' });
  });

  it('finds nothing for an unknown path, a trailing slash or a wrong method', () => {
    expect([
      matcher.match('GET', '/v2/cases/x'),
      matcher.match('GET', '/v1/cases/'),
      matcher.match('GET', '/v1/referrals/x/withdraw'),
    ]).toEqual([undefined, undefined, undefined]);
  });

  it('uses the $default route when nothing else matches', () => {
    const withDefault = createRouteMatcher([route('GET /a'), route('$default')]);

    expect(withDefault.match('PUT', '/anything')?.route.routeKey).toBe('$default');
  });
});
