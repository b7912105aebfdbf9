// What the referrer learns (only as its consent allows), withdrawal that erases, and retention after closure.
import { randomUUID } from 'node:crypto';
import { describe, expect, inject, it } from 'vitest';
import { Api } from './support/api.ts';
import { act, type CaseView, clinic, office, readCase, routedCase, submit, waitForStatus } from './support/cases.ts';
import { referralBody } from './support/referrals.ts';
import { allItems } from './support/table.ts';

const api = new Api(inject('baseUrl'));
const referrer = { role: 'referrer', institutionId: clinic } as const;

interface ReferralView {
  status: string;
  outcome?: string;
  milestones: { status: string }[];
}

async function referralView(referralId: string): Promise<ReferralView> {
  const response = await api.as(referrer, 'GET', `/v1/referrals/${referralId}`);
  expect(response.status, response.text).toBe(200);
  return response.body as ReferralView;
}

async function workToClosed(routed: CaseView, outcome = 'connected'): Promise<CaseView> {
  const who = office(routed.officeId);
  const accepted = (await act(api, who, routed.caseId, 'accept', { version: routed.version })).body as CaseView;
  const started = (await act(api, who, routed.caseId, 'start', { version: accepted.version })).body as CaseView;
  const closed = await act(api, who, routed.caseId, 'close', { version: started.version, body: { outcome } });
  expect(closed.status, closed.text).toBe(200);
  return closed.body as CaseView;
}

/** A referral whose every personal field carries one distinctive marker. */
function markedReferral(marker: string): Record<string, unknown> {
  const body = referralBody();
  return {
    ...body,
    referrer: { name: `Lotsin ${marker}`, email: `${marker.toLowerCase()}@klinik.example` },
    contact: {
      ...(body.contact as object),
      name: `Familie ${marker}`,
      email: `${marker.toLowerCase()}@familie.example`,
      bestTime: `nach ${marker}`,
    },
    note: `Notiz ${marker}`,
  };
}

describe('the referrer’s view', () => {
  it('follows the case to closed with its outcome when the family consented to feedback', async () => {
    const routed = await routedCase(api);
    const who = office(routed.officeId);
    const accepted = (await act(api, who, routed.caseId, 'accept', { version: routed.version })).body as CaseView;

    const inProgress = await referralView(routed.caseId);
    const started = (await act(api, who, routed.caseId, 'start', { version: accepted.version })).body as CaseView;
    await act(api, who, routed.caseId, 'close', { version: started.version, body: { outcome: 'waitlisted' } });
    const closed = await referralView(routed.caseId);

    expect(inProgress.status).toBe('in-progress');
    expect(closed.status).toBe('closed');
    expect(closed.outcome).toBe('waitlisted');
    expect(closed.milestones.map((milestone) => milestone.status)).toEqual([
      'received',
      'forwarded',
      'in-progress',
      'closed',
    ]);
  });

  it('stops at forwarded, with no outcome, without feedback consent', async () => {
    const consent = { ...(referralBody().consent as object), scopes: ['office', 'offer'] };
    const routed = await routedCase(api, { consent });

    await workToClosed(routed);
    const view = await referralView(routed.caseId);

    expect(view.status).toBe('forwarded');
    expect(view.outcome).toBeUndefined();
    expect(view.milestones.map((milestone) => milestone.status)).toEqual(['received', 'forwarded']);
  });
});

describe('withdrawal', () => {
  it('cancels the case and leaves none of the family’s personal data in any item of the table', async () => {
    const marker = `Zyx${randomUUID().replaceAll('-', '')}`;
    const idempotencyKey = `withdraw-${marker}`;
    const submitted = await api.submitReferral(clinic, markedReferral(marker), idempotencyKey);
    const referralId = (submitted.body as { referralId: string }).referralId;
    await waitForStatus(api, referralId, 'routed');
    const routed = await readCase(api, referralId);
    await api.as(office(routed.officeId), 'GET', `/v1/cases/${referralId}`);
    const before = (await allItems()).filter((entry) => JSON.stringify(entry).includes(marker));

    const withdrawn = await api.as(referrer, 'POST', `/v1/referrals/${referralId}/withdraw`, {
      body: { reason: 'consent-withdrawn' },
    });

    expect(before.length).toBeGreaterThan(0);
    expect(withdrawn.status).toBe(202);
    const items = await allItems();
    const leftovers = items.filter((entry) => JSON.stringify(entry).toLowerCase().includes(marker.toLowerCase()));
    expect(leftovers).toEqual([]);
    expect(items.some((entry) => JSON.stringify(entry).includes(idempotencyKey))).toBe(false);
    expect((await referralView(referralId)).status).toBe('withdrawn');
    const caseView = await readCase(api, referralId);
    expect(caseView.status).toBe('withdrawn');
    expect(caseView.contact).toBeUndefined();
  });

  it('answers 202 again when withdrawn twice', async () => {
    const referralId = await submit(api);
    const withdraw = () =>
      api.as(referrer, 'POST', `/v1/referrals/${referralId}/withdraw`, { body: { reason: 'entered-in-error' } });

    const first = await withdraw();
    const second = await withdraw();

    expect([first.status, second.status]).toEqual([202, 202]);
    expect((await readCase(api, referralId)).history.filter((event) => event.type === 'withdrawn')).toHaveLength(1);
  });

  it('refuses to withdraw a closed case with 409', async () => {
    const closed = await workToClosed(await routedCase(api));

    const answer = await api.as(referrer, 'POST', `/v1/referrals/${closed.caseId}/withdraw`, {
      body: { reason: 'other' },
    });

    expect(answer.status).toBe(409);
  });

  it('answers 404 to another institution', async () => {
    const referralId = await submit(api);

    const answer = await api.as(
      { role: 'referrer', institutionId: 'praxis-kinderarzt-nord' },
      'POST',
      `/v1/referrals/${referralId}/withdraw`,
      { body: { reason: 'other' } },
    );

    expect(answer.status).toBe(404);
    expect((await readCase(api, referralId)).status).not.toBe('withdrawn');
  });
});

describe('retention', () => {
  it('deletes the personal data of a closed case after the retention period and keeps the anonymised case', async () => {
    const marker = `Ret${randomUUID().replaceAll('-', '')}`;
    const submitted = await api.submitReferral(clinic, markedReferral(marker));
    const referralId = (submitted.body as { referralId: string }).referralId;
    await workToClosed(await waitForStatus(api, referralId, 'routed'));
    const mentions = async () => (await allItems()).filter((entry) => JSON.stringify(entry).includes(marker)).length;
    const day = 86_400_000;

    const early = await api.request('POST', '/_local/ttl', {
      body: { now: new Date(Date.now() + 179 * day).toISOString() },
    });
    const keptBefore = await mentions();
    const late = await api.request('POST', '/_local/ttl', {
      body: { now: new Date(Date.now() + 181 * day).toISOString() },
    });

    expect([early.status, late.status]).toEqual([200, 200]);
    expect(keptBefore).toBeGreaterThan(0);
    expect(await mentions()).toBe(0);
    const anonymised = await readCase(api, referralId);
    expect(anonymised.status).toBe('closed');
    expect(anonymised.outcome).toBe('connected');
  });
});
