// The intake handler's keyed body hash, wired: the secret named by BODY_HASH_SECRET_ARN keys the idempotency record's
// hash, and a key that cannot be read yet answers 503 with Retry-After and writes nothing (AWS clients mocked).
import { createHmac } from 'node:crypto';
import { GetSecretValueCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { SendMessageCommand, SQSClient } from '@aws-sdk/client-sqs';
import { DynamoDBDocumentClient, GetCommand, QueryCommand, TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import type { Context } from 'aws-lambda';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeAll, describe, expect, it } from 'vitest';
import { catalogueEntityKey } from '#adapters/keys.ts';
import { canonicalJson } from '#domain/json-value.ts';
import { intakeConfigSchema, loadConfig } from '#runtime/config.ts';
import { logger } from '#runtime/logger.ts';
import { httpEvent } from '../http/http-events.ts';
import { catalogueTableItems, testCatalogue, validReferralBody } from './fakes.ts';

const SECRET_ARN = 'arn:aws:secretsmanager:eu-central-1:123456789012:secret:BodyHashSecretA1B2C3-AbCdEf';
const SECRET = 'p8Yw2Lq5Rt9Zx3Cv7Bn1Mk4Hj6Gf0Ds8Ae2Wq5Er9Ty3Ui7Op1As4Df6Gh0Jk2Lz';

Object.assign(process.env, {
  TABLE_NAME: 'lotse',
  PERSONAL_TABLE_NAME: 'lotse-personal',
  ROUTING_QUEUE_URL: 'https://sqs.eu-central-1.amazonaws.com/123456789012/routing',
  BODY_HASH_SECRET_ARN: SECRET_ARN,
  MUNICIPALITY_ID: 'teststadt',
  STAGE: 'dev',
  AWS_REGION: 'eu-central-1',
});

const dynamo = mockClient(DynamoDBDocumentClient);
const sqs = mockClient(SQSClient);
const secretsManager = mockClient(SecretsManagerClient);
let handler: typeof import('../../../functions/intake/handler.ts')['handler'];

beforeAll(async () => {
  logger.setLogLevel('SILENT');
  dynamo.on(QueryCommand).resolves({ Items: [...catalogueTableItems(testCatalogue())] });
  dynamo.on(GetCommand, { Key: catalogueEntityKey('INSTITUTION', 'klinik-mitte') }).resolves({
    Item: catalogueEntityKey('INSTITUTION', 'klinik-mitte'),
  });
  dynamo.on(TransactWriteCommand).resolves({});
  sqs.on(SendMessageCommand).resolves({ MessageId: 'm-1' });
  ({ handler } = await import('../../../functions/intake/handler.ts'));
});

const submit = () =>
  handler(
    httpEvent({
      routeKey: 'POST /v1/referrals',
      body: JSON.stringify(validReferralBody()),
      headers: { 'content-type': 'application/json', 'idempotency-key': 'key-1' },
    }),
    {} as Context,
  );

describe('the intake handler and its body hash key', () => {
  it('answers 503 with Retry-After and writes nothing while the key cannot be read, then keys the record with it', async () => {
    secretsManager
      .on(GetSecretValueCommand)
      .rejectsOnce(Object.assign(new Error('socket hang up'), { code: 'ECONNRESET' }))
      .resolves({ SecretString: SECRET });

    const refused = await submit();

    expect(refused.statusCode).toBe(503);
    expect(refused.headers?.['retry-after']).toBe('2');
    expect(dynamo.commandCalls(TransactWriteCommand)).toHaveLength(0);

    const accepted = await submit();

    expect(accepted.statusCode).toBe(202);
    expect(secretsManager.commandCalls(GetSecretValueCommand).map((call) => call.args[0].input.SecretId)).toEqual([
      SECRET_ARN,
      SECRET_ARN,
    ]);
    const items = dynamo.commandCalls(TransactWriteCommand)[0]?.args[0].input.TransactItems ?? [];
    const record = items.find((item) => item.Put?.Item?.sk === 'IDEMPOTENCY')?.Put?.Item;
    const keyed = createHmac('sha256', SECRET).update(canonicalJson(validReferralBody())).digest('hex');
    expect(record?.bodyHash).toBe(`hmac-sha256:${keyed}`);
  });
});

describe('the intake configuration', () => {
  it('needs the ARN of the body hash secret and fails fast without it', () => {
    const { BODY_HASH_SECRET_ARN: _omitted, ...without } = process.env;

    expect(loadConfig(intakeConfigSchema, process.env).BODY_HASH_SECRET_ARN).toBe(SECRET_ARN);
    expect(() => loadConfig(intakeConfigSchema, without)).toThrow(/BODY_HASH_SECRET_ARN/);
  });
});
