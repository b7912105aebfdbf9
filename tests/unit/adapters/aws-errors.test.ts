import {
  ConditionalCheckFailedException,
  DynamoDBClient,
  DynamoDBServiceException,
  InternalServerError,
  ProvisionedThroughputExceededException,
  TransactionCanceledException,
} from '@aws-sdk/client-dynamodb';
import { RequestThrottled, SendMessageCommand, SQSClient } from '@aws-sdk/client-sqs';
import { DynamoDBDocumentClient, GetCommand, TransactWriteCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, describe, expect, it } from 'vitest';
import { createCaseRepository } from '#adapters/case-repository.ts';
import { createRoutingQueue } from '#adapters/routing-queue.ts';
import { createStatsRepository } from '#adapters/stats-repository.ts';
import { TemporaryFailure, VersionConflict } from '#domain/errors.ts';
import { receivedCase } from '../functions/case-fixtures.ts';
import { personalData } from '../functions/fakes.ts';

const documentClient = DynamoDBDocumentClient.from(new DynamoDBClient({ region: 'eu-central-1' }));
const dynamo = mockClient(documentClient);
const sqsClient = new SQSClient({ region: 'eu-central-1' });
const sqs = mockClient(sqsClient);

afterEach(() => {
  dynamo.reset();
  sqs.reset();
});

const meta = { $metadata: {} };
const cancelled = (...codes: string[]) =>
  new TransactionCanceledException({
    ...meta,
    message: 'Transaction cancelled',
    CancellationReasons: codes.map((Code) => ({ Code })),
  });

function repository() {
  return createCaseRepository({
    client: documentClient,
    tableName: 'lotse',
    personalTableName: 'lotse-personal',
    inFlightRereads: 2,
    inFlightDelayMs: 1,
  });
}

function newCase() {
  const caseRecord = receivedCase();
  return {
    caseRecord,
    personal: personalData(),
    firstEvent: { seq: 1, type: 'received' as const, at: caseRecord.createdAt, actor: 'referrer:klinik-mitte' },
    idempotency: { institutionId: 'klinik-mitte', key: 'key-1', bodyHash: 'abc', expiresAt: 4_000_000_000 },
  };
}

