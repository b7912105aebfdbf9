// What the browser tests check beside the screens, as a client of the API and of the local table: tokens from the
// local issuer, a referral submitted without the browser, the cases the table holds, and a case made to look old.
import { randomUUID } from 'node:crypto';
import { UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { inject } from 'vitest';
import { caseKey, isCaseSortKey } from '#adapters/keys.ts';
import { exampleReferral } from '#domain/example-referral.ts';
import { Api, type TokenRequest } from '../../integration/support/api.ts';
import { allItems, documents } from '../../integration/support/table.ts';

export const api = new Api(inject('baseUrl'));

export type { TokenRequest };

/** A referral of the given institution sent straight to the API (for screens that need one to exist). */
export async function submitReferral(institutionId: string, overrides: Record<string, unknown> = {}): Promise<string> {
  const body = { ...exampleReferral(new Date()), postalCode: inject('example').postalCode, ...overrides };
  const answer = await api.submitReferral(institutionId, body, randomUUID());
  if (answer.status !== 202) throw new Error(`submitting a referral answered ${answer.status} ${answer.text}`);
  return (answer.body as { referralId: string }).referralId;
}

/** How many cases the table holds (a test-only Scan). */
export async function caseCount(): Promise<number> {
  return (await allItems()).filter((item) => isCaseSortKey(String(item.sk))).length;
}

/**
 * Moves a case's last change `days` into the past, as if nothing had happened to it since (the case item's
 * `updatedAt`, which the inbox indexes copy): for screens that find inactive cases. Answers the new `updatedAt`.
 */
export async function backdateCase(caseId: string, days: number): Promise<string> {
  const updatedAt = new Date(Date.now() - days * 24 * 60 * 60 * 1000).toISOString();
  await documents.send(
    new UpdateCommand({
      TableName: inject('tableName'),
      Key: caseKey(caseId),
      UpdateExpression: 'SET updatedAt = :updatedAt',
      ConditionExpression: 'attribute_exists(pk)',
      ExpressionAttributeValues: { ':updatedAt': updatedAt },
    }),
  );
  return updatedAt;
}
