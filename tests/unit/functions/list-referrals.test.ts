// The institution's list of referrals: newest first in pages, its own only, each as the single referral shows it.
import { beforeEach, describe, expect, it } from 'vitest';
import { getReferral } from '#application/referrer/get-referral.ts';
import { listReferrals, REFERRALS_DEFAULT_LIMIT } from '#application/referrer/list-referrals.ts';
import type { CaseEvent, CaseRecord } from '#domain/case.ts';
import { ValidationFailed } from '#domain/errors.ts';
import { referralSchema } from '#domain/referral.ts';
import { receivedCase } from './case-fixtures.ts';
import { InMemoryCases, NOW, personalData, validReferralBody } from './fakes.ts';

const klinik = { role: 'referrer', institutionId: 'klinik-mitte' } as const;
const praxis = { role: 'referrer', institutionId: 'praxis-west' } as const;

let cases: InMemoryCases;

beforeEach(() => {
  cases = new InMemoryCases();
});

/** `minutes` after 09:00 on the fixtures' day. */
const at = (minutes: number) => new Date(Date.parse('2026-11-26T09:00:00.000Z') + minutes * 60_000).toISOString();

function event(seq: number, type: CaseEvent['type'], minutes: number): CaseEvent {
  return { seq, type, at: at(minutes), actor: 'test' };
}

/** Stores a case of the institution created at minute `minute`, with the history its status implies. */
function stored(id: string, minute: number, overrides: Partial<CaseRecord> = {}, history?: CaseEvent[]): void {
  cases.store(receivedCase({ id, createdAt: at(minute), updatedAt: at(minute), ...overrides }), {
    history: history ?? [event(1, 'received', minute)],
  });
}

const list = (principal: typeof klinik | typeof praxis, filter: Parameters<typeof listReferrals>[1]['filter'] = {}) =>
  listReferrals({ cases }, { principal, filter });

const ids = (page: { items: { referralId: string }[] }) => page.items.map((item) => item.referralId);

