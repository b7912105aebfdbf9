import { describe, expect, it } from 'vitest';
import { createIdGenerator } from '#adapters/ids.ts';
import { caseEventKey, caseKey, idempotencyKey, officeInboxKeys, sweepKeys } from '#adapters/keys.ts';

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
