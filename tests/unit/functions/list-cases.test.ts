import { beforeEach, describe, expect, it } from 'vitest';
import type { CaseReader } from '#application/office/get-case.ts';
import { listCases } from '#application/office/list-cases.ts';
import { NotFound, ValidationFailed } from '#domain/errors.ts';
import { inboxPageSchema, inboxQuerySchema } from '#http/api-schemas.ts';
import { parseOrThrow } from '#http/request-validation.ts';
import { toInboxItem } from '../../../functions/office/case-view.ts';
import { receivedCase, routedCase } from './case-fixtures.ts';
import { InMemoryCases } from './fakes.ts';

let cases: InMemoryCases;
const fbNord = { role: 'office', officeId: 'fb-nord' } as const;
const coordinator = { role: 'coordinator' } as const;

beforeEach(() => {
  cases = new InMemoryCases();
  cases.store(routedCase({ id: 'ROUTINE-OLD', urgency: 'routine', createdAt: '2026-11-01T09:00:00.000Z' }));
  cases.store(routedCase({ id: 'URGENT-NEW', urgency: 'urgent', createdAt: '2026-11-25T09:00:00.000Z' }));
  cases.store(routedCase({ id: 'URGENT-OLD', urgency: 'urgent', createdAt: '2026-11-20T09:00:00.000Z' }));
  cases.store(
    routedCase({ id: 'ACCEPTED', status: 'accepted', urgency: 'soon', createdAt: '2026-11-21T09:00:00.000Z' }),
  );
  cases.store(routedCase({ id: 'SUED', officeId: 'fb-sued', urgency: 'urgent' }));
  cases.store(receivedCase({ id: 'NEW', urgency: 'routine', createdAt: '2026-11-26T09:00:00.000Z' }));
});

/** Lists as the office function does: the query parsed by the route's schema (400), the items mapped for the API. */
async function list(principal: CaseReader, query: Record<string, string> = {}) {
  const page = await listCases({ cases }, { principal, filter: parseOrThrow(inboxQuerySchema(), query) });
  return { items: page.items.map(toInboxItem), nextCursor: page.nextCursor };
}

async function rejectedPaths(query: Record<string, string>, principal = fbNord): Promise<string[]> {
  const error = await list(principal, query).catch((caught: unknown) => caught);
  expect(error).toBeInstanceOf(ValidationFailed);
  return (error as ValidationFailed).errors.map((e) => e.path);
}

describe('listCases', () => {
  it("lists the office's own cases, urgent first and then oldest first", async () => {
    const page = await list(fbNord);

    expect(page.items.map((item) => item.caseId)).toEqual(['URGENT-OLD', 'URGENT-NEW', 'ACCEPTED', 'ROUTINE-OLD']);
    expect(page.nextCursor).toBeNull();
  });

  it('answers items without personal data, in the documented shape', async () => {
    const page = await list(fbNord);

    expect(inboxPageSchema().safeParse(page).success).toBe(true);
    expect(page.items[0]).toEqual({
      caseId: 'URGENT-OLD',
      status: 'routed',
      urgency: 'urgent',
      createdAt: '2026-11-20T09:00:00.000Z',
      updatedAt: '2026-11-26T09:00:05.000Z',
      officeId: 'fb-nord',
      districtId: 'nord',
      phases: ['pregnancy', 'infant'],
      needs: ['parenting', 'financial-support'],
      opened: false,
      deadlineAt: '2026-12-01T09:00:05.000Z',
    });
  });

  it('filters by status', async () => {
    const page = await list(fbNord, { status: 'accepted' });

    expect(page.items.map((item) => item.caseId)).toEqual(['ACCEPTED']);
  });

  it('pages with a cursor, never repeating a case', async () => {
    const first = await list(fbNord, { limit: '3' });
    const second = await list(fbNord, { limit: '3', cursor: first.nextCursor ?? '' });

    expect(first.items).toHaveLength(3);
    expect(second.items.map((item) => item.caseId)).toEqual(['ROUTINE-OLD']);
    expect(second.nextCursor).toBeNull();
  });

  it('shows the coordinator every case', async () => {
    const page = await list(coordinator, { limit: '100' });

    expect(page.items.map((item) => item.caseId).sort()).toEqual(
      ['ACCEPTED', 'NEW', 'ROUTINE-OLD', 'SUED', 'URGENT-NEW', 'URGENT-OLD'].sort(),
    );
  });

  it("shows the coordinator one office's inbox on request", async () => {
    const page = await list(coordinator, { officeId: 'fb-sued' });

    expect(page.items.map((item) => item.caseId)).toEqual(['SUED']);
  });

  it("answers 404 when an office asks for another office's inbox", async () => {
    await expect(list(fbNord, { officeId: 'fb-sued' })).rejects.toBeInstanceOf(NotFound);
  });

  it.each(['0', '101', 'ten', '-1', '2.5', ''])('rejects limit %j with 400 at path limit', async (limit) => {
    expect(await rejectedPaths({ limit })).toEqual(['limit']);
  });

  it('accepts the limits 1 and 100', async () => {
    expect((await list(fbNord, { limit: '1' })).items).toHaveLength(1);
    expect((await list(fbNord, { limit: '100' })).items).toHaveLength(4);
  });

  it('defaults to 25 items', async () => {
    for (let n = 0; n < 30; n++) cases.store(routedCase({ id: `MORE${String(n).padStart(2, '0')}` }));

    expect((await list(fbNord)).items).toHaveLength(25);
  });

  it('rejects an unknown status with 400 at path status', async () => {
    expect(await rejectedPaths({ status: 'lost' })).toEqual(['status']);
  });

  it('rejects a cursor that is not one, or belongs to another listing, with 400 at path cursor', async () => {
    const coordinatorCursor = (await list(coordinator, { limit: '1' })).nextCursor ?? '';

    expect(await rejectedPaths({ cursor: 'not a cursor!' })).toEqual(['cursor']);
    expect(await rejectedPaths({ cursor: coordinatorCursor })).toEqual(['cursor']);
  });

  it('rejects unknown query parameters', async () => {
    expect(await rejectedPaths({ stauts: 'routed' })).toEqual(['stauts']);
  });
});