describe('listReferrals', () => {
  it("lists the institution's referrals newest first, page by page, each once", async () => {
    for (const minute of [3, 1, 5, 2, 4]) stored(`K${minute}`, minute);

    const first = await list(klinik, { limit: 2 });
    const second = await list(klinik, { limit: 2, cursor: first.nextCursor ?? '' });
    const third = await list(klinik, { limit: 2, cursor: second.nextCursor ?? '' });

    expect([ids(first), ids(second), ids(third)]).toEqual([['K5', 'K4'], ['K3', 'K2'], ['K1']]);
    expect(third.nextCursor).toBeNull();
  });

  it("never lists another institution's referrals", async () => {
    stored('K1', 1);
    stored('P1', 2, { institutionId: 'praxis-west' });

    expect(ids(await list(klinik))).toEqual(['K1']);
    expect(ids(await list(praxis))).toEqual(['P1']);
  });

  it("refuses another institution's cursor (400 at path cursor)", async () => {
    stored('P1', 1, { institutionId: 'praxis-west' });
    stored('P2', 2, { institutionId: 'praxis-west' });
    const page = await list(praxis, { limit: 1 });

    await expect(list(klinik, { cursor: page.nextCursor ?? '' })).rejects.toBeInstanceOf(ValidationFailed);
  });

  it(`answers ${REFERRALS_DEFAULT_LIMIT} referrals per page unless told otherwise`, async () => {
    for (let minute = 1; minute <= REFERRALS_DEFAULT_LIMIT + 1; minute++) stored(`K${minute}`, minute);

    const page = await list(klinik);

    expect(page.items).toHaveLength(REFERRALS_DEFAULT_LIMIT);
    expect(page.nextCursor).not.toBeNull();
  });

  it('shows each referral exactly as the single referral does, without its milestones', async () => {
    stored('OPEN', 1, { status: 'routed', officeId: 'fb-nord', updatedAt: at(2) }, [
      event(1, 'received', 1),
      event(2, 'routed', 2),
    ]);
    // Without feedback consent the referrer sees at most `forwarded`, no outcome, and no later time.
    stored(
      'QUIET',
      3,
      { status: 'closed', outcome: 'connected', consentScopes: ['office', 'offer'], updatedAt: at(90) },
      [event(1, 'received', 3), event(2, 'routed', 4), event(3, 'accepted', 30), event(4, 'closed', 90)],
    );
    stored('TOLD', 5, { status: 'closed', outcome: 'connected', updatedAt: at(95) }, [
      event(1, 'received', 5),
      event(2, 'routed', 6),
      event(3, 'accepted', 40),
      event(4, 'closed', 95),
    ]);

    const page = await list(klinik);

    for (const item of page.items) {
      const { milestones: _milestones, ...single } = await getReferral(
        { cases },
        { principal: klinik, referralId: item.referralId },
      );
      expect(item).toEqual(single);
    }
    expect(page.items).toEqual([
      { referralId: 'TOLD', status: 'closed', outcome: 'connected', createdAt: at(5), updatedAt: at(95) },
      { referralId: 'QUIET', status: 'forwarded', createdAt: at(3), updatedAt: at(4) },
      { referralId: 'OPEN', status: 'forwarded', createdAt: at(1), updatedAt: at(2) },
    ]);
  });

  it('filters by the status the referrer sees, not the internal one', async () => {
    stored('NEW', 1);
    stored('NO-OFFICE', 2, { status: 'escalated', escalationReason: 'no-office' }, [
      event(1, 'received', 2),
      event(2, 'escalated', 2),
    ]);
    stored('DECLINED', 3, { status: 'escalated', escalationReason: 'declined' }, [
      event(1, 'received', 3),
      event(2, 'routed', 3),
      event(3, 'declined', 10),
    ]);
    stored('QUIET', 4, { status: 'closed', outcome: 'connected', consentScopes: ['office'] }, [
      event(1, 'received', 4),
      event(2, 'routed', 4),
      event(3, 'accepted', 30),
      event(4, 'closed', 90),
    ]);
    stored('TOLD', 5, { status: 'closed', outcome: 'connected' }, [
      event(1, 'received', 5),
      event(2, 'routed', 5),
      event(3, 'accepted', 40),
      event(4, 'closed', 95),
    ]);
    stored('GONE', 6, { status: 'withdrawn', withdrawnAt: at(7) }, [event(1, 'received', 6), event(2, 'withdrawn', 7)]);

    expect(ids(await list(klinik, { status: 'received' }))).toEqual(['NO-OFFICE', 'NEW']);
    expect(ids(await list(klinik, { status: 'forwarded' }))).toEqual(['QUIET', 'DECLINED']);
    expect(ids(await list(klinik, { status: 'closed' }))).toEqual(['TOLD']);
    expect(ids(await list(klinik, { status: 'withdrawn' }))).toEqual(['GONE']);
    expect(ids(await list(klinik, { status: 'in-progress' }))).toEqual([]);
  });

  it('pages through a filtered list without repeats', async () => {
    for (let minute = 1; minute <= 6; minute++) {
      stored(`K${minute}`, minute, minute % 2 === 0 ? { status: 'withdrawn' } : {});
    }

    const first = await list(klinik, { status: 'received', limit: 2 });
    const second = await list(klinik, { status: 'received', limit: 2, cursor: first.nextCursor ?? '' });

    expect([ids(first), ids(second)]).toEqual([['K5', 'K3'], ['K1']]);
    expect(second.nextCursor).toBeNull();
  });
});

describe("the institution's reference in the list", () => {
  const withReference = (reference: string) =>
    personalData({ referral: referralSchema(NOW).parse({ ...validReferralBody(), referrerReference: reference }) });

  it('is shown while the personal data exists, and absent where none was given', async () => {
    cases.store(receivedCase({ id: 'K1', createdAt: at(1) }), { personal: withReference('KM-1') });
    cases.store(receivedCase({ id: 'K2', createdAt: at(2) }));

    expect((await list(klinik)).items).toEqual([
      expect.not.objectContaining({ referrerReference: expect.anything() }),
      expect.objectContaining({ referralId: 'K1', referrerReference: 'KM-1' }),
    ]);
  });

  it('is gone from a withdrawn referral, which stays listed as its tombstone', async () => {
    cases.store(
      receivedCase({ id: 'K1', createdAt: at(1), status: 'withdrawn', withdrawnAt: at(3), updatedAt: at(3) }),
      { personal: null, history: [event(1, 'received', 1), event(2, 'withdrawn', 3)] },
    );

    expect((await list(klinik)).items).toEqual([
      { referralId: 'K1', status: 'withdrawn', createdAt: at(1), updatedAt: at(3) },
    ]);
  });

  it('is gone once the personal data expired (retention), before the table deletes it', async () => {
    cases.store(receivedCase({ id: 'K1', createdAt: at(1) }), {
      personal: { ...withReference('KM-1'), expiresAt: Math.floor(NOW.getTime() / 1000) - 1 } as ReturnType<
        typeof personalData
      >,
    });

    expect((await list(klinik)).items[0]).not.toHaveProperty('referrerReference');
  });
});
