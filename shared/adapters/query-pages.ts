// Reads every page of a DynamoDB Query (up to an optional item limit), translating AWS errors once for all callers.
import { type DynamoDBDocumentClient, QueryCommand, type QueryCommandInput } from '@aws-sdk/lib-dynamodb';
import { translateAwsError } from './aws-errors.ts';

/** An item as the document client reads and writes it. */
export type Item = Record<string, unknown>;

export async function queryAll(
  client: DynamoDBDocumentClient,
  input: Omit<QueryCommandInput, 'ExclusiveStartKey' | 'Limit'>,
  options: { operation: string; limit?: number },
): Promise<Item[]> {
  const items: Item[] = [];
  const limit = options.limit ?? Number.POSITIVE_INFINITY;
  try {
    let startKey: Item | undefined;
    do {
      const page = await client.send(
        new QueryCommand({
          ...input,
          ...(startKey ? { ExclusiveStartKey: startKey } : {}),
          ...(Number.isFinite(limit) ? { Limit: limit - items.length } : {}),
        }),
      );
      items.push(...(page.Items ?? []));
      startKey = page.LastEvaluatedKey;
    } while (startKey && items.length < limit);
  } catch (error) {
    throw translateAwsError(error, options.operation);
  }
  return items;
}
