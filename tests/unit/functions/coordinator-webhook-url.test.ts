// An office's webhook URL where a coordinator saves it: PUT through the coordinator's route in the cloud configuration
// (LOTSE_RUNTIME unset) answers 400 `validation` at `webhookUrl`; the import rejects the entry at its path (422 with the
// report); neither writes anything. The local runtime also takes loopback receivers.
import { BatchWriteCommand, DynamoDBDocumentClient, PutCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import type { Context } from 'aws-lambda';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { type ImportReport, importCatalogue } from '#application/coordinator/import-catalogue.ts';
import { ImportRejected } from '#domain/errors.ts';
import type { HttpEvent } from '#http/http-event.ts';
import { logger } from '#runtime/logger.ts';
import { httpEvent } from '../http/http-events.ts';
import { InMemoryCatalogueStore } from './catalogue-store-fake.ts';
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
delete process.env.LOTSE_RUNTIME;

const dynamo = mockClient(DynamoDBDocumentClient);
let handler: typeof import('../../../functions/coordinator/handler.ts')['handler'];

function seed() {
  dynamo.on(QueryCommand).resolves({ Items: [] });
  dynamo.on(QueryCommand, { ExpressionAttributeValues: { ':pk': 'CATALOGUE' } }).resolves({
    Items: [...catalogueTableItems(testCatalogue())],
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

async function call(routeKey: string, body: unknown, pathParameters?: Record<string, string>) {
  const event = httpEvent({
    claims: { scope: 'lotse/coordinator' },
    body: JSON.stringify(body),
    ...(pathParameters ? { pathParameters } : {}),
  }) as HttpEvent & { routeKey: string };
  event.routeKey = routeKey;
  const response = await handler(event, {} as Context);
  return { status: response.statusCode, json: JSON.parse(String(response.body)) };
}

function office(webhookUrl: string) {
  const { id: _id, ...body } = testCatalogue().offices[0] ?? { id: '' };
  return { ...body, webhookUrl };
}

function writes(): number {
  return dynamo.commandCalls(PutCommand).length + dynamo.commandCalls(BatchWriteCommand).length;
}

describe('PUT /v1/offices/{officeId} in the cloud', () => {
  it('saves an https URL to a public host', async () => {
    const response = await call('PUT /v1/offices/{officeId}', office('https://fb-nord.example/hook'), {
      officeId: 'fb-nord',
    });

    expect([200, 201]).toContain(response.status);
  });

  it.each([
    ['http://127.0.0.1:4010/hook', 'must be an https URL'],
    ['https://localhost/hook', 'must not point to a loopback address'],
    ['https://0x7f.1/hook', 'must not point to a loopback address'],
    ['https://10.0.0.8/hook', 'must not point to a private address'],
    ['https://[::ffff:a9fe:a9fe]/hook', 'must not point to a cloud metadata address'],
    ['https://2852039166/latest', 'must not point to a cloud metadata address'],
    ['https://[fe80::1]/hook', 'must not point to a link-local address'],
    ['https://100.100.1.1/hook', 'must not point to a shared (carrier-grade NAT) address'],
    ['https://ops:secret@fb-nord.example/hook', 'must not contain a user name or password'],
  ])('refuses %s with 400 validation at webhookUrl and writes nothing', async (webhookUrl, message) => {
    const response = await call('PUT /v1/offices/{officeId}', office(webhookUrl), { officeId: 'fb-nord' });

    expect([response.status, response.json.type]).toEqual([400, 'validation']);
    expect(response.json.errors).toEqual([{ path: 'webhookUrl', message }]);
    expect(writes()).toBe(0);
  });
});

describe('the catalogue import', () => {
  function withWebhook(webhookUrl: string) {
    const document = testCatalogue();
    const offices = document.offices.map((entry, index) => (index === 0 ? { ...entry, webhookUrl } : entry));
    return { ...document, offices };
  }

  it('rejects, in the cloud, an office whose webhook URL is a loopback receiver, at its path, writing nothing', async () => {
    const store = new InMemoryCatalogueStore(testCatalogue());

    const error = await importCatalogue(
      { catalogue: store },
      { body: withWebhook('http://localhost:4010/hook'), partial: false },
    ).catch((caught: unknown) => caught);

    expect(error).toBeInstanceOf(ImportRejected);
    expect(((error as ImportRejected).report as ImportReport).rejected).toEqual([
      expect.objectContaining({ reasons: [{ path: 'offices.0.webhookUrl', message: 'must be an https URL' }] }),
    ]);
    expect((await store.loadStored()).offices[0]?.webhookUrl).toBeUndefined();
  });

  it('takes the same loopback receiver in the local runtime', async () => {
    const store = new InMemoryCatalogueStore(testCatalogue());

    await importCatalogue(
      { catalogue: store, webhookRuntime: 'local' },
      { body: withWebhook('http://localhost:4010/hook'), partial: false },
    );

    expect((await store.loadStored()).offices[0]?.webhookUrl).toBe('http://localhost:4010/hook');
  });

  it('rejects a private address in any runtime', async () => {
    const store = new InMemoryCatalogueStore(testCatalogue());

    const error = await importCatalogue(
      { catalogue: store, webhookRuntime: 'local' },
      { body: withWebhook('https://0xc0a80001/hook'), partial: false },
    ).catch((caught: unknown) => caught);

    expect(((error as ImportRejected).report as ImportReport).rejected[0]?.reasons).toEqual([
      { path: 'offices.0.webhookUrl', message: 'must not point to a private address' },
    ]);
  });
});
