// The notification queue: publishes domain-event notifications (id-only JSON body, no attributes) and lets the
// notifier push a failed delivery's redelivery out (ChangeMessageVisibility) to back off.
import { ChangeMessageVisibilityCommand, SendMessageCommand, type SQSClient } from '@aws-sdk/client-sqs';
import type { NotificationQueue, NotificationRedelivery } from '#application/ports.ts';
import { translateAwsError } from './aws-errors.ts';

export function createNotificationQueue(options: { client: SQSClient; queueUrl: string }): NotificationQueue {
  const { client, queueUrl } = options;
  return {
    async publish(message) {
      try {
        // No MessageAttributes: everything a consumer needs is in the id-only body.
        await client.send(new SendMessageCommand({ QueueUrl: queueUrl, MessageBody: JSON.stringify(message) }));
      } catch (error) {
        throw translateAwsError(error, 'SendMessage notification');
      }
    },
  };
}

export function createNotificationRedelivery(options: { client: SQSClient; queueUrl: string }): NotificationRedelivery {
  const { client, queueUrl } = options;
  return {
    async delay(receiptHandle, seconds) {
      try {
        await client.send(
          new ChangeMessageVisibilityCommand({
            QueueUrl: queueUrl,
            ReceiptHandle: receiptHandle,
            VisibilityTimeout: seconds,
          }),
        );
      } catch (error) {
        throw translateAwsError(error, 'ChangeMessageVisibility notification');
      }
    },
  };
}
