// The idempotency record outlives the family's data, so it keeps a keyed hash of the body: against the local runtime
// (its Secrets Manager serves the body hash key generated at start), a retry after the withdrawal answers the first
// 202 and creates nothing, and the record holds neither a plain hash of the body nor the key a caller chose.
import { createHash, randomUUID } from 'node:crypto';
import { describe, expect, inject, it } from 'vitest';
import { canonicalJson } from '#domain/json-value.ts';
import { Api } from './support/api.ts';
import { clinic, waitForStatus } from './support/cases.ts';
import { referralBody } from './support/referrals.ts';
import { allItems, casesMentioning } from './support/table.ts';

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

  it('keeps keyed hashes of the body and of the key, which nobody can recompute from a guess', async () => {
    const { body } = markedReferral();
    const key = `Akte-${randomUUID()}`;
    const first = await api.submitReferral(clinic, body, key);
    const { referralId } = first.body as { referralId: string };

    const records = (await allItems()).filter(
      (entry) => entry.entity === 'idempotency' && entry.referralId === referralId,
    );

    expect(first.status).toBe(202);
    expect(records).toHaveLength(1);
    expect(String(records[0]?.bodyHash)).toMatch(/^hmac-sha256:[0-9a-f]{64}$/);
    expect(JSON.stringify(records)).not.toContain(createHash('sha256').update(canonicalJson(body)).digest('hex'));
    // A caller may have put a file number into its key: the record names only the key's keyed digest.
    expect(JSON.stringify(records)).not.toContain(key);
    expect((await api.submitReferral(clinic, { ...body, urgency: 'urgent' }, key)).status).toBe(422);
  });

  it('leaves no trace of the key after the withdrawal, and still replays the first answer', async () => {
    const { body } = markedReferral();
    const key = `Familie-Muster-${randomUUID()}`;
    const first = await api.submitReferral(clinic, body, key);
    const { referralId } = first.body as { referralId: string };
    await waitForStatus(api, referralId, 'routed');

    await api.as(referrer, 'POST', `/v1/referrals/${referralId}/withdraw`, { body: { reason: 'other' } });

    expect((await allItems()).filter((entry) => JSON.stringify(entry).includes(key))).toEqual([]);
    expect((await api.submitReferral(clinic, body, key)).body).toEqual(first.body);
  });
});
