// The coordinator handler's wiring (route keys, roles, body caps, CSV negotiation) with the AWS clients mocked.
import { BatchWriteCommand, DynamoDBDocumentClient, GetCommand, PutCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import type { Context } from 'aws-lambda';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { catalogueEntityKey } from '#adapters/keys.ts';
import { hsdsServiceFromOffer } from '#domain/hsds.ts';
import type { HttpEvent } from '#http/http-event.ts';
import { logger } from '#runtime/logger.ts';
import { httpEvent } from '../http/http-events.ts';
import { catalogueTableItems, testCatalogue } from './fakes.ts';

Object.assign(process.env, {
  TABLE_NAME: 'lotse',
  USER_POOL_ID: 'eu-central-1_test',
  API_ID: 'api1',
  API_AUTHORIZER_ID: 'auth1',
  API_AUTHORIZER_ISSUER: 'https://cognito-idp.eu-central-1.amazonaws.com/eu-central-1_test',
  API_FIXED_AUDIENCE: 'web-client',
  MUNICIPALITY_ID: 'teststadt',
  STAGE: 'dev',
  AWS_REGION: 'eu-central-1',
});

const dynamo = mockClient(DynamoDBDocumentClient);
const context = {} as Context;
let handler: typeof import('../../../functions/coordinator/handler.ts')['handler'];

const coordinator = { scope: 'lotse/coordinator' };
const office = { scope: 'lotse/office', office_id: 'fb-nord' };

function seed() {
  const catalogue = testCatalogue();
  dynamo.on(QueryCommand).resolves({ Items: [] });
  dynamo.on(QueryCommand, { ExpressionAttributeValues: { ':pk': 'CATALOGUE' } }).resolves({
    Items: [...catalogueTableItems(catalogue)],
  });
  dynamo.on(QueryCommand, { ExpressionAttributeValues: { ':pk': 'STATS#coverage#2026-11-26' } }).resolves({
    Items: [
      {
        pk: 'STATS#coverage#2026-11-26',
        sk: 'nord#infant#parenting#birth-clinic#0',
        received: 6,
        routed: 5,
        unmatched: 1,
      },
    ],
  });
  // No office or institution was ever removed; the office of the `office` token is in the catalogue.
  dynamo.on(QueryCommand, { ExpressionAttributeValues: { ':pk': 'CATALOGUE', ':removed': 'REMOVED#' } }).resolves({
    Items: [],
  });
  dynamo.on(GetCommand, { Key: catalogueEntityKey('OFFICE', 'fb-nord') }).resolves({
    Item: catalogueEntityKey('OFFICE', 'fb-nord'),
  });
  dynamo.on(BatchWriteCommand).resolves({});
  dynamo.on(PutCommand).resolves({});
}

beforeAll(async () => {
  logger.setLogLevel('SILENT');
  seed();
  ({ handler } = await import('../../../functions/coordinator/handler.ts'));
});

afterEach(() => {
  dynamo.reset();
  seed();
});

function request(
  routeKey: string,
  options: {
    claims: Record<string, string>;
    body?: string;
    pathParameters?: Record<string, string>;
    query?: Record<string, string>;
    headers?: Record<string, string>;
  },
): Promise<Awaited<ReturnType<typeof handler>>> {
  const event = httpEvent({
    claims: options.claims,
    ...(options.body === undefined ? {} : { body: options.body }),
    ...(options.pathParameters ? { pathParameters: options.pathParameters } : {}),
    headers: { 'content-type': 'application/json', ...options.headers },
  }) as HttpEvent & { routeKey: string; queryStringParameters?: Record<string, string> };
  event.routeKey = routeKey;
  if (options.query) event.queryStringParameters = options.query;
  return handler(event, context);
}

describe('the coordinator function', () => {
  it('lets an office list offers', async () => {
    const response = await request('GET /v1/offers', { claims: office });

    expect(response.statusCode).toBe(200);
    expect(JSON.parse(String(response.body)).items.map((o: { id: string }) => o.id)).toEqual(['elterncafe-nord']);
  });

  it('refuses an office changing an offer (403)', async () => {
    const response = await request('PUT /v1/offers/{offerId}', {
      claims: office,
      pathParameters: { offerId: 'elterncafe-nord' },
      body: '{}',
    });

    expect(response.statusCode).toBe(403);
  });

  it('refuses an office listing institutions (403)', async () => {
    expect((await request('GET /v1/institutions', { claims: office })).statusCode).toBe(403);
  });

  it('answers 201 for a new offer', async () => {
    const { id: _id, ...body } = testCatalogue().offers[0] ?? { id: '' };

    const response = await request('PUT /v1/offers/{offerId}', {
      claims: coordinator,
      pathParameters: { offerId: 'neu' },
      body: JSON.stringify(body),
    });

    expect(response.statusCode).toBe(201);
    expect(JSON.parse(String(response.body))).toMatchObject({ id: 'neu' });
  });

  it('keeps the 32 KiB cap on single entities', async () => {
    const response = await request('PUT /v1/offers/{offerId}', {
      claims: coordinator,
      pathParameters: { offerId: 'neu' },
      body: JSON.stringify({ name: 'x'.repeat(40 * 1024) }),
    });

    expect(response.statusCode).toBe(413);
  });

  it('takes an import far above 32 KiB and writes it in BatchWriteItem chunks', async () => {
    const base = testCatalogue().offers[0];
    if (!base) throw new Error('fixture');
    const services = Array.from({ length: 300 }, (_, i) =>
      hsdsServiceFromOffer({ ...base, id: `o-${i}` }, { municipalityId: 'teststadt', exportedAt: new Date() }),
    );
    const body = JSON.stringify(services);

    const response = await request('POST /v1/catalogue/import', { claims: coordinator, body });

    expect(body.length).toBeGreaterThan(32 * 1024);
    expect(response.statusCode).toBe(200);
    expect(JSON.parse(String(response.body)).created).toHaveLength(300);
    expect(dynamo.commandCalls(BatchWriteCommand)).toHaveLength(12);
  });

  it('refuses an import above 5 MiB (413)', async () => {
    const response = await request('POST /v1/catalogue/import', {
      claims: coordinator,
      body: JSON.stringify({ services: [], padding: 'x'.repeat(5 * 1024 * 1024) }),
    });

    expect(response.statusCode).toBe(413);
  });

  it('answers a rejected import with 422 and the report in `import`', async () => {
    const catalogue = testCatalogue();
    catalogue.offers.push({
      ...(catalogue.offers[0] as (typeof catalogue.offers)[number]),
      id: 'x',
      districts: ['mars'],
    });

    const response = await request('POST /v1/catalogue/import', {
      claims: coordinator,
      body: JSON.stringify(catalogue),
    });

    expect(response.statusCode).toBe(422);
    const problem = JSON.parse(String(response.body));
    expect(problem).toMatchObject({ type: 'validation', import: { rejected: [{ id: 'offer:x' }] } });
    expect(dynamo.commandCalls(BatchWriteCommand)).toHaveLength(0);
  });

  it('answers the coverage report as CSV when asked for text/csv', async () => {
    const response = await request('GET /v1/reports/coverage', {
      claims: coordinator,
      query: { from: '2026-11-26', to: '2026-11-26' },
      headers: { accept: 'text/csv' },
    });

    expect(response.statusCode).toBe(200);
    expect(response.headers?.['content-type']).toBe('text/csv; charset=utf-8');
    expect(String(response.body).split('\r\n')[1]).toBe(
      // 6 received, 5 routed: one not routed, so routed (and unmatched, 1) are not published.
      'nord,Frühe Kindheit,Erziehung und Entwicklung,Geburtsklinik,6,nicht ausgewiesen,nicht ausgewiesen,0,0,',
    );
  });

  it('answers the coverage report as JSON when the client weighs JSON above CSV', async () => {
    const response = await request('GET /v1/reports/coverage', {
      claims: coordinator,
      query: { from: '2026-11-26', to: '2026-11-26' },
      headers: { accept: 'text/csv;q=0.5, application/json' },
    });

    expect([response.statusCode, response.headers?.['content-type'], response.headers?.vary]).toEqual([
      200,
      'application/json',
      'accept',
    ]);
  });

  it('answers the coverage report as JSON by default', async () => {
    const response = await request('GET /v1/reports/coverage', {
      claims: coordinator,
      query: { from: '2026-11-26', to: '2026-11-26' },
    });

    const report = JSON.parse(String(response.body));
    expect(report).toMatchObject({
      from: '2026-11-01',
      to: '2026-11-30',
      grid: 'month',
      periods: [{ id: '2026-11', from: '2026-11-01', to: '2026-11-30' }],
    });
    expect(report.cells[0]).toMatchObject({ received: 6, routed: null, medianHoursToFirstAction: null });
  });

  it('answers 404 for a route key it does not serve', async () => {
    expect((await request('PATCH /v1/offers/{offerId}', { claims: coordinator })).statusCode).toBe(404);
  });
});
