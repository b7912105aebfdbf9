import { describe, expect, it } from 'vitest';
import { TRANSITION_VERSION_INDEXES, transitionParts } from '#adapters/case-transactions.ts';
import { caseKey, caseProposalsKey, offerKey } from '#adapters/keys.ts';
import type { CaseTransition } from '#application/ports.ts';
import { PLACES_PER_CONNECTION } from '#domain/capacity.ts';
import { proposalOf, routedCase } from '../functions/case-fixtures.ts';

const at = '2026-11-27T10:00:00.000Z';

function assignAnew(): CaseTransition {
  const from = routedCase({ status: 'escalated', version: 4, officeId: null, proposals: [proposalOf('a', 'ar')] });
  return {
    from,
    status: 'routed',
    updatedAt: at,
    changes: { officeId: 'fb-sued', proposals: [proposalOf('b', 'tr')], routedAt: at },
    remove: ['openedAt', 'escalationReason'],
    event: { seq: 5, type: 'assigned', at, actor: 'coordinator' },
  };
}

describe('the items of a transition', () => {
  it('updates the case and puts the event first, both conditional: their failure is a lost race', () => {
    const parts = transitionParts('lotse', assignAnew());

    expect(TRANSITION_VERSION_INDEXES.map((index) => parts[index]?.optional)).toEqual([false, false]);
    expect(parts[0]?.item.Update).toMatchObject({
      Key: caseKey('CASE0001'),
      ConditionExpression: '#version = :expectedVersion AND #status = :expectedStatus',
      ExpressionAttributeValues: { ':expectedVersion': 4, ':expectedStatus': 'escalated', ':nextVersion': 5 },
    });
    expect(parts[1]?.item.Put?.ConditionExpression).toBe('attribute_not_exists(sk)');
  });

  it('writes and removes proposals in their own item and never names them on the case item', () => {
    const assigned = transitionParts('lotse', assignAnew());
    const withdrawn = transitionParts('lotse', {
      ...assignAnew(),
      status: 'withdrawn',
      changes: { withdrawnAt: at, withdrawReason: 'consent-withdrawn' },
      remove: ['proposals', 'deadlineAt'],
      event: { seq: 5, type: 'withdrawn', at, actor: 'referrer:klinik-mitte' },
    });

    for (const parts of [assigned, withdrawn]) {
      const caseUpdate = parts[0]?.item.Update;
      expect(caseUpdate?.UpdateExpression).not.toContain('proposals');
      expect(Object.values(caseUpdate?.ExpressionAttributeNames ?? {})).not.toContain('proposals');
    }
    expect(assigned.map((part) => part.item.Put?.Item?.sk)).toContain(caseProposalsKey('CASE0001').sk);
    expect(withdrawn.map((part) => part.item.Delete?.Key)).toContainEqual(caseProposalsKey('CASE0001'));
  });

  it('takes a connection’s places only where enough are left, as a part the close may go without', () => {
    const from = routedCase({ status: 'accepted', version: 3 });
    const parts = transitionParts('lotse', {
      from,
      status: 'closed',
      updatedAt: at,
      changes: { outcome: 'connected', closedOfferId: 'o-1', closedAt: at },
      event: { seq: 4, type: 'closed', at, actor: 'office:fb-nord' },
      useCapacityOf: 'o-1',
    });

    const capacity = parts.find((part) => part.item.Update?.Key?.sk === offerKey('o-1').sk);
    expect(capacity?.optional).toBe(true);
    expect(capacity?.item.Update).toMatchObject({
      ConditionExpression: '#data.#capacity.#available >= :places',
      ExpressionAttributeValues: { ':places': PLACES_PER_CONNECTION },
    });
  });
});
