import { beforeEach, describe, expect, it } from 'vitest';
import { TemporaryFailure } from '#domain/errors.ts';
import { type RouteCasePorts, routeCase } from '../../../functions/router/route-case.ts';
import { receivedCase } from './case-fixtures.ts';
import { catalogueSource, fixedClock, InMemoryCases } from './fakes.ts';

let cases: InMemoryCases;
let ports: RouteCasePorts;

function store(overrides: Parameters<typeof receivedCase>[0] = {}) {
  const record = receivedCase(overrides);
  cases.cases.set(record.id, record);
  cases.events.set(record.id, [{ seq: 1, type: 'received', at: record.createdAt, actor: 'referrer:klinik-mitte' }]);
  return record;
}

beforeEach(() => {
  cases = new InMemoryCases();
  ports = { cases, catalogue: catalogueSource(), clock: fixedClock() };
});

describe('routeCase', () => {
  it('routes a case to its district office with ranked proposals and one routed event', async () => {
    const { id } = store();

    const outcome = await routeCase(ports, id);

    expect(outcome).toEqual({ kind: 'routed', officeId: 'fb-nord', proposals: 1, unmatched: false });
    const routed = cases.cases.get(id);
    expect(routed).toMatchObject({ status: 'routed', version: 2, officeId: 'fb-nord', unmatched: false });
    expect(routed?.proposals?.[0]).toMatchObject({ rank: 1, offerId: 'elterncafe-nord' });
    expect(routed?.proposals?.[0]?.reasons.length).toBeGreaterThan(0);
    expect(cases.events.get(id)?.map((e) => [e.seq, e.type, e.actor])).toEqual([
      [1, 'received', 'referrer:klinik-mitte'],
      [2, 'routed', 'system:router'],
    ]);
  });

  it('routes a case without eligible offers with empty proposals and marks it unmatched', async () => {
    const { id } = store({ districtId: 'sued' });

    const outcome = await routeCase(ports, id);

    expect(outcome).toEqual({ kind: 'routed', officeId: 'fb-sued', proposals: 0, unmatched: true });
    expect(cases.cases.get(id)).toMatchObject({ status: 'routed', proposals: [], unmatched: true });
  });

  it('escalates a case whose district has no office', async () => {
    const { id } = store({ districtId: 'ost' });

    const outcome = await routeCase(ports, id);

    expect(outcome).toEqual({ kind: 'escalated', reason: 'no-office' });
    expect(cases.cases.get(id)).toMatchObject({ status: 'escalated', escalationReason: 'no-office', version: 2 });
    expect(cases.cases.get(id)?.officeId).toBeUndefined();
    expect(cases.events.get(id)?.at(-1)).toMatchObject({ seq: 2, type: 'escalated', details: { reason: 'no-office' } });
  });

  it('ignores a redelivered message for an already routed case', async () => {
    const { id } = store();
    await routeCase(ports, id);

    const outcome = await routeCase(ports, id);

    expect(outcome).toEqual({ kind: 'already-handled', status: 'routed' });
    expect(cases.events.get(id)).toHaveLength(2);
    expect(cases.cases.get(id)?.version).toBe(2);
  });

  it('treats losing the race to a concurrent router as a duplicate', async () => {
    const { id } = store();
    cases.beforeTransition = () => {
      const current = cases.cases.get(id);
      if (current) cases.cases.set(id, { ...current, status: 'routed', version: 2, officeId: 'fb-nord' });
    };

    const outcome = await routeCase(ports, id);

    expect(outcome).toEqual({ kind: 'already-handled', status: 'routed' });
    expect(cases.events.get(id)).toHaveLength(1);
  });

  it('answers not-found for a message about a case that does not exist', async () => {
    expect(await routeCase(ports, 'MISSING')).toEqual({ kind: 'not-found' });
  });

  it('lets a temporary storage failure through so the message is retried', async () => {
    const { id } = store();
    cases.applyTransition = async () => {
      throw new TemporaryFailure();
    };

    await expect(routeCase(ports, id)).rejects.toBeInstanceOf(TemporaryFailure);
  });
});
