// The two tables in DynamoDB Local for the tests against the real engine (the main table and the personal table):
// started with the local runtime's own helper and created as the stateful stack defines them (keys, indexes,
// projections, TTL), read from the stack's synthesized template by the local runtime's own template reader.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { App, type CfnElement } from 'aws-cdk-lib';
import { resolveConfig } from '#infra/config.ts';
import { readAppModel, type TableModel } from '#infra/local/app-model.ts';
import type { CfnTemplate } from '#infra/local/cloud-assembly.ts';
import { createTables, startDynamoDbLocal } from '#infra/local/dynamodb-local.ts';
import { StatefulStack } from '#infra/stacks/stateful-stack.ts';

const REGION = 'eu-central-1';
const credentials = { accessKeyId: 'local', secretAccessKey: 'local' };

/** The stateful stack's main table under `tableName`. */
export function statefulTableModel(tableName: string): TableModel {
  return statefulTableModels({ main: tableName, personal: `${tableName}-personal` }).main;
}

/** The stateful stack's main and personal tables under the given names. */
export function statefulTableModels(names: { main: string; personal: string }): {
  main: TableModel;
  personal: TableModel;
} {
  const outdir = mkdtempSync(path.join(tmpdir(), 'lotse-stateful-'));
  try {
    const app = new App({ outdir, builtinCloudFormationValidation: false });
    const config = resolveConfig({ municipality: 'musterstadt', stage: 'dev' });
    const stack = new StatefulStack(app, 'Stateful', { config });
    const synthesized = app.synth().getStackArtifact(stack.artifactId).template as CfnTemplate;
    // The tables alone: the stack's functions (the token trigger) were synthesized without bundles to run.
    const template = {
      ...synthesized,
      Resources: Object.fromEntries(
        Object.entries(synthesized.Resources ?? {}).filter(([, resource]) => resource.Type === 'AWS::DynamoDB::Table'),
      ),
    };
    const bindings = { region: REGION, accountId: '000000000000', queueUrl: (name: string) => name, apiUrl: '' };
    const tables = readAppModel([{ stackName: stack.stackName, template, directory: outdir }], bindings).tables;
    // Local names are the logical ids (infra/local/intrinsics.ts).
    const named = (table: { node: { defaultChild?: unknown } }, name: string): TableModel => {
      const logicalId = stack.getLogicalId(table.node.defaultChild as CfnElement);
      const model = tables.find((candidate) => candidate.name === logicalId);
      if (model === undefined) throw new Error(`the stateful stack defines no table ${logicalId}`);
      return { ...model, name };
    };
    return { main: named(stack.table, names.main), personal: named(stack.personalTable, names.personal) };
  } finally {
    rmSync(outdir, { recursive: true, force: true });
  }
}

export interface LocalTable {
  client: DynamoDBDocumentClient;
  /** The main table. */
  tableName: string;
  /** The personal table (`<tableName>-personal`). */
  personalTableName: string;
  /** DynamoDB Local's endpoint (e.g. for a command run as its own process). */
  endpoint: string;
  stop(): Promise<void>;
}

/** Both tables of the stateful stack: the main table under `tableName`, the personal table beside it. */
export async function startLocalTable(tableName: string): Promise<LocalTable> {
  const personalTableName = `${tableName}-personal`;
  const models = statefulTableModels({ main: tableName, personal: personalTableName });
  const makeClient = (endpoint: string) => new DynamoDBClient({ endpoint, region: REGION, credentials });
  const dynamo = await startDynamoDbLocal(makeClient);
  const raw = makeClient(dynamo.endpoint);
  try {
    await createTables(raw, [models.main, models.personal]);
  } catch (error) {
    raw.destroy();
    await dynamo.stop();
    throw error;
  }
  return {
    client: DynamoDBDocumentClient.from(raw, { marshallOptions: { removeUndefinedValues: true } }),
    tableName,
    personalTableName,
    endpoint: dynamo.endpoint,
    async stop() {
      raw.destroy();
      await dynamo.stop();
    },
  };
}
