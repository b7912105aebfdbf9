// Direct, read-mostly access to the local table and routing queue, for assertions a client of the API cannot make.
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { SendMessageCommand, SQSClient } from '@aws-sdk/client-sqs';
import { DynamoDBDocumentClient, ScanCommand } from '@aws-sdk/lib-dynamodb';
import { inject } from 'vitest';
import { childProtectionCounterKey, isCaseSortKey } from '#adapters/keys.ts';

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

/** The case items (not their history) whose attributes contain `marker` anywhere. */
export async function casesMentioning(marker: string): Promise<Record<string, unknown>[]> {
  return (await allItems()).filter((item) => isCaseSortKey(String(item.sk)) && JSON.stringify(item).includes(marker));
}

/** All child-protection refusals counted so far, over every month. */
export async function childProtectionRefusals(): Promise<number> {
  const partition = childProtectionCounterKey('').pk;
  return (await allItems())
    .filter((item) => item.pk === partition)
    .reduce((sum, item) => sum + Number(item.count ?? 0), 0);
}

export async function sendRoutingMessage(body: string): Promise<void> {
  await sqs.send(new SendMessageCommand({ QueueUrl: inject('routingQueueUrl'), MessageBody: body }));
}
