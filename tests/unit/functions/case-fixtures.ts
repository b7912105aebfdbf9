// Builds stored cases and their proposals for the use-case, contract and adapter tests.
import type { CaseRecord } from '#domain/case.ts';
import type { Proposal } from '#domain/matching.ts';

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

/** One proposal of an offer (not in the test catalogue) whose reason carries `marker`, e.g. a family language. */
export function proposalOf(offerId: string, marker: string): Proposal {
  return {
    rank: 1,
    offerId,
    name: 'Hebammensprechstunde',
    organization: 'Familienzentrum',
    needsCovered: ['parenting'],
    speaksFamilyLanguage: true,
    outreach: false,
    capacityAvailable: null,
    reasons: [{ code: 'family-language', detail: `speaks ${marker}` }],
  };
}
