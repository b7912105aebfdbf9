// The single table in DynamoDB Local for the tests against the real engine: started with the local runtime's own
// helper and created as the stateful stack defines it (keys, indexes, projections, TTL), read from the stack's
// synthesized template by the local runtime's own template reader.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { App } from 'aws-cdk-lib';
import { resolveConfig } from '#infra/config.ts';
import { readAppModel, type TableModel } from '#infra/local/app-model.ts';
import type { CfnTemplate } from '#infra/local/cloud-assembly.ts';
import { createTables, startDynamoDbLocal } from '#infra/local/dynamodb-local.ts';
import { StatefulStack } from '#infra/stacks/stateful-stack.ts';

const REGION = 'eu-central-1';
const credentials = { accessKeyId: 'local', secretAccessKey: 'local' };

/** The stateful stack's table under `tableName`. */
export function statefulTableModel(tableName: string): TableModel {
  const outdir = mkdtempSync(path.join(tmpdir(), 'lotse-stateful-'));
  try {
    const app = new App({ outdir, builtinCloudFormationValidation: false });
    const config = resolveConfig({ municipality: 'musterstadt', stage: 'dev' });
    const stack = new StatefulStack(app, 'Stateful', { config });
    const synthesized = app.synth().getStackArtifact(stack.artifactId).template as CfnTemplate;
    // The table alone: the stack's functions (the token trigger) were synthesized without bundles to run.
    const template = {
      ...synthesized,
      Resources: Object.fromEntries(
        Object.entries(synthesized.Resources ?? {}).filter(([, resource]) => resource.Type === 'AWS::DynamoDB::Table'),
      ),
    };
    const bindings = { region: REGION, accountId: '000000000000', queueUrl: (name: string) => name, apiUrl: '' };
    const [table] = readAppModel([{ stackName: stack.stackName, template, directory: outdir }], bindings).tables;
    if (table === undefined) throw new Error('the stateful stack defines no table');
    return { ...table, name: tableName };
  } finally {
    rmSync(outdir, { recursive: true, force: true });
  }
}

export interface LocalTable {
  client: DynamoDBDocumentClient;
  tableName: string;
  stop(): Promise<void>;
}

export async function startLocalTable(tableName: string): Promise<LocalTable> {
  const model = statefulTableModel(tableName);
  const makeClient = (endpoint: string) => new DynamoDBClient({ endpoint, region: REGION, credentials });
  const dynamo = await startDynamoDbLocal(makeClient);
  const raw = makeClient(dynamo.endpoint);
  try {
    await createTables(raw, [model]);
  } catch (error) {
    raw.destroy();
    await dynamo.stop();
    throw error;
  }
  return {
    client: DynamoDBDocumentClient.from(raw, { marshallOptions: { removeUndefinedValues: true } }),
    tableName,
    async stop() {
      raw.destroy();
      await dynamo.stop();
    },
  };
}
