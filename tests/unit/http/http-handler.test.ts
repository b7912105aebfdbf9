import { beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { Forbidden, TemporaryFailure } from '#domain/errors.ts';
import { createHttpHandler } from '#http/http-handler.ts';
import { MAX_BODY_BYTES } from '#http/json-body.ts';
import { logger } from '#runtime/logger.ts';
import { httpEvent, lambdaContext } from './http-events.ts';

beforeAll(() => {
  logger.setLogLevel('SILENT');
});

const bodySchema = z.strictObject({ name: z.string().min(1) });

const echo = createHttpHandler({ roles: ['referrer'], body: { schema: bodySchema } }, async (request) => ({
  statusCode: 201,
  body: { principal: request.principal, body: request.body },
}));

async function call(handler: typeof echo, event: ReturnType<typeof httpEvent>) {
  const response = await handler(event, lambdaContext);
  return { ...response, json: response.body ? JSON.parse(response.body) : undefined };
}

describe('HTTP middleware stack', () => {
  it('hands the principal and the validated body to the route handler', async () => {
    const response = await call(echo, httpEvent({ body: '{"name":"x"}' }));

    expect(response.statusCode).toBe(201);
    expect(response.json).toEqual({
      principal: { role: 'referrer', institutionId: 'klinik-mitte' },
      body: { name: 'x' },
    });
    expect(response.headers?.['content-type']).toBe('application/json');
  });

  it('answers 401 when no authorizer claims are present', async () => {
    const response = await call(echo, httpEvent({ claims: null, body: '{"name":"x"}' }));

    expect([response.statusCode, response.json.type]).toEqual([401, 'unauthorized']);
  });

  it('answers 403 for a token of another role before reading the body', async () => {
    const response = await call(
      echo,
      httpEvent({ claims: { scope: 'lotse/office', office_id: 'fb-nord' }, body: '{' }),
    );

    expect([response.statusCode, response.json.type]).toEqual([403, 'forbidden']);
  });

  it('answers 415 for a body that is not declared as JSON', async () => {
    const response = await call(
      echo,
      httpEvent({ body: 'name=x', headers: { 'content-type': 'application/x-www-form-urlencoded' } }),
    );

    expect([response.statusCode, response.json.type]).toEqual([415, 'unsupported-media-type']);
    expect(response.headers?.['content-type']).toBe('application/problem+json');
  });

  it('answers 415 for a body without a content type', async () => {
    const response = await call(echo, httpEvent({ body: '{"name":"x"}', headers: {} }));

    expect(response.statusCode).toBe(415);
  });

  it('accepts JSON with a UTF-8 charset parameter', async () => {
    const response = await call(
      echo,
      httpEvent({ body: '{"name":"x"}', headers: { 'Content-Type': 'application/json; charset=UTF-8' } }),
    );

    expect(response.statusCode).toBe(201);
  });

  it('answers 413 for a body above 32 KiB', async () => {
    const response = await call(echo, httpEvent({ body: JSON.stringify({ name: 'x'.repeat(MAX_BODY_BYTES) }) }));

    expect([response.statusCode, response.json.type]).toEqual([413, 'payload-too-large']);
  });

  it('measures the decoded size of a base64 body', async () => {
    const body = Buffer.from(JSON.stringify({ name: 'x'.repeat(MAX_BODY_BYTES - 20) })).toString('base64');

    const response = await call(echo, httpEvent({ body, isBase64Encoded: true }));

    expect(response.statusCode).toBe(201);
  });

  it('answers 400 validation for malformed JSON', async () => {
    const response = await call(echo, httpEvent({ body: '{"name":' }));

    expect([response.statusCode, response.json.type]).toEqual([400, 'validation']);
  });

  it('answers 400 validation for a missing body', async () => {
    const response = await call(echo, httpEvent({}));

    expect([response.statusCode, response.json.type]).toEqual([400, 'validation']);
  });

  it('answers 400 with one error per field, unknown fields included', async () => {
    const response = await call(echo, httpEvent({ body: '{"name":"","fax":"1"}' }));

    expect(response.statusCode).toBe(400);
    expect(response.json.errors.map((e: { path: string }) => e.path).sort()).toEqual(['fax', 'name']);
  });

  it('answers 404 for a path parameter that cannot be an id', async () => {
    const handler = createHttpHandler(
      { roles: ['referrer'], params: z.object({ id: z.string().max(5) }) },
      async () => ({
        statusCode: 200,
        body: {},
      }),
    );

    const response = await call(handler, httpEvent({ pathParameters: { id: 'far-too-long' } }));

    expect([response.statusCode, response.json.type]).toEqual([404, 'not-found']);
  });

  it('runs the authorize hook before the body is read', async () => {
    const handler = createHttpHandler(
      {
        roles: ['referrer'],
        authorize: () => {
          throw new Forbidden('not registered');
        },
        body: {},
      },
      async () => ({ statusCode: 202 }),
    );

    const response = await call(handler, httpEvent({ body: 'not json', headers: {} }));

    expect(response.statusCode).toBe(403);
  });

  it('answers 503 with Retry-After for a temporary failure', async () => {
    const handler = createHttpHandler({ roles: ['referrer'] }, async () => {
      throw new TemporaryFailure();
    });

    const response = await call(handler, httpEvent({}));

    expect([response.statusCode, response.headers?.['retry-after']]).toEqual([503, '2']);
  });

  it('answers an unexpected error with a generic 500', async () => {
    const handler = createHttpHandler({ roles: ['referrer'] }, async () => {
      throw new Error('secret SDK text about Maria Muster');
    });

    const response = await call(handler, httpEvent({}));

    expect(response.statusCode).toBe(500);
    expect(response.body).not.toContain('Maria');
    expect(response.json.type).toBe('internal');
  });
});
