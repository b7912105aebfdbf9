import { beforeEach, describe, expect, it } from 'vitest';
import { type GetCasePorts, getCase } from '#application/office/get-case.ts';
import { NotFound } from '#domain/errors.ts';
import { referralSchema } from '#domain/referral.ts';
import { caseViewSchema } from '#http/api-schemas.ts';
import { toCaseView } from '../../../functions/office/case-view.ts';
import { receivedCase, routedCase } from './case-fixtures.ts';
import {
  fixedClock,
  InMemoryCases,
  InMemoryNotifications,
  live,
  NOW,
  personalData,
  validReferralBody,
} from './fakes.ts';

let cases: InMemoryCases;
let ports: GetCasePorts;
const fbNord = { role: 'office', officeId: 'fb-nord' } as const;
const coordinator = { role: 'coordinator' } as const;

beforeEach(() => {
  cases = new InMemoryCases();
  ports = { cases, clock: fixedClock(), notifications: new InMemoryNotifications() };
  const routed = routedCase();
  cases.store(routed, {
    history: [
      { seq: 1, type: 'received', at: routed.createdAt, actor: 'referrer:klinik-mitte' },
      { seq: 2, type: 'routed', at: routed.createdAt, actor: 'system:router', details: { officeId: 'fb-nord' } },
    ],
  });
  cases.store(receivedCase({ id: 'CASE0002' }));
});

describe('getCase', () => {
  it('gives the assigned office the whole case with its personal data and history', async () => {
    const found = await getCase(ports, { principal: fbNord, caseId: 'CASE0001' });

    const view = toCaseView(found);
    expect(view).toMatchObject({ caseId: 'CASE0001', status: 'routed', officeId: 'fb-nord', personalData: 'present' });
    expect(view.contact?.name).toBe('Maria Muster');
    expect(view.history.map((e) => e.type)).toEqual(['received', 'routed', 'opened']);
  });

  it('produces a view that matches the documented response schema', async () => {
    const found = await getCase(ports, { principal: coordinator, caseId: 'CASE0001' });

    expect(caseViewSchema().safeParse(toCaseView(found)).success).toBe(true);
  });

  it('answers not found to another office', async () => {
    await expect(
      getCase(ports, { principal: { role: 'office', officeId: 'fb-sued' }, caseId: 'CASE0001' }),
    ).rejects.toBeInstanceOf(NotFound);
  });

  it('answers not found to an office for a case not yet routed', async () => {
    await expect(getCase(ports, { principal: fbNord, caseId: 'CASE0002' })).rejects.toBeInstanceOf(NotFound);
  });

  it("never shows the referring institution's own reference to an office or a coordinator", async () => {
    const referral = referralSchema(NOW).parse({ ...validReferralBody(), referrerReference: 'KM-2026/0815' });
    cases.store(routedCase({ id: 'CASE0003' }), { personal: personalData({ referral }) });

    for (const principal of [fbNord, coordinator]) {
      const view = toCaseView(await getCase(ports, { principal, caseId: 'CASE0003' }));

      expect(view.personalData).toBe('present');
      expect(JSON.stringify(view)).not.toContain('KM-2026/0815');
    }
  });

  it('lets a coordinator read any case', async () => {
    const found = await getCase(ports, { principal: coordinator, caseId: 'CASE0002' });

    expect(found.caseRecord.status).toBe('received');
  });
});

describe('the opened event', () => {
  it('is recorded by the first read of the assigned office, with a new version and no deadline left', async () => {
    const found = await getCase(ports, { principal: fbNord, caseId: 'CASE0001' });

    expect(found.caseRecord).toMatchObject({ version: 3, status: 'routed', openedAt: NOW.toISOString() });
    expect(found.history.at(-1)).toMatchObject({ seq: 3, type: 'opened', actor: 'office:fb-nord' });
    expect(await cases.listDeadlinePassed('2999-01-01T00:00:00.000Z', 10)).toEqual([]);
  });

  it('is recorded only once however often the office reads', async () => {
    await getCase(ports, { principal: fbNord, caseId: 'CASE0001' });
    await getCase(ports, { principal: fbNord, caseId: 'CASE0001' });

    expect(cases.events.get('CASE0001')?.filter((e) => e.type === 'opened')).toHaveLength(1);
  });

  it('is not recorded when a coordinator reads', async () => {
    await getCase(ports, { principal: coordinator, caseId: 'CASE0001' });

    expect(cases.cases.get('CASE0001')?.version).toBe(2);
  });

  it('is not recorded for a case the office already accepted', async () => {
    cases.store(routedCase({ id: 'CASE0003', status: 'accepted', version: 3 }));

    await getCase(ports, { principal: fbNord, caseId: 'CASE0003' });

    expect(cases.events.get('CASE0003')?.some((e) => e.type === 'opened')).toBe(false);
  });

  it('is left to a concurrent read that recorded it first, and the case is still answered', async () => {
    cases.beforeTransition = () => {
      const current = cases.cases.get('CASE0001');
      if (!current) return;
      cases.cases.set('CASE0001', { ...current, version: 3, openedAt: '2026-11-26T09:59:59.000Z' });
      cases.events.get('CASE0001')?.push({ seq: 3, type: 'opened', at: '2026-11-26T09:59:59.000Z', actor: 'x' });
    };

    const found = await getCase(ports, { principal: fbNord, caseId: 'CASE0001' });

    expect(live(found.caseRecord).openedAt).toBe('2026-11-26T09:59:59.000Z');
    expect(found.history.filter((e) => e.type === 'opened')).toHaveLength(1);
  });
});

describe('the audit trail', () => {
  it('records every read by an office or a coordinator, with who and when', async () => {
    await getCase(ports, { principal: fbNord, caseId: 'CASE0001' });
    await getCase(ports, { principal: coordinator, caseId: 'CASE0001' });

    expect(cases.audits.get('CASE0001')).toEqual([
      { actor: { role: 'office', organizationId: 'fb-nord' }, at: NOW.toISOString(), action: 'read' },
      { actor: { role: 'coordinator' }, at: NOW.toISOString(), action: 'read' },
    ]);
  });

  it('records nothing for a read that is refused', async () => {
    await getCase(ports, { principal: { role: 'office', officeId: 'fb-sued' }, caseId: 'CASE0001' }).catch(() => {});

    expect(cases.audits.get('CASE0001')).toBeUndefined();
  });
});

describe('a case whose personal data is erased', () => {
  it('shows personalData "erased" and none of the personal fields', async () => {
    cases.store(routedCase({ id: 'CASE0004', status: 'withdrawn', version: 3 }), { personal: null });

    const view = toCaseView(await getCase(ports, { principal: coordinator, caseId: 'CASE0004' }));

    expect(view.personalData).toBe('erased');
    for (const field of ['contact', 'children', 'languages', 'postalCode', 'note', 'consent', 'referrer', 'notes']) {
      expect(view).not.toHaveProperty(field);
    }
    expect(caseViewSchema().safeParse(view).success).toBe(true);
  });
});
