// What the browser tests check beside the screens, as a client of the API and of the local table: tokens from the
// local issuer, a referral submitted without the browser, and the cases the table holds.
import { randomUUID } from 'node:crypto';
import { inject } from 'vitest';
import { isCaseSortKey } from '#adapters/keys.ts';
import { exampleReferral } from '#domain/example-referral.ts';
import { Api, type TokenRequest } from '../../integration/support/api.ts';
import { allItems } from '../../integration/support/table.ts';

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
