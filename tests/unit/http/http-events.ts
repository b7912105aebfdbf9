// Builds API Gateway HTTP API (payload 2.0) events for the middleware tests.
import type { Context } from 'aws-lambda';
import type { HttpEvent } from '#http/http-event.ts';

export const lambdaContext = {
  functionName: 'test',
  awsRequestId: 'req-1',
  getRemainingTimeInMillis: () => 10_000,
} as unknown as Context;

export function httpEvent(options: {
  claims?: Record<string, string> | null;
  body?: string;
  headers?: Record<string, string>;
  pathParameters?: Record<string, string>;
  isBase64Encoded?: boolean;
  /** The route key of the HTTP API route (default: a test route no function serves). */
  routeKey?: string;
}): HttpEvent {
  const claims =
    options.claims === undefined ? { scope: 'lotse/referrer', institution_id: 'klinik-mitte' } : options.claims;
  const routeKey = options.routeKey ?? 'POST /v1/test';
  const event = {
    version: '2.0',
    routeKey,
    rawPath: '/v1/test',
    rawQueryString: '',
    headers: options.headers ?? { 'content-type': 'application/json' },
    isBase64Encoded: options.isBase64Encoded ?? false,
    ...(options.body === undefined ? {} : { body: options.body }),
    ...(options.pathParameters ? { pathParameters: options.pathParameters } : {}),
    requestContext: {
      accountId: '123456789012',
      apiId: 'api',
      domainName: 'localhost',
      domainPrefix: 'localhost',
      http: { method: 'POST', path: '/v1/test', protocol: 'HTTP/1.1', sourceIp: '127.0.0.1', userAgent: 'test' },
      requestId: 'req-1',
      routeKey,
      stage: '$default',
      time: '26/Nov/2026:10:00:00 +0000',
      timeEpoch: 0,
      ...(claims === null
        ? {}
        : { authorizer: { principalId: '', integrationLatency: 0, jwt: { claims, scopes: null } } }),
    },
  };
  return event as unknown as HttpEvent;
}
