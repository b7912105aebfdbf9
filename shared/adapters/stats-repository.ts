// Anonymous monthly counters (child-protection refusals): an atomic ADD on one item, nothing about the family.
import { type DynamoDBDocumentClient, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { AnonymousCounters } from '#application/ports.ts';
import { translateAwsError } from './aws-errors.ts';
import { childProtectionCounterKey } from './keys.ts';

export function createStatsRepository(options: {
  client: DynamoDBDocumentClient;
  tableName: string;
}): AnonymousCounters {
  const { client, tableName } = options;
  return {
    async incrementChildProtection(month) {
      try {
        await client.send(
          new UpdateCommand({
            TableName: tableName,
            Key: childProtectionCounterKey(month),
            UpdateExpression: 'ADD #count :one',
            ExpressionAttributeNames: { '#count': 'count' },
            ExpressionAttributeValues: { ':one': 1 },
          }),
        );
      } catch (error) {
        throw translateAwsError(error, 'UpdateItem counter');
      }
    },
  };
}
