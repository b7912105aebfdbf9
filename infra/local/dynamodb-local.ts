// DynamoDB Local on a free loopback port (in memory, one shared database), owned by a guard child process, and the
// table(s) of the assembly created in it as the templates describe.
import { type ChildProcess, fork } from 'node:child_process';
import { once } from 'node:events';
import { fileURLToPath } from 'node:url';
import {
  CreateTableCommand,
  type CreateTableCommandInput,
  type DynamoDBClient,
  ListTablesCommand,
  UpdateTimeToLiveCommand,
} from '@aws-sdk/client-dynamodb';
import type { TableModel } from './app-model.ts';
import { freePort } from './free-port.ts';

const GUARD_SCRIPT = fileURLToPath(new URL('./dynamodb-guard.ts', import.meta.url));
const READY_TIMEOUT_MS = 60_000;

export type DynamoDbLocal = { readonly endpoint: string; stop(): Promise<void> };

async function startOnce(port: number, makeClient: (endpoint: string) => DynamoDBClient): Promise<DynamoDbLocal> {
  // Detached: its own process group, so a terminal Ctrl-C does not kill it before the runtime stops it in order,
  // and stop() can end the guard and Java together.
  const guard: ChildProcess = fork(GUARD_SCRIPT, [String(port)], {
    detached: true,
    execArgv: [],
    env: { ...process.env, DDB_LOCAL_TELEMETRY: '0' },
    stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
  });
  let output = '';
  const collect = (chunk: Buffer) => {
    output = (output + chunk.toString()).slice(-4000);
  };
  guard.stdout?.on('data', collect);
  guard.stderr?.on('data', collect);
  const exited = once(guard, 'exit');
  let gone = false;
  exited.then(() => {
    gone = true;
  });

  const endpoint = `http://127.0.0.1:${port}`;
  const stop = async () => {
    if (gone) return;
    guard.kill('SIGTERM');
    const timer = setTimeout(() => {
      try {
        if (guard.pid !== undefined) process.kill(-guard.pid, 'SIGKILL');
      } catch {
        // already gone
      }
    }, 5000);
    await exited;
    clearTimeout(timer);
  };

  const client = makeClient(endpoint);
  const deadline = Date.now() + READY_TIMEOUT_MS;
  try {
    while (true) {
      if (gone) throw new Error(`DynamoDB Local did not start:\n${output.trim()}`);
      try {
        await client.send(new ListTablesCommand({}));
        return { endpoint, stop };
      } catch {
        if (Date.now() > deadline) throw new Error(`DynamoDB Local did not answer within ${READY_TIMEOUT_MS} ms`);
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
    }
  } catch (error) {
    await stop();
    throw error;
  } finally {
    client.destroy();
  }
}

/** Starts DynamoDB Local; retried on another port if the chosen one was taken in the meantime. */
export async function startDynamoDbLocal(makeClient: (endpoint: string) => DynamoDBClient): Promise<DynamoDbLocal> {
  let lastError: unknown;
  for (let attempt = 0; attempt < 3; attempt += 1) {
    try {
      return await startOnce(await freePort(), makeClient);
    } catch (error) {
      lastError = error;
    }
  }
  throw lastError;
}

/** CreateTable's input for a table of the assembly (on demand, as the stacks bill it). */
export function createTableInput(table: TableModel): CreateTableCommandInput {
  return {
    TableName: table.name,
    KeySchema: table.keySchema,
    AttributeDefinitions: table.attributeDefinitions,
    BillingMode: 'PAY_PER_REQUEST',
    ...(table.globalSecondaryIndexes.length > 0 ? { GlobalSecondaryIndexes: table.globalSecondaryIndexes } : {}),
  } as CreateTableCommandInput;
}

/**
 * Creates the tables. DynamoDB Local records the TTL setting but never deletes expired items: ttl-sweeper.ts does.
 */
export async function createTables(client: DynamoDBClient, tables: readonly TableModel[]): Promise<void> {
  for (const table of tables) {
    await client.send(new CreateTableCommand(createTableInput(table)));
    if (table.ttlAttribute !== undefined) {
      await client.send(
        new UpdateTimeToLiveCommand({
          TableName: table.name,
          TimeToLiveSpecification: { AttributeName: table.ttlAttribute, Enabled: true },
        }),
      );
    }
  }
}
