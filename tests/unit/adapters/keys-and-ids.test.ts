import { describe, expect, it } from 'vitest';
import { createIdGenerator } from '#adapters/ids.ts';
import {
  allCasesKeys,
  caseAuditKey,
  caseDataSortKeyFloor,
  caseEventKey,
  caseIdOfInboxSortKey,
  caseIndexKeys,
  caseKey,
  casePersonalKey,
  idempotencyKey,
  officeInboxKeys,
  outboxSweepKeys,
  sweepKeys,
} from '#adapters/keys.ts';
import { tombstoneOf } from '#domain/case.ts';
import { receivedCase, routedCase } from '../functions/case-fixtures.ts';

describe('keys', () => {
  it('composes the case and event keys of one partition, events in number order', () => {
    expect(caseKey('A1')).toEqual({ pk: 'CASE#A1', sk: 'CASE' });
    expect(caseEventKey('A1', 2)).toEqual({ pk: 'CASE#A1', sk: 'EVENT#000002' });
    expect(caseEventKey('A1', 10).sk > caseEventKey('A1', 9).sk).toBe(true);
  });

  it('scopes idempotency keys per institution', () => {
    expect(idempotencyKey('klinik-mitte', 'k').pk).not.toBe(idempotencyKey('praxis-west', 'k').pk);
  });

  it('sorts the office inbox urgent first, then oldest first', () => {
    const urgentLate = officeInboxKeys('fb', 'urgent', '2026-11-26T10:00:00.000Z', 'B').gsi1sk;
    const routineEarly = officeInboxKeys('fb', 'routine', '2026-11-01T10:00:00.000Z', 'A').gsi1sk;

    expect(urgentLate < routineEarly).toBe(true);
  });

  it('puts received cases under one sweep partition ordered by creation time', () => {
    expect(sweepKeys('2026-11-26T10:00:00.000Z', 'A1')).toEqual({
      gsi2pk: 'SWEEP#received',
      gsi2sk: '2026-11-26T10:00:00.000Z#A1',
    });
  });
});

describe('the storage split and the indexes', () => {
  it('puts the personal data beside the case, and audit entries before it, out of the case read', () => {
    expect(casePersonalKey('A1')).toEqual({ pk: 'CASE#A1', sk: 'PERSONAL' });
    const audit = caseAuditKey('A1', '2026-11-26T10:00:00.000Z', 'ab12').sk;
    expect(audit < caseDataSortKeyFloor()).toBe(true);
    expect(casePersonalKey('A1').sk >= caseDataSortKeyFloor()).toBe(true);
  });

  it('orders all cases like an inbox and recovers the case id from the sort key', () => {
    const keys = allCasesKeys('soon', '2026-11-26T10:00:00.000Z', 'A1');

    expect(keys).toEqual({ gsi3pk: 'CASES', gsi3sk: '1#2026-11-26T10:00:00.000Z#A1' });
    expect(caseIdOfInboxSortKey(keys.gsi3sk)).toBe('A1');
  });

  it('keys an outbox entry by event time, case and seq', () => {
    expect(outboxSweepKeys('2026-11-26T10:00:00.000Z', 'A1', 3)).toEqual({
      gsi2pk: 'SWEEP#outbox',
      gsi2sk: '2026-11-26T10:00:00.000Z#A1#000003',
    });
  });

  it('keeps a received case in the received sweep and out of any inbox', () => {
    expect(caseIndexKeys(receivedCase())).toEqual({
      set: { gsi2pk: 'SWEEP#received', gsi2sk: '2026-11-26T09:00:00.000Z#CASE0001' },
      remove: ['gsi1pk', 'gsi1sk'],
    });
  });

  it('puts a routed, unopened case in its inbox and the deadline sweep', () => {
    expect(caseIndexKeys(routedCase()).set).toEqual({
      gsi1pk: 'OFFICE#fb-nord',
      gsi1sk: '1#2026-11-26T09:00:00.000Z#CASE0001',
      gsi2pk: 'SWEEP#deadline',
      gsi2sk: '2026-12-01T09:00:05.000Z#CASE0001',
    });
  });

  it('moves an opened case from the deadline sweep to the idle-retention sweep, and a case without office out of the inbox', () => {
    const opened = caseIndexKeys(
      routedCase({ openedAt: '2026-11-26T10:00:00.000Z', updatedAt: '2026-11-26T10:00:00.000Z' }),
    );
    expect(opened.set).toMatchObject({ gsi2pk: 'SWEEP#idle', gsi2sk: '2026-11-26T10:00:00.000Z#CASE0001' });
    expect(opened.remove).toEqual([]);
    expect(caseIndexKeys(routedCase({ status: 'escalated', officeId: null })).remove).toEqual(['gsi1pk', 'gsi1sk']);
  });

  it('puts a closed case in the closed-retention sweep by its closure time', () => {
    const closed = routedCase({
      status: 'closed',
      closedAt: '2026-12-01T08:00:00.000Z',
      openedAt: '2026-11-26T10:00:00.000Z',
    });
    expect(caseIndexKeys(closed).set).toMatchObject({
      gsi2pk: 'SWEEP#closed',
      gsi2sk: '2026-12-01T08:00:00.000Z#CASE0001',
    });
  });

  it('takes a tombstone out of every index but its institution’s referral list', () => {
    const tombstone = tombstoneOf(routedCase(), '2026-12-01T08:00:00.000Z');
    expect(caseIndexKeys(tombstone)).toEqual({
      set: {},
      remove: ['gsi1pk', 'gsi1sk', 'gsi2pk', 'gsi2sk', 'gsi3pk', 'gsi3sk'],
    });
  });
});

describe('ids', () => {
  it('creates ids that sort by creation time', () => {
    let now = 1_700_000_000_000;
    const ids = createIdGenerator(() => now);

    const first = ids.next();
    now += 1;
    const second = ids.next();

    expect(first < second).toBe(true);
  });

  it('creates distinct ids within the same millisecond', () => {
    const ids = createIdGenerator(() => 1_700_000_000_000);

    const many = new Set(Array.from({ length: 10_000 }, () => ids.next()));

    expect(many.size).toBe(10_000);
  });

  it('creates 26-character ids from an unambiguous alphabet', () => {
    expect(createIdGenerator().next()).toMatch(/^[0-9A-HJKMNP-TV-Z]{26}$/);
  });
});
