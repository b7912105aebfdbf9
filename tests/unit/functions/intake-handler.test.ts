// The intake handler's wiring (middleware, adapters, use case, 202 mapping) with the AWS clients mocked.

import { ProvisionedThroughputExceededException } from '@aws-sdk/client-dynamodb';
import { GetSecretValueCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { SendMessageCommand, SQSClient } from '@aws-sdk/client-sqs';
import { DynamoDBDocumentClient, GetCommand, QueryCommand, TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import type { Context } from 'aws-lambda';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { catalogueEntityKey } from '#adapters/keys.ts';
import { logger } from '#runtime/logger.ts';
import { httpEvent } from '../http/http-events.ts';
import { catalogueTableItems, testCatalogue, validReferralBody } from './fakes.ts';

Object.assign(process.env, {
  TABLE_NAME: 'lotse',
  PERSONAL_TABLE_NAME: 'lotse-personal',
  ROUTING_QUEUE_URL: 'https://sqs.eu-central-1.amazonaws.com/123456789012/routing',
  BODY_HASH_SECRET_ARN: 'arn:aws:secretsmanager:eu-central-1:123456789012:secret:BodyHashSecret-AbCdEf',
  MUNICIPALITY_ID: 'teststadt',
  STAGE: 'dev',
  AWS_REGION: 'eu-central-1',
});

const dynamo = mockClient(DynamoDBDocumentClient);
const sqs = mockClient(SQSClient);
// The body hash key, read once per instance (tests/unit/functions/intake-body-hash.test.ts covers it).
mockClient(SecretsManagerClient)
  .on(GetSecretValueCommand)
  .resolves({ SecretString: 'k'.repeat(64) });
const context = {} as Context;
let handler: typeof import('../../../functions/intake/handler.ts')['handler'];

function seedCatalogue() {
  const catalogue = testCatalogue();
  dynamo.on(QueryCommand).resolves({
    Items: [...catalogueTableItems(catalogue)],
  });
  // The institution of the token is in the catalogue (the check of every request).
  dynamo.on(GetCommand, { Key: catalogueEntityKey('INSTITUTION', 'klinik-mitte') }).resolves({
    Item: catalogueEntityKey('INSTITUTION', 'klinik-mitte'),
  });
}

beforeAll(async () => {
  logger.setLogLevel('SILENT');
  seedCatalogue();
  ({ handler } = await import('../../../functions/intake/handler.ts'));
});

afterEach(() => {
  dynamo.reset();
  sqs.reset();
  seedCatalogue();
});

const submit = () =>
  handler(
    httpEvent({
      routeKey: 'POST /v1/referrals',
      body: JSON.stringify(validReferralBody()),
      headers: { 'content-type': 'application/json', 'idempotency-key': 'key-1' },
    }),
    context,
  );

describe('intake handler', () => {
  it('answers 202 with the referral id, its link and a Location header', async () => {
    dynamo.on(TransactWriteCommand).resolves({});
    sqs.on(SendMessageCommand).resolves({ MessageId: 'm-1' });

    const response = await submit();

    const body = JSON.parse(response.body ?? '{}');
    expect(response.statusCode).toBe(202);
    expect(body).toEqual({
      referralId: expect.any(String),
      status: 'received',
      links: { self: `/v1/referrals/${body.referralId}` },
    });
    expect(response.headers?.location).toBe(`/v1/referrals/${body.referralId}`);
  });

  it('stores the personal item in the personal table and the case in the main table, in one transaction', async () => {
    dynamo.on(TransactWriteCommand).resolves({});
    sqs.on(SendMessageCommand).resolves({ MessageId: 'm-1' });

    await submit();

    const transactions = dynamo.commandCalls(TransactWriteCommand);
    expect(transactions).toHaveLength(1);
    const items = transactions[0]?.args[0].input.TransactItems ?? [];
    const puts = items.flatMap((item) => (item.Put ? [item.Put] : []));
    expect(puts.filter((put) => put.TableName === 'lotse-personal').map((put) => put.Item?.sk)).toEqual(['PERSONAL']);
    expect(puts.filter((put) => put.TableName === 'lotse').map((put) => put.Item?.sk)).toEqual(
      expect.arrayContaining(['IDEMPOTENCY', 'CASE', 'EVENT#000001']),
    );
    expect(JSON.stringify(puts.filter((put) => put.TableName === 'lotse'))).not.toContain('Muster');
  });

  it('answers 503 with Retry-After when the table is throttled, so the client retries', async () => {
    dynamo
      .on(TransactWriteCommand)
      .rejects(new ProvisionedThroughputExceededException({ $metadata: {}, message: 'slow' }));

    const response = await submit();

    expect(response.statusCode).toBe(503);
    expect(response.headers?.['retry-after']).toBe('2');
    expect(response.body).not.toContain('slow');
  });

  it('still answers 202 when the routing message cannot be sent', async () => {
    dynamo.on(TransactWriteCommand).resolves({});
    sqs.on(SendMessageCommand).rejects(new Error('connection reset'));

    expect((await submit()).statusCode).toBe(202);
  });
});
