// Publishes "route this case" messages to the routing queue: body {"caseId"} only, no attributes with data.
import { SendMessageCommand, type SQSClient } from '@aws-sdk/client-sqs';
import type { RoutingQueue } from '#application/ports.ts';
import { translateAwsError } from './aws-errors.ts';

export function createRoutingQueue(options: { client: SQSClient; queueUrl: string }): RoutingQueue {
  const { client, queueUrl } = options;
  return {
    async enqueue(caseId) {
      try {
        await client.send(new SendMessageCommand({ QueueUrl: queueUrl, MessageBody: JSON.stringify({ caseId }) }));
      } catch (error) {
        throw translateAwsError(error, 'SendMessage');
      }
    },
  };
}
