// The running local system the end-to-end and cost sections measure: gateway URL, resources, seeded catalogue.

import { randomUUID } from 'node:crypto';
import { CreateTableCommand, DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { SQSClient } from '@aws-sdk/client-sqs';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { Catalogue } from '#domain/catalogue.ts';
import { URGENCIES } from '#domain/codes.ts';
import { exampleReferral } from '#domain/example-referral.ts';
import type { LocalResources } from '#infra/local/runtime.ts';

export type LocalTarget = {
  readonly url: string;
  readonly resources: LocalResources;
  /** The catalogue the runtime was seeded with. */
  readonly catalogue: Catalogue;
};

const credentials = { accessKeyId: 'local', secretAccessKey: 'local' };
export const REGION = 'eu-central-1';

export function clientsFor(target: LocalTarget) {
  const dynamo = new DynamoDBClient({ endpoint: target.resources.dynamoEndpoint, region: REGION, credentials });
  return {
    dynamo,
    documents: DynamoDBDocumentClient.from(dynamo),
    sqs: new SQSClient({ endpoint: target.resources.sqsEndpoint, region: REGION, credentials }),
    destroy() {
      dynamo.destroy();
      this.sqs.destroy();
    },
  };
}

/** Postal codes of districts that have a family office (so every referral can be routed, none escalates). */
export function servedPostalCodes(catalogue: Catalogue): string[] {
  const served = new Set(catalogue.offices.flatMap((office) => office.districts));
  return catalogue.districts.filter((district) => served.has(district.id)).flatMap((district) => district.postalCodes);
}

/** The API's example referral, valid today, spread over the served postal codes and the urgencies. */
export function benchReferral(catalogue: Catalogue, index: number): Record<string, unknown> {
  const codes = servedPostalCodes(catalogue);
  return {
    ...exampleReferral(new Date()),
    postalCode: codes[index % codes.length],
    urgency: URGENCIES[index % URGENCIES.length],
  };
}

export function firstInstitution(catalogue: Catalogue): string {
  const institution = catalogue.institutions[0];
  if (institution === undefined) throw new Error('the catalogue has no institution');
  return institution.id;
}

/** A token from the local issuer (POST /_local/token) for a referrer or an office. */
export async function localToken(
  target: LocalTarget,
  caller: { role: 'referrer'; institutionId: string } | { role: 'office'; officeId: string },
): Promise<string> {
  const response = await fetch(`${target.url}/_local/token`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(caller),
  });
  if (response.status !== 200) throw new Error(`token request failed: ${response.status} ${await response.text()}`);
  return ((await response.json()) as { access_token: string }).access_token;
}

/** Creates a scratch table (pk/sk, on demand) beside the runtime's own, for a floor measured on the same engine. */
export async function createScratchTable(dynamo: DynamoDBClient, prefix: string): Promise<string> {
  const name = `${prefix}-${randomUUID().slice(0, 8)}`;
  await dynamo.send(
    new CreateTableCommand({
      TableName: name,
      KeySchema: [
        { AttributeName: 'pk', KeyType: 'HASH' },
        { AttributeName: 'sk', KeyType: 'RANGE' },
      ],
      AttributeDefinitions: [
        { AttributeName: 'pk', AttributeType: 'S' },
        { AttributeName: 'sk', AttributeType: 'S' },
      ],
      BillingMode: 'PAY_PER_REQUEST',
    }),
  );
  return name;
}
