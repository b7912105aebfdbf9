// The idempotency record outlives the family's data, so it keeps a keyed hash of the body: against the local runtime
// (its Secrets Manager serves the body hash key generated at start), a retry after the withdrawal answers the first
// 202 and creates nothing, the record holds no plain hash of the body, and a record written before keyed hashes (a
// plain SHA-256, as a deployment may find one within its first 24 hours) still replays.
import { randomUUID } from 'node:crypto';
import { PutCommand } from '@aws-sdk/lib-dynamodb';
import { describe, expect, inject, it } from 'vitest';
import { idempotencyKey } from '#adapters/keys.ts';
import { plainBodyHash } from '#application/intake/body-hash.ts';
import { Api } from './support/api.ts';
import { clinic, waitForStatus } from './support/cases.ts';
import { referralBody } from './support/referrals.ts';
import { allItems, casesMentioning, documents, item } from './support/table.ts';

const api = new Api(inject('baseUrl'));
const referrer = { role: 'referrer', institutionId: clinic } as const;

/** A referral whose contact name no other test uses, so that its case can be found by it. */
function markedReferral(): { body: Record<string, unknown>; marker: string } {
  const marker = `Idem${randomUUID().replaceAll('-', '')}`;
  const body = referralBody();
  return { body: { ...body, contact: { ...(body.contact as Record<string, unknown>), name: marker } }, marker };
}

describe('the idempotency record', () => {
  it('answers a retry after the withdrawal with the first 202 and creates nothing', async () => {
    const { body, marker } = markedReferral();
    const key = randomUUID();
    const first = await api.submitReferral(clinic, body, key);
    const { referralId } = first.body as { referralId: string };
    await waitForStatus(api, referralId, 'routed');
    expect(await casesMentioning(marker)).toHaveLength(1);

    const withdrawn = await api.as(referrer, 'POST', `/v1/referrals/${referralId}/withdraw`, {
      body: { reason: 'consent-withdrawn' },
    });
    const retry = await api.submitReferral(clinic, body, key);

    expect(withdrawn.status).toBe(202);
    expect(retry.status).toBe(202);
    expect(retry.body).toEqual(first.body);
    expect(retry.headers.get('location')).toBe(`/v1/referrals/${referralId}`);
    // A case created by the retry would hold the marker in its personal item; the erased one holds none.
    expect(await casesMentioning(marker)).toEqual([]);
    expect((await allItems()).filter((entry) => JSON.stringify(entry).includes(marker))).toEqual([]);
    const referral = await api.as(referrer, 'GET', `/v1/referrals/${referralId}`);
    expect(referral.body).toMatchObject({ referralId, status: 'withdrawn' });
  });

  it('keeps a keyed hash of the body, which is not the plain SHA-256 anyone could compute from a guess', async () => {
    const { body } = markedReferral();
    const key = randomUUID();
    const first = await api.submitReferral(clinic, body, key);

    const record = await item(idempotencyKey(clinic, key));

    expect(first.status).toBe(202);
    expect(record).toMatchObject({ referralId: (first.body as { referralId: string }).referralId });
    expect(String(record?.bodyHash)).toMatch(/^hmac-sha256:[0-9a-f]{64}$/);
    expect(JSON.stringify(record)).not.toContain(plainBodyHash(body));
    expect((await api.submitReferral(clinic, { ...body, urgency: 'urgent' }, key)).status).toBe(422);
  });

  it('replays a retry against a record written before keyed hashes, and refuses another body with its key', async () => {
    const { body } = markedReferral();
    const key = randomUUID();
    const first = await api.submitReferral(clinic, body, key);
    const { referralId } = first.body as { referralId: string };
    const record = await item(idempotencyKey(clinic, key));
    // The record as the previous version wrote it: the same item with the plain SHA-256 of the canonical body.
    await documents.send(
      new PutCommand({ TableName: inject('tableName'), Item: { ...record, bodyHash: plainBodyHash(body) } }),
    );

    const retry = await api.submitReferral(clinic, JSON.parse(JSON.stringify(body)), key);
    const other = await api.submitReferral(clinic, { ...body, urgency: 'urgent' }, key);

    expect(retry.status).toBe(202);
    expect(retry.body).toEqual(first.body);
    expect((await item(idempotencyKey(clinic, key)))?.referralId).toBe(referralId);
    expect(other.status).toBe(422);
    expect(other.body).toMatchObject({ type: expect.stringContaining('idempotency-key-reused') });
  });
});
