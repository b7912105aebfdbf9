// Route selection as API Gateway HTTP APIs do it: the request's method, literal segments before parameters.
import { describe, expect, it } from 'vitest';
import type { RouteModel } from '#infra/local/app-model.ts';
import { createRouteMatcher } from '#infra/local/route-matcher.ts';

function route(routeKey: string, functionName = routeKey): RouteModel {
  const [method = '', path = ''] = routeKey.split(' ');
  return {
    apiId: 'api',
    routeKey,
    method,
    path,
    authorization: { type: 'NONE' },
    functionName,
  };
}

const matcher = createRouteMatcher([
  route('GET /v1/cases/{caseId}'),
  route('GET /v1/cases/inbox'),
  route('DELETE /v1/cases/{caseId}'),
  route('POST /v1/referrals/{referralId}/withdraw'),
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

  it("takes the route of the request's method", () => {
    expect(
      [matcher.match('GET', '/v1/cases/x'), matcher.match('DELETE', '/v1/cases/x')].map((m) => m?.route.routeKey),
    ).toEqual(['GET /v1/cases/{caseId}', 'DELETE /v1/cases/{caseId}']);
  });

  it('decodes percent-encoded parameter values', () => {
    expect(matcher.match('POST', '/v1/referrals/a%20b/withdraw')?.pathParameters).toEqual({ referralId: 'a b' });
  });

  it('finds nothing for an unknown path, a trailing slash or a wrong method', () => {
    expect([
      matcher.match('GET', '/v2/cases/x'),
      matcher.match('GET', '/v1/cases/'),
      matcher.match('GET', '/v1/referrals/x/withdraw'),
    ]).toEqual([undefined, undefined, undefined]);
  });
});
