import { ChangeMessageVisibilityCommand, RequestThrottled, SendMessageCommand, SQSClient } from '@aws-sdk/client-sqs';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, describe, expect, it } from 'vitest';
import { createNotificationQueue, createNotificationRedelivery } from '#adapters/notification-queue.ts';
import type { NotificationMessage } from '#domain/domain-events.ts';
import { TemporaryFailure } from '#domain/errors.ts';

const queueUrl = 'https://sqs.eu-central-1.amazonaws.com/123456789012/notifications';
const client = new SQSClient({ region: 'eu-central-1' });
const sqs = mockClient(client);

afterEach(() => {
  sqs.reset();
});

const message: NotificationMessage = {
  eventId: 'CASE0001:2',
  type: 'case.routed',
  caseId: 'CASE0001',
  officeId: 'fb-nord',
  occurredAt: '2026-11-26T10:00:00.000Z',
};

describe('notification queue', () => {
  it('publishes the message as the JSON body to the notification queue', async () => {
    sqs.on(SendMessageCommand).resolves({ MessageId: 'm-1' });

    await createNotificationQueue({ client, queueUrl }).publish(message);

    const input = sqs.commandCalls(SendMessageCommand)[0]?.args[0].input;
    expect(input?.QueueUrl).toBe(queueUrl);
    expect(JSON.parse(input?.MessageBody ?? '')).toEqual(message);
  });

  it('sends no message attributes', async () => {
    sqs.on(SendMessageCommand).resolves({ MessageId: 'm-1' });

    await createNotificationQueue({ client, queueUrl }).publish(message);

    const input = sqs.commandCalls(SendMessageCommand)[0]?.args[0].input;
    expect(input?.MessageAttributes).toBeUndefined();
    expect(input?.MessageSystemAttributes).toBeUndefined();
  });

  it('turns a throttled send into a TemporaryFailure', async () => {
    sqs.on(SendMessageCommand).rejects(new RequestThrottled({ $metadata: {}, message: 'slow down' }));

    await expect(createNotificationQueue({ client, queueUrl }).publish(message)).rejects.toBeInstanceOf(
      TemporaryFailure,
    );
  });
});

describe('notification redelivery', () => {
  it('changes the visibility of the received message to the delay', async () => {
    sqs.on(ChangeMessageVisibilityCommand).resolves({});

    await createNotificationRedelivery({ client, queueUrl }).delay('receipt-1', 120);

    expect(sqs.commandCalls(ChangeMessageVisibilityCommand)[0]?.args[0].input).toEqual({
      QueueUrl: queueUrl,
      ReceiptHandle: 'receipt-1',
      VisibilityTimeout: 120,
    });
  });

  it('turns a throttled visibility change into a TemporaryFailure', async () => {
    sqs.on(ChangeMessageVisibilityCommand).rejects(new RequestThrottled({ $metadata: {}, message: 'slow down' }));

    await expect(createNotificationRedelivery({ client, queueUrl }).delay('receipt-1', 30)).rejects.toBeInstanceOf(
      TemporaryFailure,
    );
  });
});
