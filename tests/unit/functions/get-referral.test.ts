import { beforeEach, describe, expect, it } from 'vitest';
import { getReferral } from '#application/referrer/get-referral.ts';
import { NotFound } from '#domain/errors.ts';
import { referralSchema } from '#domain/referral.ts';
import { receivedCase } from './case-fixtures.ts';
import { InMemoryCases, NOW, personalData, validReferralBody } from './fakes.ts';

let cases: InMemoryCases;

beforeEach(() => {
  cases = new InMemoryCases();
  const record = receivedCase({
    status: 'routed',
    version: 2,
    officeId: 'fb-nord',
    updatedAt: '2026-11-26T09:00:05.000Z',
  });
  cases.store(record, {
    history: [
      { seq: 1, type: 'received', at: '2026-11-26T09:00:00.000Z', actor: 'referrer:klinik-mitte' },
      { seq: 2, type: 'routed', at: '2026-11-26T09:00:05.000Z', actor: 'system:router' },
    ],
  });
});

describe('getReferral', () => {
  it('shows the submitting institution its milestones', async () => {
    const view = await getReferral(
      { cases },
      { principal: { role: 'referrer', institutionId: 'klinik-mitte' }, referralId: 'CASE0001' },
    );

    expect(view).toMatchObject({
      referralId: 'CASE0001',
      status: 'forwarded',
      milestones: [
        { status: 'received', at: '2026-11-26T09:00:00.000Z' },
        { status: 'forwarded', at: '2026-11-26T09:00:05.000Z' },
      ],
    });
    expect(view).not.toHaveProperty('contact');
  });

  it('follows the feedback consent from the case even after the personal data is erased', async () => {
    cases.store(receivedCase({ status: 'closed', version: 5, outcome: 'connected' }), { personal: null });

    const view = await getReferral(
      { cases },
      { principal: { role: 'referrer', institutionId: 'klinik-mitte' }, referralId: 'CASE0001' },
    );

    expect(view).toMatchObject({ status: 'closed', outcome: 'connected' });
  });

  it('answers not found to another institution', async () => {
    await expect(
      getReferral({ cases }, { principal: { role: 'referrer', institutionId: 'praxis-west' }, referralId: 'CASE0001' }),
    ).rejects.toBeInstanceOf(NotFound);
  });

  it("shows the institution its own reference while the family's personal data exists", async () => {
    const referral = referralSchema(NOW).parse({ ...validReferralBody(), referrerReference: 'KM-2026/0815' });
    cases.store(receivedCase(), { personal: personalData({ referral }) });

    const view = await getReferral(
      { cases },
      { principal: { role: 'referrer', institutionId: 'klinik-mitte' }, referralId: 'CASE0001' },
    );

    expect(view.referrerReference).toBe('KM-2026/0815');
  });

  it('shows no reference once the personal data is erased, nor where none was given', async () => {
    cases.store(receivedCase({ status: 'withdrawn', version: 2 }), { personal: null });
    cases.store(receivedCase({ id: 'CASE0002' }));

    for (const referralId of ['CASE0001', 'CASE0002']) {
      const view = await getReferral(
        { cases },
        { principal: { role: 'referrer', institutionId: 'klinik-mitte' }, referralId },
      );

      expect(view).not.toHaveProperty('referrerReference');
    }
  });

  it('answers not found for an unknown referral', async () => {
    await expect(
      getReferral({ cases }, { principal: { role: 'referrer', institutionId: 'klinik-mitte' }, referralId: 'NOPE' }),
    ).rejects.toBeInstanceOf(NotFound);
  });
});
