// Idempotent intake, exactly-once routing under redelivery, and no lost case when intake dies between its two writes.
import { randomUUID } from 'node:crypto';
import { describe, expect, inject, it } from 'vitest';
import { Api, eventually } from './support/api.ts';
import { referralBody } from './support/referrals.ts';
import { casesMentioning, sendRoutingMessage } from './support/table.ts';

const api = new Api(inject('baseUrl'));
const clinic = 'klinik-mitte';

interface CaseView {
  status: string;
  version: number;
  history: { type: string }[];
}

async function caseOf(referralId: string) {
  const response = await api.as({ role: 'coordinator' }, 'GET', `/v1/cases/${referralId}`);
  return response.status === 200 ? (response.body as CaseView) : undefined;
}

async function routedCase(referralId: string) {
  return eventually(
    async () => {
      const current = await caseOf(referralId);
      return current && current.status !== 'received' ? current : undefined;
    },
    { what: `case ${referralId} to leave received` },
  );
}

describe('reliability', () => {
  it('turns 20 concurrent submissions with one Idempotency-Key into exactly one case', async () => {
    const key = randomUUID();
    const marker = `Concurrent-${randomUUID()}`;
    const body = referralBody({ contact: { ...(referralBody().contact as object), name: marker } });

    const responses = await Promise.all(Array.from({ length: 20 }, () => api.submitReferral(clinic, body, key)));

    const accepted = responses.filter((response) => response.status === 202);
    const others = responses.filter((response) => response.status !== 202);
    expect(accepted.length).toBeGreaterThan(0);
    expect(others.map((response) => response.status).every((status) => status === 409)).toBe(true);
    const ids = new Set(accepted.map((response) => (response.body as { referralId: string }).referralId));
    expect(ids.size).toBe(1);
    expect(await casesMentioning(marker)).toHaveLength(1);
  });

  it('answers a retried submission with the same 202 and the same referral id', async () => {
    const key = randomUUID();
    const body = referralBody();

    const first = await api.submitReferral(clinic, body, key);
    const retry = await api.submitReferral(clinic, body, key);

    expect(first.status).toBe(202);
    expect(retry.status).toBe(202);
    expect(retry.body).toEqual(first.body);
    expect(retry.headers.get('location')).toBe(first.headers.get('location'));
  });

  it('routes a case exactly once when its routing message is delivered again', async () => {
    const { referralId } = (await api.submitReferral(clinic, referralBody())).body as { referralId: string };
    const routed = await routedCase(referralId);

    await sendRoutingMessage(JSON.stringify({ caseId: referralId }));
    await sendRoutingMessage(JSON.stringify({ caseId: referralId }));
    const probe = (await api.submitReferral(clinic, referralBody())).body as { referralId: string };
    await routedCase(probe.referralId); // a later message has been consumed, so the duplicates have been too

    const after = await caseOf(referralId);
    expect(after?.version).toBe(routed.version);
    expect(after?.history.filter((event) => event.type === 'routed')).toHaveLength(1);
  });

  it('still routes a case when intake dies after storing it and before sending its routing message', async () => {
    const key = randomUUID();
    const marker = `Crash-${randomUUID()}`;
    const body = referralBody({ contact: { ...(referralBody().contact as object), name: marker } });
    const armed = await api.request('POST', '/_local/faults', {
      body: { function: 'intake', fault: 'die-before-send-message' },
    });
    expect(armed.status).toBeLessThan(300);

    const crashed = await api.submitReferral(clinic, body, key);
    const stored = await casesMentioning(marker);
    const retried = await api.submitReferral(clinic, body, key);
    const swept = await api.request('POST', '/_local/functions/sweeper/invoke', { body: { olderThanSeconds: 0 } });

    expect(crashed.status).toBeGreaterThanOrEqual(500);
    expect(stored).toHaveLength(1);
    expect(stored[0]?.status).toBe('received');
    expect(retried.status).toBe(202);
    const { referralId } = retried.body as { referralId: string };
    expect(stored[0]?.id).toBe(referralId);
    expect(swept.status).toBe(200);
    const routed = await routedCase(referralId);
    expect(routed.history.filter((event) => event.type === 'routed')).toHaveLength(1);
  });
});
