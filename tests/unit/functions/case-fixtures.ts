// Builds stored cases for the use-case tests.
import type { CaseRecord } from '#domain/case.ts';

export function receivedCase(overrides: Partial<CaseRecord> = {}): CaseRecord {
  return {
    id: 'CASE0001',
    institutionId: 'klinik-mitte',
    institutionType: 'birth-clinic',
    status: 'received',
    version: 1,
    createdAt: '2026-11-26T09:00:00.000Z',
    updatedAt: '2026-11-26T09:00:00.000Z',
    urgency: 'soon',
    districtId: 'nord',
    phases: ['pregnancy', 'infant'],
    needs: ['parenting', 'financial-support'],
    consentScopes: ['office', 'offer', 'feedback'],
    officeId: null,
    ...overrides,
  };
}

/** A case routed to fb-nord at 09:00:05 with its deadline three working days later, not yet opened. */
export function routedCase(overrides: Partial<CaseRecord> = {}): CaseRecord {
  return receivedCase({
    status: 'routed',
    version: 2,
    officeId: 'fb-nord',
    proposals: [],
    unmatched: true,
    routedAt: '2026-11-26T09:00:05.000Z',
    deadlineAt: '2026-12-01T09:00:05.000Z',
    updatedAt: '2026-11-26T09:00:05.000Z',
    ...overrides,
  });
}
