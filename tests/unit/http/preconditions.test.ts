import { beforeAll, describe, expect, it } from 'vitest';
import { PreconditionRequired } from '#domain/errors.ts';
import { createHttpHandler, routeByKey } from '#http/http-handler.ts';
import { etagOf, parseIfMatch } from '#http/preconditions.ts';
import { toProblem } from '#http/problem.ts';
import { logger } from '#runtime/logger.ts';
import { httpEvent, lambdaContext } from './http-events.ts';

beforeAll(() => {
  logger.setLogLevel('SILENT');
});

describe('If-Match and ETag', () => {
  it('quotes the version as a strong ETag', () => {
    expect(etagOf(7)).toBe('"7"');
  });

  it('reads a quoted version and a list of them', () => {
    expect(parseIfMatch('"3"')).toEqual([3]);
    expect(parseIfMatch('"2", "3"')).toEqual([2, 3]);
  });

  it('compares strongly: a weak tag names no version, also within a list', () => {
    expect(parseIfMatch('W/"3"')).toEqual([]);
    expect(parseIfMatch('w/"3"')).toEqual([]);
    expect(parseIfMatch('W/"3", "4"')).toEqual([4]);
  });

  it('tells a missing header from one that names no version', () => {
    expect(parseIfMatch(undefined)).toBeUndefined();
    expect(parseIfMatch(' ')).toBeUndefined();
    expect(parseIfMatch('*')).toEqual([]);
    expect(parseIfMatch('3')).toEqual([]);
  });

  it('answers a missing If-Match with 428 precondition-failed', () => {
    expect(toProblem(new PreconditionRequired())).toMatchObject({ status: 428, type: 'precondition-failed' });
  });
});

describe('routeByKey', () => {
  const echo = createHttpHandler({ roles: ['referrer'] }, async (request) => ({
    statusCode: 200,
    body: { query: request.query },
  }));
  const handler = routeByKey({ 'POST /v1/test': echo });

  it('hands a request to the handler of its route key, with the query parameters', async () => {
    const event = { ...httpEvent({}), queryStringParameters: { limit: '5' } };

    const response = await handler(event, lambdaContext);

    expect(response.statusCode).toBe(200);
    expect(JSON.parse(String(response.body))).toEqual({ query: { limit: '5' } });
  });

  it('answers 404 for a route key it does not serve', async () => {
    const response = await handler({ ...httpEvent({}), routeKey: 'GET /v1/other' }, lambdaContext);

    expect(response.statusCode).toBe(404);
    expect(response.headers?.['content-type']).toBe('application/problem+json');
  });
});
