import { describe, expect, it } from 'vitest';
import {
  creationItems,
  TRANSITION_VERSION_INDEXES,
  type TransactItem,
  transitionParts,
} from '#adapters/case-transactions.ts';
import { caseKey, caseProposalsKey, offerKey } from '#adapters/keys.ts';
import type { CaseTransition } from '#application/ports.ts';
import { PLACES_PER_CONNECTION } from '#domain/capacity.ts';
import { proposalOf, receivedCase, routedCase } from '../functions/case-fixtures.ts';
import { personalData } from '../functions/fakes.ts';

const at = '2026-11-27T10:00:00.000Z';
const TABLES = { main: 'lotse', personal: 'lotse-personal' };

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
    const parts = transitionParts(TABLES, assignAnew());

    expect(TRANSITION_VERSION_INDEXES.map((index) => parts[index]?.optional)).toEqual([false, false]);
    expect(parts[0]?.item.Update).toMatchObject({
      Key: caseKey('CASE0001'),
      ConditionExpression:
        '#version = :expectedVersion AND #status = :expectedStatus AND attribute_not_exists(erasedAt)',
      ExpressionAttributeValues: { ':expectedVersion': 4, ':expectedStatus': 'escalated', ':nextVersion': 5 },
    });
    expect(parts[1]?.item.Put?.ConditionExpression).toBe('attribute_not_exists(sk)');
  });

  it('writes and removes proposals in their own item and never names them on the case item', () => {
    const assigned = transitionParts(TABLES, assignAnew());
    const withdrawn = transitionParts(TABLES, {
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
    const parts = transitionParts(TABLES, {
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

/** The table and sort key of each item of a transaction. */
function placed(items: readonly TransactItem[]): { table: string | undefined; sk: unknown }[] {
  return items.map((item) => {
    if (item.Put) return { table: item.Put.TableName, sk: item.Put.Item?.sk };
    const keyed = item.Update ?? item.Delete ?? item.ConditionCheck;
    return { table: keyed?.TableName, sk: keyed?.Key?.sk };
  });
}

describe('the two tables in one transaction', () => {
  it('creates the personal item and the proposals in the personal table and everything else in the main table', () => {
    const caseRecord = receivedCase({ proposals: [proposalOf('a', 'ar')] });
    const items = creationItems(
      TABLES,
      {
        caseRecord,
        personal: personalData(),
        firstEvent: { seq: 1, type: 'received', at, actor: 'referrer:klinik-mitte' },
        idempotency: { institutionId: 'klinik-mitte', key: 'k', bodyHash: 'h', expiresAt: 1 },
      },
      0,
    );

    const byTable = placed(items);
    expect(byTable.filter((item) => item.table === TABLES.personal).map((item) => item.sk)).toEqual([
      'PERSONAL',
      'PROPOSALS',
    ]);
    expect(byTable.filter((item) => item.table === TABLES.main).map((item) => item.sk)).toEqual(
      expect.arrayContaining(['IDEMPOTENCY', 'CASE', 'EVENT#000001']),
    );
    expect(byTable.every((item) => item.table === TABLES.main || item.table === TABLES.personal)).toBe(true);
  });

  it('puts a note and the retention expiry on the personal table, the case and its event on the main table', () => {
    const from = routedCase({ status: 'accepted', version: 3, proposals: [proposalOf('a', 'ar')] });
    const declined = transitionParts(TABLES, {
      from,
      status: 'escalated',
      updatedAt: at,
      changes: { officeId: null, escalationReason: 'declined' },
      event: { seq: 4, type: 'declined', at, actor: 'office:fb-nord' },
      personal: { kind: 'add-note', note: { seq: 4, note: 'n' } },
    });
    const closed = transitionParts(TABLES, {
      from,
      status: 'closed',
      updatedAt: at,
      changes: { outcome: 'connected', closedAt: at },
      event: { seq: 4, type: 'closed', at, actor: 'office:fb-nord' },
      personal: { kind: 'expire', expiresAt: 2 },
    });

    expect(placed(declined.map((part) => part.item)).slice(0, 3)).toEqual([
      { table: TABLES.main, sk: 'CASE' },
      { table: TABLES.main, sk: 'EVENT#000004' },
      { table: TABLES.personal, sk: 'PERSONAL' },
    ]);
    const personalOfClose = placed(closed.map((part) => part.item)).filter((item) => item.table === TABLES.personal);
    expect(personalOfClose.map((item) => item.sk).sort()).toEqual(['PERSONAL', 'PROPOSALS']);
  });
});
