// Direct, read-mostly access to the local table and routing queue, for assertions a client of the API cannot make.
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, QueryCommand, ScanCommand } from '@aws-sdk/lib-dynamodb';
import { SendMessageCommand, SQSClient } from '@aws-sdk/client-sqs';
import { inject } from 'vitest';

const credentials = { accessKeyId: 'local', secretAccessKey: 'local' };
const region = 'eu-central-1';

export const documents = DynamoDBDocumentClient.from(
  new DynamoDBClient({ endpoint: inject('dynamoEndpoint'), region, credentials }),
);
export const sqs = new SQSClient({ endpoint: inject('sqsEndpoint'), region, credentials });

/** Every item of the table (a test-only Scan: the system itself never scans). */
export async function allItems(): Promise<Record<string, unknown>[]> {
  const items: Record<string, unknown>[] = [];
  let startKey: Record<string, unknown> | undefined;
  do {
    const page = await documents.send(
      new ScanCommand({ TableName: inject('tableName'), ...(startKey ? { ExclusiveStartKey: startKey } : {}) }),
    );
    items.push(...(page.Items ?? []));
    startKey = page.LastEvaluatedKey;
  } while (startKey);
  return items;
}

/** The items of one partition, e.g. a case and its history events. */
export async function partition(pk: string): Promise<Record<string, unknown>[]> {
  const page = await documents.send(
    new QueryCommand({
      TableName: inject('tableName'),
      KeyConditionExpression: 'pk = :pk',
      ExpressionAttributeValues: { ':pk': pk },
    }),
  );
  return page.Items ?? [];
}

export async function sendRoutingMessage(body: string): Promise<void> {
  await sqs.send(new SendMessageCommand({ QueueUrl: inject('routingQueueUrl'), MessageBody: body }));
}