describe('case repository error mapping', () => {
  it('reports an existing idempotency record when its condition fails', async () => {
    dynamo.on(TransactWriteCommand).rejects(cancelled('ConditionalCheckFailed', 'None', 'None'));
    dynamo.on(GetCommand).resolves({
      Item: { bodyHash: 'abc', referralId: 'FIRST', createdAt: '2026-11-26T09:00:00.000Z', expiresAt: 4_000_000_000 },
    });

    const outcome = await repository().create(newCase());

    expect(outcome).toEqual({
      kind: 'exists',
      record: { bodyHash: 'abc', referralId: 'FIRST', createdAt: '2026-11-26T09:00:00.000Z', expiresAt: 4_000_000_000 },
    });
  });

  it('reports in flight when a conflicting writer never becomes visible', async () => {
    dynamo.on(TransactWriteCommand).rejects(cancelled('TransactionConflict', 'None', 'None'));
    dynamo.on(GetCommand).resolves({});

    expect(await repository().create(newCase())).toEqual({ kind: 'in-flight' });
  });

  it('turns throttling into a temporary failure', async () => {
    dynamo
      .on(TransactWriteCommand)
      .rejects(new ProvisionedThroughputExceededException({ ...meta, message: 'slow down' }));

    await expect(repository().create(newCase())).rejects.toBeInstanceOf(TemporaryFailure);
  });

  it('turns an AWS internal error into a temporary failure', async () => {
    dynamo.on(GetCommand).rejects(new InternalServerError({ ...meta, message: 'boom' }));

    await expect(repository().get('CASE0001')).rejects.toBeInstanceOf(TemporaryFailure);
  });

  it('turns a refused connection into a temporary failure', async () => {
    dynamo
      .on(GetCommand)
      .rejects(Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:8000'), { code: 'ECONNREFUSED' }));

    await expect(repository().get('CASE0001')).rejects.toBeInstanceOf(TemporaryFailure);
  });

  it('keeps the SDK error as the cause of a temporary failure', async () => {
    const throttled = new ProvisionedThroughputExceededException({ ...meta, message: 'slow down' });
    dynamo.on(GetCommand).rejects(throttled);

    const error = await repository()
      .get('CASE0001')
      .catch((e: unknown) => e);

    expect((error as TemporaryFailure).cause).toBe(throttled);
  });

  it('passes a non-temporary SDK error through unchanged', async () => {
    const invalid = new DynamoDBServiceException({
      name: 'ValidationException',
      $fault: 'client',
      $metadata: { httpStatusCode: 400 },
      message: 'bad expression',
    });
    dynamo.on(GetCommand).rejects(invalid);

    await expect(repository().get('CASE0001')).rejects.toBe(invalid);
  });

  it('turns a failed version condition of a transition into a version conflict', async () => {
    dynamo.on(TransactWriteCommand).rejects(cancelled('ConditionalCheckFailed', 'None'));
    const from = receivedCase();

    const attempt = repository().applyTransition({
      from,
      status: 'routed',
      updatedAt: '2026-11-26T10:00:00.000Z',
      changes: { officeId: 'fb-nord', proposals: [], unmatched: true },
      event: { seq: 2, type: 'routed', at: '2026-11-26T10:00:00.000Z', actor: 'system:router' },
    });

    await expect(attempt).rejects.toBeInstanceOf(VersionConflict);
  });

  it('retries a transition that met a transaction in progress, and succeeds', async () => {
    dynamo.on(TransactWriteCommand).rejectsOnce(cancelled('TransactionConflict', 'None')).resolves({});

    await repository().applyTransition({
      from: receivedCase(),
      status: 'escalated',
      updatedAt: '2026-11-26T10:00:00.000Z',
      changes: { escalationReason: 'no-office' },
      event: { seq: 2, type: 'escalated', at: '2026-11-26T10:00:00.000Z', actor: 'system:router' },
    });

    expect(dynamo.commandCalls(TransactWriteCommand)).toHaveLength(2);
  });

  it('drops only the capacity update when the offer has no place left, and writes the rest', async () => {
    dynamo
      .on(TransactWriteCommand)
      .rejectsOnce(cancelled('None', 'None', 'ConditionalCheckFailed'))
      .resolves({});

    await repository().applyTransition({
      from: receivedCase({ status: 'accepted', version: 3, officeId: 'fb-nord' }),
      status: 'closed',
      updatedAt: '2026-11-26T10:00:00.000Z',
      changes: { outcome: 'connected', closedOfferId: 'o-1' },
      event: { seq: 4, type: 'closed', at: '2026-11-26T10:00:00.000Z', actor: 'office:fb-nord' },
      useCapacityOf: 'o-1',
    });

    const calls = dynamo.commandCalls(TransactWriteCommand);
    const keysOf = (index: number) =>
      (calls[index]?.args[0].input.TransactItems ?? []).map((item) => item.Update?.Key?.sk ?? item.Put?.Item?.sk);
    // Case, event, capacity and the coverage counts (connected: one counter item for the profile); the retry lacks
    // the capacity.
    expect(keysOf(0)).toHaveLength(4);
    expect(keysOf(0)).toContain('OFFER#o-1');
    expect(keysOf(1)).toEqual(keysOf(0).filter((sk) => sk !== 'OFFER#o-1'));
  });

  it('turns a lasting transaction conflict of a transition into a temporary failure', async () => {
    dynamo.on(TransactWriteCommand).rejects(cancelled('TransactionConflict', 'None'));

    const attempt = repository().applyTransition({
      from: receivedCase(),
      status: 'escalated',
      updatedAt: '2026-11-26T10:00:00.000Z',
      changes: { escalationReason: 'no-office' },
      event: { seq: 2, type: 'escalated', at: '2026-11-26T10:00:00.000Z', actor: 'system:router' },
    });

    await expect(attempt).rejects.toBeInstanceOf(TemporaryFailure);
  });
});

describe('stats repository error mapping', () => {
  it('turns a failed counter update under throttling into a temporary failure', async () => {
    dynamo.on(UpdateCommand).rejects(new ProvisionedThroughputExceededException({ ...meta, message: 'slow down' }));

    await expect(
      createStatsRepository({ client: documentClient, tableName: 'lotse' }).incrementChildProtection('2026-11'),
    ).rejects.toBeInstanceOf(TemporaryFailure);
  });

  it('does not mistake a failed condition for a temporary failure', async () => {
    const failed = new ConditionalCheckFailedException({ ...meta, message: 'no' });
    dynamo.on(UpdateCommand).rejects(failed);

    await expect(
      createStatsRepository({ client: documentClient, tableName: 'lotse' }).incrementChildProtection('2026-11'),
    ).rejects.toBe(failed);
  });
});

describe('routing queue', () => {
  it('sends only the case id, without message attributes', async () => {
    sqs.on(SendMessageCommand).resolves({ MessageId: 'm-1' });

    await createRoutingQueue({ client: sqsClient, queueUrl: 'http://queue' }).enqueue('CASE0001');

    const input = sqs.commandCalls(SendMessageCommand)[0]?.args[0].input;
    expect(input).toEqual({ QueueUrl: 'http://queue', MessageBody: '{"caseId":"CASE0001"}' });
  });

  it('turns SQS throttling into a temporary failure', async () => {
    sqs.on(SendMessageCommand).rejects(new RequestThrottled({ ...meta, message: 'slow down' }));

    await expect(
      createRoutingQueue({ client: sqsClient, queueUrl: 'http://queue' }).enqueue('CASE0001'),
    ).rejects.toBeInstanceOf(TemporaryFailure);
  });
});
