import { beforeEach, describe, expect, it } from 'vitest';
import { type WithdrawReferralPorts, withdrawReferral } from '#application/referrer/withdraw-referral.ts';
import type { PrincipalOf } from '#domain/case.ts';
import { withdrawBodySchema } from '#domain/case-commands.ts';
import { NotFound, TransitionNotAllowed, type ValidationFailed } from '#domain/errors.ts';
import { checkLater } from '#http/request-validation.ts';
import { receivedCase, routedCase } from './case-fixtures.ts';
import { fixedClock, InMemoryCases, InMemoryNotifications, NOW, personalData } from './fakes.ts';

let cases: InMemoryCases;
let notifications: InMemoryNotifications;
let ports: WithdrawReferralPorts;
const clinic = { role: 'referrer', institutionId: 'klinik-mitte' } as const;

beforeEach(() => {
  cases = new InMemoryCases();
  notifications = new InMemoryNotifications();
  ports = { cases, clock: fixedClock(), notifications };
  cases.store(routedCase(), { personal: personalData({ idempotencyKey: 'key-1' }) });
  cases.idempotency.set('klinik-mitte#key-1', {
    bodyHash: 'h',
    referralId: 'CASE0001',
    createdAt: '2026-11-26T09:00:00.000Z',
    expiresAt: 4_000_000_000,
  });
});

/** Withdraws as the referrer function does: the body checked by the route's schema, raised by the use case. */
const withdraw = (body: unknown = { reason: 'consent-withdrawn' }, principal: PrincipalOf<'referrer'> = clinic) =>
  withdrawReferral(ports, { principal, referralId: 'CASE0001', body: checkLater(withdrawBodySchema(), () => body) });

describe('withdrawReferral', () => {
  it('withdraws the case with a withdrawn event and tells its office', async () => {
    const outcome = await withdraw();

    expect(outcome).toEqual({ kind: 'withdrawn' });
    expect(cases.cases.get('CASE0001')).toEqual({
      id: 'CASE0001',
      institutionId: 'klinik-mitte',
      institutionType: 'birth-clinic',
      status: 'withdrawn',
      version: 3,
      createdAt: expect.any(String),
      updatedAt: NOW.toISOString(),
      consentScopes: expect.any(Array),
      officeId: 'fb-nord',
      withdrawnAt: NOW.toISOString(),
      erasedAt: NOW.toISOString(),
    });
    expect(cases.events.get('CASE0001')?.at(-1)).toEqual({
      seq: 3,
      type: 'withdrawn',
      at: NOW.toISOString(),
      actor: 'referrer:klinik-mitte',
      details: { reason: 'consent-withdrawn' },
    });
    expect(notifications.sent.map((message) => [message.type, message.officeId])).toEqual([
      ['referral.withdrawn', 'fb-nord'],
    ]);
  });

  it('erases the personal data in the same change and keeps the idempotency record (ids and a keyed hash)', async () => {
    await withdraw();

    expect(cases.personal.has('CASE0001')).toBe(false);
    expect(cases.idempotency.get('klinik-mitte#key-1')?.referralId).toBe('CASE0001');
    expect(cases.applied.at(-1)?.personal).toEqual({ kind: 'erase', erasedAt: NOW.toISOString() });
    expect(cases.erasures).toEqual([{ caseId: 'CASE0001', erasedAt: NOW.toISOString() }]);
  });

  it('leaves a tombstone without needs, phases, district, urgency or proposals, and events without actors', async () => {
    await withdraw();

    const tombstone = cases.cases.get('CASE0001');
    for (const field of ['needs', 'phases', 'districtId', 'urgency', 'proposals', 'outcome']) {
      expect(tombstone).not.toHaveProperty(field);
    }
    expect(cases.events.get('CASE0001')?.slice(0, -1)).toEqual([{ seq: 1, type: 'received', at: expect.any(String) }]);
  });

  it('answers the same again when withdrawn twice, without a second event', async () => {
    await withdraw();

    const second = await withdraw({ reason: 'other' });

    expect(second).toEqual({ kind: 'already-withdrawn' });
    expect(cases.events.get('CASE0001')?.filter((e) => e.type === 'withdrawn')).toHaveLength(1);
  });

  it('withdraws a case that was never routed', async () => {
    cases.store(receivedCase({ id: 'CASE0001' }));

    await withdraw();

    expect(notifications.sent.map((message) => [message.type, message.officeId])).toEqual([
      ['referral.withdrawn', null],
    ]);
  });

  it('refuses a closed case with 409, changing nothing', async () => {
    cases.store(routedCase({ status: 'closed', version: 5, outcome: 'connected' }));

    await expect(withdraw()).rejects.toBeInstanceOf(TransitionNotAllowed);
    expect(cases.personal.has('CASE0001')).toBe(true);
  });

  it('answers 404 to another institution before looking at the body', async () => {
    await expect(withdraw({}, { role: 'referrer', institutionId: 'praxis-west' })).rejects.toBeInstanceOf(NotFound);
    expect(cases.cases.get('CASE0001')?.status).toBe('routed');
  });

  it('requires a known reason', async () => {
    const error = await withdraw({ reason: 'bored' }).catch((caught: unknown) => caught);

    expect((error as ValidationFailed).errors.map((e) => e.path)).toEqual(['reason']);
  });

  it('decides again when the case changes during the withdrawal', async () => {
    cases.beforeTransition = () => {
      const current = cases.cases.get('CASE0001');
      if (current) cases.cases.set('CASE0001', { ...current, status: 'accepted', version: 3 });
    };

    await withdraw();

    expect(cases.cases.get('CASE0001')).toMatchObject({ status: 'withdrawn', version: 4 });
  });
});
