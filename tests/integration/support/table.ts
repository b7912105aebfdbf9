// Direct, read-mostly access to the local tables and routing queue, for assertions a client of the API cannot make.
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { SendMessageCommand, SQSClient } from '@aws-sdk/client-sqs';
import { DynamoDBDocumentClient, GetCommand, ScanCommand } from '@aws-sdk/lib-dynamodb';
import { inject } from 'vitest';
import { childProtectionCounterKey, isCasePersonalSortKey, isCaseSortKey } from '#adapters/keys.ts';

const credentials = { accessKeyId: 'local', secretAccessKey: 'local' };
const region = 'eu-central-1';

export const documents = DynamoDBDocumentClient.from(
  new DynamoDBClient({ endpoint: inject('dynamoEndpoint'), region, credentials }),
);
export const sqs = new SQSClient({ endpoint: inject('sqsEndpoint'), region, credentials });

/** Every item of one table (a test-only Scan: the system itself never scans), by default of this tier's runtime. */
export async function scanAll(
  tableName: string,
  client: DynamoDBDocumentClient = documents,
): Promise<Record<string, unknown>[]> {
  const items: Record<string, unknown>[] = [];
  let startKey: Record<string, unknown> | undefined;
  do {
    const page = await client.send(
      new ScanCommand({ TableName: tableName, ...(startKey ? { ExclusiveStartKey: startKey } : {}) }),
    );
    items.push(...(page.Items ?? []));
    startKey = page.LastEvaluatedKey;
  } while (startKey);
  return items;
}

/** Every item of both tables, the main table's first. */
export async function allItems(): Promise<Record<string, unknown>[]> {
  const [main, personal] = await Promise.all([scanAll(inject('tableName')), scanAll(inject('personalTableName'))]);
  return [...main, ...personal];
}

/** Every item of the main table. */
export async function mainItems(): Promise<Record<string, unknown>[]> {
  return scanAll(inject('tableName'));
}

/** Every item of the personal table (the families' personal items and proposals). */
export async function personalItems(): Promise<Record<string, unknown>[]> {
  return scanAll(inject('personalTableName'));
}

/** One item of the main table by its key, or undefined. */
export async function item(key: { pk: string; sk: string }): Promise<Record<string, unknown> | undefined> {
  const result = await documents.send(new GetCommand({ TableName: inject('tableName'), Key: key }));
  return result.Item;
}

/** The case items whose personal data (kept in the personal table, under the case's partition key) contains `marker`. */
export async function casesMentioning(marker: string): Promise<Record<string, unknown>[]> {
  const [main, personal] = await Promise.all([scanAll(inject('tableName')), personalItems()]);
  const partitions = new Set(
    personal
      .filter((entry) => isCasePersonalSortKey(String(entry.sk)) && JSON.stringify(entry).includes(marker))
      .map((entry) => entry.pk),
  );
  return main.filter((entry) => isCaseSortKey(String(entry.sk)) && partitions.has(entry.pk));
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
