import { beforeEach, describe, expect, it } from 'vitest';
import { Forbidden, NotFound } from '#domain/errors.ts';
import { caseViewSchema } from '#http/api-schemas.ts';
import { toCaseView } from '../../../functions/office/case-view.ts';
import { getCase } from '../../../functions/office/get-case.ts';
import { receivedCase } from './case-fixtures.ts';
import { InMemoryCases } from './fakes.ts';

let cases: InMemoryCases;

beforeEach(() => {
  cases = new InMemoryCases();
  const routed = receivedCase({ status: 'routed', version: 2, officeId: 'fb-nord', proposals: [], unmatched: true });
  cases.cases.set(routed.id, routed);
  cases.events.set(routed.id, [
    { seq: 1, type: 'received', at: routed.createdAt, actor: 'referrer:klinik-mitte' },
    { seq: 2, type: 'routed', at: routed.createdAt, actor: 'system:router', details: { officeId: 'fb-nord' } },
  ]);
  const pending = receivedCase({ id: 'CASE0002' });
  cases.cases.set(pending.id, pending);
});

describe('getCase', () => {
  it('gives the assigned office the whole case with its history', async () => {
    const found = await getCase({ cases }, { principal: { role: 'office', officeId: 'fb-nord' }, caseId: 'CASE0001' });

    const view = toCaseView(found);
    expect(view).toMatchObject({
      caseId: 'CASE0001',
      status: 'routed',
      version: 2,
      officeId: 'fb-nord',
      unmatched: true,
    });
    expect(view.contact.name).toBe('Maria Muster');
    expect(view.history.map((e) => e.type)).toEqual(['received', 'routed']);
  });

  it('produces a view that matches the documented response schema', async () => {
    const found = await getCase({ cases }, { principal: { role: 'coordinator' }, caseId: 'CASE0001' });

    expect(caseViewSchema.safeParse(toCaseView(found)).success).toBe(true);
  });

  it('answers not found to another office', async () => {
    await expect(
      getCase({ cases }, { principal: { role: 'office', officeId: 'fb-sued' }, caseId: 'CASE0001' }),
    ).rejects.toBeInstanceOf(NotFound);
  });

  it('answers not found to an office for a case not yet routed', async () => {
    await expect(
      getCase({ cases }, { principal: { role: 'office', officeId: 'fb-nord' }, caseId: 'CASE0002' }),
    ).rejects.toBeInstanceOf(NotFound);
  });

  it('lets a coordinator read any case', async () => {
    const found = await getCase({ cases }, { principal: { role: 'coordinator' }, caseId: 'CASE0002' });

    expect(found.caseRecord.status).toBe('received');
  });

  it('refuses a referrer', async () => {
    await expect(
      getCase({ cases }, { principal: { role: 'referrer', institutionId: 'klinik-mitte' }, caseId: 'CASE0001' }),
    ).rejects.toBeInstanceOf(Forbidden);
  });
});
