import { beforeAll, describe, expect, it, vi } from 'vitest';
import * as z from 'zod';
import type { Checked } from '#application/checked.ts';
import { Forbidden, MalformedJson, TemporaryFailure, ValidationFailed } from '#domain/errors.ts';
import { createHttpHandler, serveRoutes } from '#http/http-handler.ts';
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
        body: { checkedBy: 'use-case' },
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

  it('lets an unexpected error fail the invocation, so API Gateway answers its own 500', async () => {
    const crash = new Error('an unexpected failure');
    const handler = createHttpHandler({ roles: ['referrer'] }, async () => {
      throw crash;
    });

    await expect(handler(httpEvent({}), lambdaContext)).rejects.toBe(crash);
  });

  it('logs an unexpected error once, with the route and without the request body', async () => {
    const errors = vi.spyOn(logger, 'error');
    const handler = createHttpHandler({ roles: ['referrer'] }, async () => {
      throw new Error('an unexpected failure');
    });
    try {
      await handler(httpEvent({ body: '{"name":"Maria Muster"}' }), lambdaContext).catch(() => undefined);

      const unexpected = errors.mock.calls.filter(([message]) => String(message).includes('unexpected error'));
      expect(unexpected).toHaveLength(1);
      expect(unexpected[0]?.[1]).toMatchObject({ route: 'POST /v1/test' });
      expect(
        JSON.stringify(errors.mock.calls, (_key, value) => (value instanceof Error ? value.message : value)),
      ).not.toContain('Maria');
    } finally {
      errors.mockRestore();
    }
  });

  it('sends nosniff and no-store with every answer, a problem as well as a reply', async () => {
    const replied = await call(echo, httpEvent({ body: '{"name":"x"}' }));
    const refused = await call(echo, httpEvent({ body: '{"name":' }));

    for (const response of [replied, refused]) {
      expect(response.headers).toMatchObject({ 'x-content-type-options': 'nosniff', 'cache-control': 'no-store' });
    }
  });

  it('keeps nosniff and no-store when a route sets its own headers', async () => {
    const handler = createHttpHandler({ roles: ['referrer'] }, async () => ({
      statusCode: 200,
      headers: { 'cache-control': 'public, max-age=600', 'content-type': 'text/csv' },
      rawBody: 'a,b',
    }));

    const response = await handler(httpEvent({}), lambdaContext);

    expect(response.headers).toMatchObject({ 'x-content-type-options': 'nosniff', 'cache-control': 'no-store' });
  });
});

describe('the parts of a request, parsed by the route', () => {
  const query = createHttpHandler(
    {
      roles: ['referrer'],
      query: z.strictObject({
        limit: z
          .string()
          .regex(/^[0-9]+$/)
          .transform(Number)
          .optional(),
      }),
    },
    async (request) => ({ statusCode: 200, body: { query: request.query } }),
  );

  it('hands on the query in the types of its schema', async () => {
    const response = await call(query, { ...httpEvent({}), queryStringParameters: { limit: '5' } });

    expect([response.statusCode, response.json]).toEqual([200, { query: { limit: 5 } }]);
  });

  it('answers 400 naming a query parameter the schema refuses, or does not know', async () => {
    for (const [parameters, path] of [
      [{ limit: 'ten' }, 'limit'],
      [{ limti: '5' }, 'limti'],
    ] as const) {
      const response = await call(query, { ...httpEvent({}), queryStringParameters: parameters });

      expect([response.statusCode, response.json.type]).toEqual([400, 'validation']);
      expect(response.json.errors.map((e: { path: string }) => e.path)).toEqual([path]);
    }
  });

  const headers = createHttpHandler(
    {
      roles: ['referrer'],
      headers: {
        schema: z.object({
          'X-Count': z
            .string()
            .regex(/^[0-9]+$/)
            .transform(Number),
        }),
      },
    },
    async (request) => ({ statusCode: 200, body: { headers: request.headers } }),
  );

  it('looks a header up by its canonical name in any case and hands it on parsed', async () => {
    for (const name of ['x-count', 'X-COUNT']) {
      const response = await call(headers, httpEvent({ headers: { [name]: '3' } }));

      expect([response.statusCode, response.json]).toEqual([200, { headers: { 'X-Count': 3 } }]);
    }
  });

  it('answers 400 naming a header the schema refuses', async () => {
    const response = await call(headers, httpEvent({ headers: { 'x-count': 'three' } }));

    expect([response.statusCode, response.json.type]).toEqual([400, 'validation']);
    expect(response.json.errors.map((e: { path: string }) => e.path)).toEqual(['X-Count']);
  });
});

describe('a body checked after the lookup', () => {
  let received: Checked<unknown> | undefined;
  const handler = createHttpHandler(
    { roles: ['referrer'], body: { schema: bodySchema, checkedBy: 'after-lookup' } },
    async (request) => {
      received = request.body;
      return { statusCode: 204 };
    },
  );

  async function checkedBody(event: ReturnType<typeof httpEvent>): Promise<Checked<unknown> | undefined> {
    received = undefined;
    expect((await call(handler, event)).statusCode).toBe(204);
    return received;
  }

  it('arrives as the value its schema parsed', async () => {
    expect(await checkedBody(httpEvent({ body: '{"name":"x"}' }))).toEqual({ ok: true, value: { name: 'x' } });
  });

  it('arrives as the verdict of its schema instead of a 400', async () => {
    const checked = await checkedBody(httpEvent({ body: '{"name":""}' }));

    expect(checked?.ok).toBe(false);
    expect(checked?.ok === false && checked.error).toBeInstanceOf(ValidationFailed);
  });

  it('arrives as MalformedJson when it is not JSON, instead of a 400', async () => {
    const checked = await checkedBody(httpEvent({ body: '{"name":' }));

    expect(checked?.ok).toBe(false);
    expect(checked?.ok === false && checked.error).toBeInstanceOf(MalformedJson);
  });
});

describe('serveRoutes', () => {
  const everyoneRegistered = { isRegistered: async () => true };
  const handler = serveRoutes('referrer', everyoneRegistered, {
    listReferrals: async () => ({ statusCode: 200, body: { items: [], nextCursor: null } }),
    getReferral: async ({ params }) => ({ statusCode: 200, body: { referralId: params.referralId } }),
    withdrawReferral: async () => ({ statusCode: 202 }),
  });

  it('dispatches by the route key of the route table', async () => {
    const event = {
      ...httpEvent({ pathParameters: { referralId: 'CASE0001' } }),
      routeKey: 'GET /v1/referrals/{referralId}',
    };

    const response = await call(handler, event);

    expect([response.statusCode, response.json]).toEqual([200, { referralId: 'CASE0001' }]);
  });

  it('answers 404 for a route key the function does not serve', async () => {
    for (const routeKey of ['POST /v1/test', 'GET /v1/cases']) {
      const response = await call(handler, { ...httpEvent({}), routeKey });

      expect([response.statusCode, response.json.type]).toEqual([404, 'not-found']);
      expect(response.headers?.['content-type']).toBe('application/problem+json');
    }
  });
});
